"""A person's inbox of reminders over the API (people only: a system has no inbox)."""

from django.db.models import QuerySet
from rest_framework import exceptions, mixins, serializers, viewsets

from ksmm.accounts.models import User
from ksmm.api.writes import SafeWritesMixin
from ksmm.deadlines.api import DeadlineSerializer

from .models import Reminder
from .queries import inbox_for


class ReminderSerializer(serializers.ModelSerializer[Reminder]):
    deadline = DeadlineSerializer(read_only=True, allow_null=True)
    case_number = serializers.CharField(source="case.case_number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Reminder
        fields = [
            "id", "kind", "deadline", "offset_days", "is_escalation", "case_number", "link", "created_at", "read_at",
        ]  # fmt: skip
        read_only_fields = fields


class InboxViewSet(SafeWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Reminder]):
    """The inbox of the signed-in person in this canton, newest first: deadline reminders
    (`offset_days` is -1 for an overdue deadline) and notices of events on a case (`kind`,
    `case_number` and `link` only)."""

    serializer_class = ReminderSerializer
    ordering = ("-created_at", "-id")
    # No client scope grants it: an OAuth2 client answers 403.
    required_scopes = ("inbox",)

    def get_queryset(self) -> QuerySet[Reminder]:
        if getattr(self, "swagger_fake_view", False):
            return Reminder.objects.none()
        user = self.request.user
        if not isinstance(user, User):
            raise exceptions.PermissionDenied()
        return inbox_for(user_id=user.pk)

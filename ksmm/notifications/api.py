"""A person's inbox of reminders over the API (people only: a system has no inbox)."""

from django.db.models import QuerySet
from rest_framework import exceptions, mixins, serializers, viewsets

from ksmm.accounts.models import User
from ksmm.api.writes import SafeWritesMixin
from ksmm.deadlines.api import DeadlineSerializer

from .models import Reminder
from .queries import inbox_for


class ReminderSerializer(serializers.ModelSerializer[Reminder]):
    deadline = DeadlineSerializer(read_only=True)

    class Meta:
        model = Reminder
        fields = ["id", "deadline", "offset_days", "is_escalation", "created_at", "read_at"]
        read_only_fields = fields


class InboxViewSet(SafeWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Reminder]):
    """Reminders for the signed-in person in this canton, newest first. `offset_days` is -1
    for an overdue deadline."""

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

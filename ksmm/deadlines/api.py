"""Deadlines over the API: the caller's organisation's open deadlines, or with `scope=canton`
every open deadline of the canton (coordinators)."""

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets

from ksmm.api.identity import caller_for
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin

from . import queries
from .models import Deadline
from .views import VIEW_CANTON


class DeadlineSerializer(serializers.ModelSerializer[Deadline]):
    case_number = serializers.SerializerMethodField()
    source_kind = serializers.CharField(source="rule.source_kind", read_only=True)
    source_reference = serializers.CharField(source="rule.source_reference", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id", "rule_key", "source_kind", "source_reference", "case_number", "responsible_organisation", "anchor",
            "due_on", "status",
        ]  # fmt: skip
        read_only_fields = fields

    def get_case_number(self, deadline: Deadline) -> str | None:
        return deadline.case.case_number if deadline.case else None


@extend_schema(
    parameters=[
        OpenApiParameter(
            "scope",
            OpenApiTypes.STR,
            enum=["mine", "canton"],
            description="`canton`: every open deadline of the canton (coordinators).",
        ),
        OpenApiParameter("rule", OpenApiTypes.STR, description="Only deadlines of this rule."),
    ]
)
class DeadlineViewSet(SafeWritesMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Deadline]):
    """Open deadlines, soonest first."""

    serializer_class = DeadlineSerializer
    read_scopes = (Scope.CORE,)
    ordering = ("due_on", "id")

    def get_queryset(self) -> QuerySet[Deadline]:
        if getattr(self, "swagger_fake_view", False):
            return Deadline.objects.none()
        caller = caller_for(self.request)
        if caller is None:
            raise exceptions.NotFound()
        rule = self.request.query_params.get("rule", "")
        if self.request.query_params.get("scope") == "canton":
            if caller.is_client or not self.request.user.has_perm(VIEW_CANTON):
                raise exceptions.PermissionDenied()
            return queries.canton_deadlines(rule=rule)
        deadlines = queries.deadlines_for(organisation=caller.organisation)
        return deadlines.filter(rule_key=rule) if rule else deadlines

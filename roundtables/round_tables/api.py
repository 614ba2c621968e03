"""The round table over the API: members read its mandate, groups and meetings; coordinators
write them. Approved minutes answer 409, except for the status of an action item."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.api.writes import SafeWritesMixin
from ksmm.partners.entries import CANTON_CODES
from roundtables.agreements.api import CoordinatorWritesMixin
from roundtables.meetings import actions as meeting_actions
from roundtables.meetings.minutes import minutes_frozen, part_may_change
from roundtables.models import (
    FROZEN_MINUTES,
    ActionItem,
    Decision,
    FrozenMinutes,
    Meeting,
    MeetingAttendee,
    RoundTable,
    RoundTableMember,
)

from . import actions as round_table_actions


class MinutesConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = FROZEN_MINUTES
    default_code = "frozen"


class RoundTableConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This canton already has a round table.")
    default_code = "exists"


def _invalid(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class MemberSerializer(serializers.ModelSerializer[RoundTableMember]):
    class Meta:
        model = RoundTableMember
        fields = ["id", "organisation", "group", "role", "role_description", "representative", "deputy"]
        read_only_fields = ["id"]


class RoundTableSerializer(serializers.ModelSerializer[RoundTable]):
    scope_communes = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    scope_cantons = serializers.ListField(child=serializers.ChoiceField(choices=CANTON_CODES), required=False)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = RoundTable
        fields = [
            "id", "name", "mandate_authority", "mandate_date", "mandate_document", "scope", "scope_communes",
            "scope_cantons", "chair_organisation", "chair_contact", "steward_kind", "steward_organisation",
            "steward_contact", "updated_at", "members",
        ]  # fmt: skip
        read_only_fields = ["id", "updated_at"]


class RoundTableViewSet(
    SafeWritesMixin,
    CoordinatorWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[RoundTable],
):
    """The canton's round table (the list has at most one): mandate, scope, chair, steward and
    the members of both groups. Coordinators create it once and change it."""

    serializer_class = RoundTableSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[RoundTable]:
        return RoundTable.objects.prefetch_related(
            Prefetch("members", queryset=RoundTableMember.objects.order_by("group", "pk"))
        )

    def perform_create(self, serializer: serializers.BaseSerializer[RoundTable]) -> None:
        self._save(serializer, RoundTable())

    def perform_update(self, serializer: serializers.BaseSerializer[RoundTable]) -> None:
        if serializer.instance is None:
            raise exceptions.NotFound()
        self._save(serializer, serializer.instance)

    def _save(self, serializer: serializers.BaseSerializer[RoundTable], round_table: RoundTable) -> None:
        for field, value in serializer.validated_data.items():
            setattr(round_table, field, value)
        try:
            round_table_actions.check_save_round_table(acting_user=self._acting_user(), round_table=round_table)
        except round_table_actions.RoundTableExists as error:
            raise RoundTableConflict() from error
        except DjangoValidationError as error:
            raise _invalid(error) from error
        serializer.instance = self.get_queryset().get(pk=round_table.pk)


class RoundTableMemberViewSet(
    SafeWritesMixin,
    CoordinatorWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet[RoundTableMember],
):
    """The organisations of the core and associate groups (filter by `group`), their role and
    appointed representatives. Coordinators add, change and remove them."""

    serializer_class = MemberSerializer
    filterset_fields = ["group", "organisation"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[RoundTableMember]:
        return RoundTableMember.objects.select_related("organisation").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[RoundTableMember]) -> None:
        round_table = RoundTable.objects.first()
        if round_table is None:
            raise serializers.ValidationError(_("Describe the round table first."))
        self._save(serializer, RoundTableMember(round_table=round_table))

    def perform_update(self, serializer: serializers.BaseSerializer[RoundTableMember]) -> None:
        if serializer.instance is None:
            raise exceptions.NotFound()
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance: RoundTableMember) -> None:
        round_table_actions.do_remove_member(acting_user=self._acting_user(), member=instance)

    def _save(self, serializer: serializers.BaseSerializer[RoundTableMember], member: RoundTableMember) -> None:
        for field, value in serializer.validated_data.items():
            setattr(member, field, value)
        try:
            serializer.instance = round_table_actions.check_save_member(acting_user=self._acting_user(), member=member)
        except DjangoValidationError as error:
            raise _invalid(error) from error


class AttendeeSerializer(serializers.ModelSerializer[MeetingAttendee]):
    class Meta:
        model = MeetingAttendee
        fields = ["organisation", "contact"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "meeting", "order", "text"]
        read_only_fields = ["id"]


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "description", "owner", "owner_contact", "due_date", "status", "done_at"]
        read_only_fields = ["id", "done_at"]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    attendees = AttendeeSerializer(many=True, required=False)
    decisions = DecisionSerializer(many=True, read_only=True)
    action_items = ActionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "date", "kind", "location", "minutes", "status", "approved_at", "attendees", "decisions",
            "action_items",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "approved_at"]

    def validate_attendees(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            contact = row.get("contact")
            if contact is not None and contact.organisation_id != row["organisation"].pk:
                raise serializers.ValidationError(_("A person attends for the organisation they work for."))
        return rows


def _attendance(rows: list[dict[str, Any]]) -> list[meeting_actions.Attendance]:
    return [(row["organisation"].pk, row["contact"].pk if row.get("contact") else None) for row in rows]


class MeetingViewSet(
    SafeWritesMixin,
    CoordinatorWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Meeting],
):
    """Meetings of the round table (filter by `kind`, `status`) with attendees, minutes,
    decisions and action items. Coordinators record them and approve the minutes; approved
    minutes answer 409."""

    serializer_class = MeetingSerializer
    filterset_fields = ["kind", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.prefetch_related("attendees", "decisions", "action_items").order_by("pk")

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._acting_user()
        if minutes_frozen(self.get_object()):
            raise MinutesConflict()
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[Meeting]) -> None:
        round_table = RoundTable.objects.first()
        if round_table is None:
            raise serializers.ValidationError(_("Describe the round table first."))
        data = dict(serializer.validated_data)
        meeting = meeting_actions.do_create_meeting(
            acting_user=self._acting_user(),
            round_table=round_table,
            date=data["date"],
            kind=data.get("kind", Meeting.Kind.REGULAR),
            location=data.get("location", ""),
            minutes=data.get("minutes", ""),
            attendance=_attendance(data.get("attendees", [])),
        )
        serializer.instance = self.get_queryset().get(pk=meeting.pk)

    def perform_update(self, serializer: serializers.BaseSerializer[Meeting]) -> None:
        meeting = serializer.instance
        if meeting is None:
            raise exceptions.NotFound()
        data = dict(serializer.validated_data)
        rows = data.pop("attendees", None)
        for field, value in data.items():
            setattr(meeting, field, value)
        try:
            meeting_actions.do_save_meeting(
                acting_user=self._acting_user(),
                meeting=meeting,
                attendance=None if rows is None else _attendance(rows),
            )
        except FrozenMinutes as error:
            raise MinutesConflict() from error
        serializer.instance = self.get_queryset().get(pk=meeting.pk)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Approves complete draft minutes; from then on they cannot change."""
        meeting = self.get_object()
        try:
            meeting_actions.check_approve(acting_user=self._acting_user(), meeting=meeting)
        except FrozenMinutes as error:
            raise MinutesConflict() from error
        except meeting_actions.MinutesIncomplete as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)


class MeetingPartViewSet(
    SafeWritesMixin,
    CoordinatorWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet[Any],
):
    """A decision or an action item: 409 once the minutes are approved, before other checks."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._acting_user()
        meeting_id = request.data.get("meeting") if isinstance(request.data, dict) else None
        if isinstance(meeting_id, int) and minutes_frozen(meeting_id):
            raise MinutesConflict()
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._acting_user()
        part = self.get_object()
        data = request.data if isinstance(request.data, dict) else {}
        if not part_may_change(part=part, meeting=part.meeting, fields=data):
            raise MinutesConflict()
        if "meeting" in data and data["meeting"] != part.meeting_id:
            raise serializers.ValidationError({"meeting": [_("A part stays with its meeting.")]})
        return super().update(request, *args, **kwargs)

    def perform_destroy(self, instance: Any) -> None:
        try:
            meeting_actions.do_delete_part(acting_user=self._acting_user(), meeting=instance.meeting, obj=instance)
        except FrozenMinutes as error:
            raise MinutesConflict() from error


class DecisionViewSet(MeetingPartViewSet):
    """Decisions recorded in the minutes (filter by `meeting`)."""

    serializer_class = DecisionSerializer
    filterset_fields = ["meeting"]

    def get_queryset(self) -> QuerySet[Decision]:
        return Decision.objects.select_related("meeting").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Decision]) -> None:
        decision = Decision(**serializer.validated_data)
        serializer.instance = self._save(decision)

    def perform_update(self, serializer: serializers.BaseSerializer[Decision]) -> None:
        decision = serializer.instance
        if decision is None:
            raise exceptions.NotFound()
        for field, value in serializer.validated_data.items():
            setattr(decision, field, value)
        self._save(decision)

    def _save(self, decision: Decision) -> Decision:
        try:
            meeting_actions.do_save_part(acting_user=self._acting_user(), meeting=decision.meeting, obj=decision)
        except FrozenMinutes as error:
            raise MinutesConflict() from error
        return decision


class ActionItemViewSet(MeetingPartViewSet):
    """Action items of the meetings (filter by `meeting`, `status`, `owner`): who does what by
    when. After approval only `status` may change (open or done)."""

    serializer_class = ActionItemSerializer
    filterset_fields = ["meeting", "status", "owner"]

    def get_queryset(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.select_related("meeting", "owner_contact").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        data = dict(serializer.validated_data)
        wanted = data.pop("status", ActionItem.Status.OPEN)
        item = ActionItem(**data)
        self._save(item)
        self._set_status(item, wanted)
        serializer.instance = item

    def perform_update(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        item = serializer.instance
        if item is None:
            raise exceptions.NotFound()
        data = dict(serializer.validated_data)
        wanted = data.pop("status", item.status)
        if data:
            for field, value in data.items():
                setattr(item, field, value)
            self._save(item)
        self._set_status(item, wanted)

    def _save(self, item: ActionItem) -> None:
        try:
            meeting_actions.check_save_action_item(acting_user=self._acting_user(), meeting=item.meeting, item=item)
        except FrozenMinutes as error:
            raise MinutesConflict() from error
        except DjangoValidationError as error:
            raise _invalid(error) from error

    def _set_status(self, item: ActionItem, status: str) -> None:
        meeting_actions.do_set_action_item_status(acting_user=self._acting_user(), item=item, status=status)

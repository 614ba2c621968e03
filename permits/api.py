"""Reflection periods and permit requests over the API: the same gates and actions as the pages.

Every party of a case reads status and dates; grounds, reasons and documents only where the
pages show them (`CaseAccess.sees_residence_details`). Requests are filed by victim aid, police and
prosecution; decisions are taken by people holding `permits.review_requests` in the migration
office the request is addressed to. Clients with the `read` scope read for the organisation they
are bound to.
"""

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.ech import ECH0006PermitInputSerializer, ECH0006ResidencePermitSerializer, with_plain
from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.partners.models import Organisation

from . import access, actions, extensions, permit_actions
from .ech0006 import residence_permit_data
from .models import DECIDING_TYPES, EndReason, PermitKind, PermitRequest, ReflectionPeriod
from .queries import DetailReaders

REVIEW = "permits.review_requests"
# Clients read with `residence` (and `core`: periods are reached through the caller's cases); no
# client holds the write scope: requests and decisions are made by people (as for cases).
READ_SCOPES = (Scope.CORE, Scope.RESIDENCE)
# Requests (a period, an extension, a permit, a presence notice) stay with people; the migration
# office's decisions may come from a system acting for one of its people (`decisions`).
WRITE_SCOPES = PEOPLE_ONLY
DECISION_SCOPES = (Scope.CORE, Scope.RESIDENCE, Scope.DECISIONS)
KINDS_OF_CATEGORIES = {"07": PermitKind.L, "02": PermitKind.B}
ECH0006_INPUT_HELP = (
    "eCH-0006 v2.0 shape; an alternative to kind or the validity (where both are sent they must agree)."
)


def _raise(error: ValidationError) -> NoReturn:
    if hasattr(error, "error_dict"):
        raise serializers.ValidationError(error.message_dict) from error
    raise serializers.ValidationError({"non_field_errors": error.messages}) from error


class ResidenceSerializerMixin:
    """Drops the internal fields for readers who see status and dates only."""

    internal_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)  # type: ignore[misc]
        readers: DetailReaders | None = self.context.get("detail_readers")  # type: ignore[attr-defined]
        visible = readers is not None and readers.sees(
            case_id=instance.case_id, requested_by_organisation_id=instance.requested_by_organisation_id
        )
        for field in self.internal_fields:
            data[field] = data[field] if visible else None
        return data


class ReflectionPeriodSerializer(ResidenceSerializerMixin, serializers.ModelSerializer[ReflectionPeriod]):
    internal_fields = ("grounds", "decision_reasons", "end_notes")
    grounds = serializers.CharField(allow_null=True, read_only=True)
    decision_reasons = serializers.CharField(allow_null=True, read_only=True)
    end_notes = serializers.CharField(allow_null=True, read_only=True)
    no_removal = serializers.SerializerMethodField(help_text="True while the period protects from removal.")
    total_days = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="length_days first granted plus extended_days."
    )
    end_reason = serializers.ChoiceField(choices=EndReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = ReflectionPeriod
        fields = [
            "id", "case", "status", "requested_by_organisation", "addressed_to", "requested_on", "proposed_days",
            "decided_on", "length_days", "extended_days", "total_days", "starts_on", "ends_on", "ended_on",
            "end_reason", "no_removal", "grounds", "decision_reasons", "end_notes",
        ]  # fmt: skip
        read_only_fields = fields

    def get_no_removal(self, period: ReflectionPeriod) -> bool:
        return period.is_running_on(timezone.localdate())


class ReflectionRequestSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    addressed_to = serializers.IntegerField(help_text="The migration office (organisation id).")
    grounds = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)


class ReflectionDecisionSerializer(serializers.Serializer[Any]):
    grant = serializers.BooleanField()
    length_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionRequestSerializer(serializers.Serializer[Any]):
    days = serializers.IntegerField(min_value=1, help_text="Days to add to the running period.")
    reason = serializers.CharField()


class ExtensionDecisionSerializer(serializers.Serializer[Any]):
    extension = serializers.IntegerField(help_text="The id of the extension request.")
    grant = serializers.BooleanField()
    days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")


class ReflectionEndSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    ended_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PresenceNoticeSerializer(serializers.Serializer[Any]):
    presence_needed = serializers.BooleanField()
    needed_until = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PermitRequestSerializer(ResidenceSerializerMixin, serializers.ModelSerializer[PermitRequest]):
    internal_fields = ("grounds", "hardship_criteria", "decision_reasons", "federal_reference")
    grounds = serializers.CharField(allow_null=True, read_only=True)
    hardship_criteria = serializers.CharField(allow_null=True, read_only=True)
    decision_reasons = serializers.CharField(allow_null=True, read_only=True)
    federal_reference = serializers.CharField(allow_null=True, read_only=True)
    ech0006_code = serializers.CharField(read_only=True, help_text="eCH-0006 permit code.")
    ech0006 = serializers.SerializerMethodField(
        help_text="The permit as eCH-0006 v2.0 codes with its validity (eCH-0011 v8.1 residencePermitData)."
    )

    class Meta:
        model = PermitRequest
        fields = [
            "id", "case", "kind", "status", "ech0006_code", "ech0006", "renewal_of", "requested_by_organisation",
            "addressed_to", "requested_on", "expected_until", "work_requested", "decided_on", "valid_from",
            "valid_until", "work_authorised", "sem_submitted_on", "sem_decided_on", "sem_approved",
            "grounds", "hardship_criteria", "decision_reasons", "federal_reference",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ECH0006ResidencePermitSerializer)
    def get_ech0006(self, permit: PermitRequest) -> dict[str, Any]:
        return dict(
            ECH0006ResidencePermitSerializer(
                residence_permit_data(kind=permit.kind, valid_from=permit.valid_from, valid_until=permit.valid_until)
            ).data
        )


class PermitRequestInputSerializer(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    # Required, as kind or as ech0006.residencePermitCategory.
    kind = serializers.ChoiceField(choices=PermitKind.choices[:2], required=False)
    addressed_to = serializers.IntegerField(help_text="The migration office (organisation id).")
    expected_until = serializers.DateField(required=False, allow_null=True, default=None)
    grounds = serializers.CharField(required=False, allow_blank=True, default="")
    hardship_criteria = serializers.CharField(required=False, allow_blank=True, default="")
    work_requested = serializers.BooleanField(required=False, default=False)
    ech0006 = ECH0006PermitInputSerializer(required=False, write_only=True, help_text=ECH0006_INPUT_HELP)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        category = attrs.pop("ech0006", {}).get("residencePermitCategory")
        attrs = with_plain(attrs, {"kind": KINDS_OF_CATEGORIES[category]} if category else {}, given=self.initial_data)
        if "kind" not in attrs:
            raise serializers.ValidationError({"kind": [serializers.Field.default_error_messages["required"]]})
        return attrs


class PermitDecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    work_authorised = serializers.BooleanField(required=False, default=False)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    ech0006 = ECH0006PermitInputSerializer(required=False, write_only=True, help_text=ECH0006_INPUT_HELP)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        ech = attrs.pop("ech0006", {})
        names = {"residencePermitValidFrom": "valid_from", "residencePermitValidTill": "valid_until"}
        plain = {name: ech[ech_name] for ech_name, name in names.items() if ech_name in ech}
        return with_plain(attrs, plain, given=self.initial_data)


class ResidenceViewSet(SafeWritesMixin, viewsets.GenericViewSet[Any]):
    read_scopes = READ_SCOPES
    write_scopes = WRITE_SCOPES

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "detail_readers": DetailReaders(membership=self._caller())}

    def _caller(self) -> Caller:
        caller = caller_for(self.request)
        if caller is None:
            raise exceptions.NotFound()
        return caller

    def _user(self) -> User | None:
        user = self.request.user
        return user if isinstance(user, User) else None

    def _reviewer(self) -> User:
        """Decisions are taken by a person of the migration office holding the review right."""
        user = self._user()
        caller = self._caller()
        if user is None or caller.is_client or not user.has_perm(REVIEW):
            raise exceptions.PermissionDenied()
        return user

    def _migration_office(self, pk: int) -> Organisation | None:
        return Organisation.objects.filter(pk=pk, type__in=DECIDING_TYPES, is_active=True).first()

    def _case_to_request(self, case_id: int) -> Case:
        return access.access_case_to_request(membership=self._caller(), case_id=case_id, request=self.request)


class ReflectionPeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Recovery and reflection periods (Art. 35 VZAE) of the cases the caller is party to."""

    serializer_class = ReflectionPeriodSerializer
    filterset_fields = ["case", "status"]
    ordering = "-id"

    def get_queryset(self) -> QuerySet[ReflectionPeriod]:
        if getattr(self, "swagger_fake_view", False):
            return ReflectionPeriod.objects.none()
        return access.periods_visible_to(membership=self._caller())

    @extend_schema(request=ReflectionRequestSerializer, responses={201: ReflectionPeriodSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Requests a reflection period from the migration office (victim aid, police, prosecution)."""
        data = self._valid(ReflectionRequestSerializer, request)
        caller = self._caller()
        case = self._case_to_request(data["case"])
        try:
            period = actions.check_request_reflection_period(
                acting_user=self._user(),
                organisation=caller.organisation,
                case=case,
                addressed_to=self._migration_office(data["addressed_to"]),
                requested_on=timezone.localdate(),
                grounds=data["grounds"],
                proposed_days=data["proposed_days"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReflectionDecisionSerializer, responses={200: ReflectionPeriodSerializer})
    @action(detail=True, methods=["post"], write_scopes=DECISION_SCOPES)
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The migration office grants (at least 30 days) or refuses with reasons."""
        user = self._reviewer()
        period = access.access_period_to_decide(membership=self._caller(), period_id=kwargs["pk"])
        data = self._valid(ReflectionDecisionSerializer, request)
        try:
            period = actions.check_decide_reflection_period(
                acting_user=user,
                organisation=self._caller().organisation,
                period=period,
                grant=data["grant"],
                decided_on=timezone.localdate(),
                length_days=data["length_days"],
                starts_on=data["starts_on"],
                reasons=data["reasons"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(period).data)

    @extend_schema(request=ReflectionEndSerializer, responses={200: ReflectionPeriodSerializer})
    @action(detail=True, methods=["post"], write_scopes=DECISION_SCOPES)
    def end(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Ends a running period on an Art. 35 VZAE ground."""
        user = self._reviewer()
        period = access.access_period_to_decide(membership=self._caller(), period_id=kwargs["pk"])
        data = self._valid(ReflectionEndSerializer, request)
        try:
            period = actions.check_end_reflection_period(
                acting_user=user,
                organisation=self._caller().organisation,
                period=period,
                ended_on=data["ended_on"],
                reason=data["reason"],
                notes=data["notes"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(period).data)

    @extend_schema(request=PresenceNoticeSerializer, responses={200: ReflectionPeriodSerializer})
    @action(detail=True, methods=["post"], url_path="presence-notice")
    def presence_notice(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Police or prosecution tell whether and how long presence is needed (Art. 36 VZAE)."""
        caller = self._caller()
        period = access.access_period_to_notify(membership=caller, period_id=kwargs["pk"])
        data = self._valid(PresenceNoticeSerializer, request)
        try:
            actions.check_give_presence_notice(
                acting_user=self._user(),
                organisation=caller.organisation,
                period=period,
                given_on=timezone.localdate(),
                presence_needed=data["presence_needed"],
                needed_until=data["needed_until"],
                notes=data["notes"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(period).data)

    @extend_schema(request=ExtensionRequestSerializer, responses={201: ReflectionPeriodSerializer})
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Asks the migration office to extend a running period, with a reason (victim aid, police,
        prosecution)."""
        caller = self._caller()
        period = access.access_period_to_extend(membership=caller, period_id=kwargs["pk"], request=request)
        data = self._valid(ExtensionRequestSerializer, request)
        try:
            extensions.check_request_extension(
                acting_user=self._user(),
                organisation=caller.organisation,
                period=period,
                requested_on=timezone.localdate(),
                days=data["days"],
                reason=data["reason"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses={200: ReflectionPeriodSerializer})
    @action(detail=True, methods=["post"], url_path="decide-extension", write_scopes=DECISION_SCOPES)
    def decide_extension(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The migration office extends the period by the days asked (or others) or refuses with
        reasons; the end and the Art. 36 notice move with a grant."""
        user = self._reviewer()
        data = self._valid(ExtensionDecisionSerializer, request)
        extension = access.access_extension_to_decide(
            membership=self._caller(), extension_id=data["extension"], request=request
        )
        if str(extension.period_id) != str(kwargs["pk"]):
            raise exceptions.NotFound()
        try:
            extension = extensions.check_decide_extension(
                acting_user=user,
                organisation=self._caller().organisation,
                extension=extension,
                grant=data["grant"],
                decided_on=timezone.localdate(),
                days=data["days"],
                reasons=data["reasons"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(extension.period).data)

    def _valid(self, serializer_class: type[serializers.Serializer[Any]], request: Request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class PermitRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ResidenceViewSet):
    """Permit requests (L, B) and recorded federal decisions (F, N) of the caller's cases."""

    serializer_class = PermitRequestSerializer
    filterset_fields = ["case", "kind", "status"]
    ordering = "-id"

    def get_queryset(self) -> QuerySet[PermitRequest]:
        if getattr(self, "swagger_fake_view", False):
            return PermitRequest.objects.none()
        return access.permit_requests_visible_to(membership=self._caller())

    @extend_schema(request=PermitRequestInputSerializer, responses={201: PermitRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Requests an L (expected duration of the proceedings) or a B (hardship) permit."""
        serializer = PermitRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        caller = self._caller()
        case = self._case_to_request(data["case"])
        try:
            permit = permit_actions.check_request_permit(
                acting_user=self._user(),
                organisation=caller.organisation,
                case=case,
                kind=data["kind"],
                addressed_to=self._migration_office(data["addressed_to"]),
                requested_on=timezone.localdate(),
                expected_until=data["expected_until"],
                grounds=data["grounds"],
                hardship_criteria=data["hardship_criteria"],
                work_requested=data["work_requested"],
                request=request,
            )
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(permit).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PermitDecisionSerializer, responses={200: PermitRequestSerializer})
    @action(detail=True, methods=["post"], write_scopes=DECISION_SCOPES)
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The migration office decides; an approved B goes to the SEM, whose decision is then
        recorded through the same endpoint."""
        user = self._reviewer()
        caller = self._caller()
        permit = access.access_permit_request_to_decide(membership=caller, request_id=kwargs["pk"])
        serializer = PermitDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        arguments: dict[str, Any] = {
            "acting_user": user,
            "organisation": caller.organisation,
            "permit": permit,
            "decided_on": timezone.localdate(),
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "work_authorised": data["work_authorised"],
            "reasons": data["reasons"],
            "request": request,
        }
        try:
            if permit.status == PermitRequest.Status.SEM_PENDING:
                permit = permit_actions.check_record_sem_decision(approved=data["approve"], **arguments)
            else:
                permit = permit_actions.check_decide_permit(approve=data["approve"], **arguments)
        except ValidationError as error:
            _raise(error)
        return Response(self.get_serializer(permit).data)

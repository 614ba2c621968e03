"""Co-operation agreements over the API: members read, coordinators draft, change and adopt."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.accounts.models import User
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.memberships.models import Membership
from roundtables.models import Agreement, AgreementSection, ImmutableAgreement, PartnerDuty, SharingRule, Signatory

from . import actions


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("An adopted or superseded agreement cannot be changed.")
    default_code = "immutable"


class SectionSerializer(serializers.ModelSerializer[AgreementSection]):
    class Meta:
        model = AgreementSection
        fields = ["id", "key", "order", "heading", "text", "heading_second", "text_second"]
        read_only_fields = fields


class DutySerializer(serializers.ModelSerializer[PartnerDuty]):
    class Meta:
        model = PartnerDuty
        fields = ["id", "organisation", "duties"]
        read_only_fields = fields


class SignatorySerializer(serializers.ModelSerializer[Signatory]):
    class Meta:
        model = Signatory
        fields = ["id", "organisation", "name", "function"]
        read_only_fields = fields


class SharingRuleSerializer(serializers.ModelSerializer[SharingRule]):
    class Meta:
        model = SharingRule
        fields = ["organisation_type", "compartment", "can_read"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    sections = SectionSerializer(many=True, read_only=True)
    duties = DutySerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    sharing_rules = SharingRuleSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id", "version", "form", "title", "shared_objective", "financing", "valid_from", "review_date",
            "status", "adopted_at", "language", "second_language",
            "sections", "duties", "signatories", "sharing_rules",
        ]  # fmt: skip
        read_only_fields = ["id", "version", "status", "adopted_at"]


class AgreementViewSet(
    SafeWritesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Agreement]
):
    """The versions of this canton's co-operation agreement. Coordinators create drafts, change
    them, adopt them and start new versions; an adopted or superseded version answers 409."""

    serializer_class = AgreementSerializer
    read_scopes = (Scope.DIRECTORY,)
    ordering = "-version"
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def minimum_role(self) -> str:
        if self.request.method in SAFE_METHODS:
            return Membership.Role.MEMBER
        return Membership.Role.COORDINATOR

    def get_queryset(self) -> QuerySet[Agreement]:
        return Agreement.objects.prefetch_related("sections", "duties", "signatories", "sharing_rules")

    def perform_create(self, serializer: serializers.BaseSerializer[Agreement]) -> None:
        data = serializer.validated_data
        agreement = actions.do_create_draft(
            acting_user=self._acting_user(),
            title=data["title"],
            form=data.get("form", Agreement.Form.B),
            language=data.get("language", "de"),
            second_language=data.get("second_language", ""),
        )
        changed = {key: value for key, value in data.items() if key not in {"title", "form", "language"}}
        if changed:
            for field, value in changed.items():
                setattr(agreement, field, value)
            actions.do_save_part(acting_user=self._acting_user(), agreement=agreement, obj=agreement)
        serializer.instance = agreement

    def perform_update(self, serializer: serializers.BaseSerializer[Agreement]) -> None:
        agreement = serializer.instance
        if agreement is None:
            raise exceptions.NotFound()
        acting_user = self._acting_user()
        if not agreement.is_draft:
            raise Conflict()
        for field, value in serializer.validated_data.items():
            setattr(agreement, field, value)
        try:
            actions.do_save_part(acting_user=acting_user, agreement=agreement, obj=agreement)
        except ImmutableAgreement as error:
            raise Conflict() from error

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        acting_user = self._acting_user()
        try:
            actions.check_adopt(acting_user=acting_user, agreement=agreement)
        except ImmutableAgreement as error:
            raise Conflict() from error
        except actions.AgreementIncomplete as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=agreement.pk)).data)

    @extend_schema(request=None, responses={201: AgreementSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = self.get_object()
        draft = actions.do_new_version_from(acting_user=self._acting_user(), agreement=agreement)
        data = self.get_serializer(self.get_queryset().get(pk=draft.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def replay_new_version(self, object_id: str) -> dict[str, Any]:
        """A replayed new version answers with the draft it created, not the version it started from."""
        self.kwargs[self.lookup_url_kwarg or self.lookup_field] = object_id
        return dict(self.get_serializer(self.get_object()).data)

    def _acting_user(self) -> User:
        user = self.request.user
        if not isinstance(user, User) or not user.has_perm("roundtables.manage_roundtable"):
            raise exceptions.PermissionDenied()
        return user


class CoordinatorWritesMixin:
    """Members read; people holding the round-table right write. Clients never write."""

    request: Any  # the view's request; typed by the view class this is mixed into
    read_scopes = (Scope.DIRECTORY,)

    @property
    def minimum_role(self) -> str:
        if self.request.method in SAFE_METHODS:
            return Membership.Role.MEMBER
        return Membership.Role.COORDINATOR

    def _acting_user(self) -> User:
        user = self.request.user
        if not isinstance(user, User) or not user.has_perm("roundtables.manage_roundtable"):
            raise exceptions.PermissionDenied()
        return user


class SectionWriteSerializer(serializers.ModelSerializer[AgreementSection]):
    class Meta:
        model = AgreementSection
        fields = ["id", "agreement", "key", "order", "heading", "text", "heading_second", "text_second"]
        read_only_fields = ["id"]


class DutyWriteSerializer(serializers.ModelSerializer[PartnerDuty]):
    class Meta:
        model = PartnerDuty
        fields = ["id", "agreement", "organisation", "duties"]
        read_only_fields = ["id"]


class SignatoryWriteSerializer(serializers.ModelSerializer[Signatory]):
    class Meta:
        model = Signatory
        fields = ["id", "agreement", "organisation", "name", "function"]
        read_only_fields = ["id"]


class SharingRuleWriteSerializer(serializers.ModelSerializer[SharingRule]):
    class Meta:
        model = SharingRule
        fields = ["id", "agreement", "organisation_type", "compartment", "can_read"]
        read_only_fields = ["id"]


class AgreementPartViewSet(
    SafeWritesMixin,
    CoordinatorWritesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[Any],
):
    """A part of an agreement: answers 409 for an adopted or superseded agreement before any
    other check of the body, so a client learns first that no change is possible."""

    model: Any
    filterset_fields = ["agreement"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.order_by("agreement_id", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._acting_user()
        agreement_id = request.data.get("agreement") if isinstance(request.data, dict) else None
        if isinstance(agreement_id, int):
            _refuse_unless_draft(Agreement.objects.filter(pk=agreement_id).values_list("status", flat=True).first())
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._acting_user()
        part = self.get_object()
        _refuse_unless_draft(part.agreement.status)
        data = request.data if isinstance(request.data, dict) else {}
        if "agreement" in data and data["agreement"] != part.agreement_id:
            raise serializers.ValidationError({"agreement": [_("A part stays with its agreement.")]})
        return super().update(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        part = self.model(**serializer.validated_data)
        serializer.instance = self._save(part.agreement, part)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        part = serializer.instance
        if part is None:
            raise exceptions.NotFound()
        for field, value in serializer.validated_data.items():
            setattr(part, field, value)
        self._save(part.agreement, part)

    def _save(self, agreement: Agreement, part: Any) -> Any:
        try:
            return actions.do_save_part(acting_user=self._acting_user(), agreement=agreement, obj=part)
        except ImmutableAgreement as error:
            raise Conflict() from error


def _refuse_unless_draft(status: str | None) -> None:
    if status is not None and status != Agreement.Status.DRAFT:
        raise Conflict()


class AgreementSectionViewSet(AgreementPartViewSet):
    """The sections of the agreements (filter by `agreement`); coordinators add and change them
    in drafts."""

    model = AgreementSection
    serializer_class = SectionWriteSerializer


class PartnerDutyViewSet(AgreementPartViewSet):
    """The duties of each partner in the agreements (filter by `agreement`); coordinators add
    and change them in drafts."""

    model = PartnerDuty
    serializer_class = DutyWriteSerializer


class SignatoryViewSet(AgreementPartViewSet):
    """The signatories of the agreements (filter by `agreement`); coordinators add and change
    them in drafts."""

    model = Signatory
    serializer_class = SignatoryWriteSerializer


class SharingRuleViewSet(AgreementPartViewSet):
    """The rows of the data-sharing matrix (filter by `agreement`); coordinators change what an
    organisation type reads in a draft."""

    model = SharingRule
    serializer_class = SharingRuleWriteSerializer

"""Notices over the API: the catalogue (members and clients read) and a case's deliveries
(members list and record them, through the same case gate and action as the pages)."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, generics, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cases.access import access_case, record_reads
from cases.case_file import identity_of
from cases.models import Case
from cases.policy import CaseAccess
from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.compartments import Compartment

from . import actions, queries
from .models import Notice, NoticeDelivery, NoticeText, NoticeVersion

# Writes are made by people; no client holds this scope (as for the cases API).
# Recording a delivery: a victim-aid person, or a system acting for one, with `deliveries`.
WRITE_SCOPES = (Scope.CORE, Scope.NOTICES, Scope.DELIVERIES)


class NoticeTextSerializer(serializers.ModelSerializer[NoticeText]):
    class Meta:
        model = NoticeText
        fields = ["id", "language", "title", "body", "review", "reviewed_at"]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer[Notice]):
    version = serializers.SerializerMethodField()
    texts = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "version", "texts"]
        read_only_fields = fields

    def _published(self, notice: Notice) -> NoticeVersion | None:
        return next(iter(getattr(notice, "published_versions", [])), None)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_version(self, notice: Notice) -> int | None:
        published = self._published(notice)
        return published.number if published else None

    @extend_schema_field(NoticeTextSerializer(many=True))
    def get_texts(self, notice: Notice) -> list[dict[str, Any]]:
        published = self._published(notice)
        if published is None:
            return []
        return list(NoticeTextSerializer(published.texts.all(), many=True).data)


class NoticeViewSet(SafeWritesMixin, viewsets.ReadOnlyModelViewSet[Notice]):
    """The notices of this canton with the texts of their published version (placeholders unfilled)."""

    serializer_class = NoticeSerializer
    read_scopes = (Scope.NOTICES,)
    ordering = "order"
    pagination_class = None

    def get_queryset(self) -> QuerySet[Notice]:
        published = NoticeVersion.objects.filter(status=NoticeVersion.Status.PUBLISHED).prefetch_related(
            Prefetch("texts", queryset=NoticeText.objects.order_by("language"))
        )
        return Notice.objects.order_by("order", "pk").prefetch_related(
            Prefetch("versions", queryset=published, to_attr="published_versions")
        )


class PublishedTextField(serializers.PrimaryKeyRelatedField[NoticeText]):
    """A text of a published version, by id; only those can be delivered."""

    def get_queryset(self) -> QuerySet[NoticeText]:
        return queries.published_texts()


class NoticeDeliverySerializer(serializers.ModelSerializer[NoticeDelivery]):
    text = PublishedTextField()
    notice = serializers.CharField(source="text.version.notice.kind", read_only=True)
    version = serializers.IntegerField(source="text.version.number", read_only=True)
    language = serializers.SerializerMethodField()
    interpreter = serializers.CharField(max_length=150, required=False, allow_blank=True)

    class Meta:
        model = NoticeDelivery
        fields = [
            "id", "text", "notice", "version", "language", "delivered_on", "delivered_by", "organisation",
            "method", "interpreter", "acknowledged", "no_acknowledgement_reason", "text_reviewed",
            "unreviewed_reason", "language_reason", "recorded_at",
        ]  # fmt: skip
        read_only_fields = ["id", "delivered_by", "organisation", "text_reviewed", "recorded_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_language(self, delivery: NoticeDelivery) -> str | None:
        return delivery.text.language if self.context.get("shows_language") else None

    def to_representation(self, instance: NoticeDelivery) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self.context.get("shows_language"):
            # The language and the interpreter hint at the victim's origin: identity compartment.
            data["interpreter"] = None
            data["language_reason"] = None
        return data


class CaseNoticeDeliveryList(SafeWritesMixin, generics.ListCreateAPIView[NoticeDelivery]):
    """The notices delivered on a case (core compartment), newest first, and recording one.

    For parties to the case. The language and the interpreter are null unless the caller may
    read the case's identity compartment. Cantonal systems read with the `core` and `notices`
    scopes; deliveries are recorded by people, or by a system acting for one (`deliveries`).
    """

    serializer_class = NoticeDeliverySerializer
    ordering = "-id"

    read_scopes = (Scope.CORE, Scope.NOTICES)
    write_scopes = WRITE_SCOPES

    def _caller(self) -> Caller:
        caller = caller_for(self.request)
        if caller is None:
            raise exceptions.NotFound()
        return caller

    def _case(self, *, write: bool = False) -> Case:
        return self._access(write=write).case

    def _access(self, *, write: bool = False) -> CaseAccess:
        cached: CaseAccess | None = getattr(self, "_gated_case", None)
        if cached is None or write:
            cached = access_case(
                membership=self._caller(),
                case_id=self.kwargs["case_id"],
                compartment=Compartment.CORE,
                write=write,
                request=self.request,
            )
            self._gated_case = cached
        return cached

    def get_queryset(self) -> QuerySet[NoticeDelivery]:
        if getattr(self, "swagger_fake_view", False):
            return NoticeDelivery.objects.none()
        return queries.deliveries_for(case=self._case())

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False) and self.request is not None:
            context["shows_language"] = self._access().can_read(Compartment.IDENTITY)
        return context

    def perform_create(self, serializer: serializers.BaseSerializer[NoticeDelivery]) -> None:
        caller = self._caller()
        user = self.request.user
        if caller.is_client or not isinstance(user, User):
            raise exceptions.PermissionDenied()
        access = self._access(write=True)
        case = access.case
        data = serializer.validated_data
        # The languages of the identity record, compared with the text's when the policy lets the
        # caller read them (that read is audited); None: unknown to the caller, nothing compared.
        victim_languages: list[str] | None = None
        if access.can_read(Compartment.IDENTITY):
            record_reads(
                access=access, compartments={Compartment.IDENTITY}, request=self.request, purpose=actions.PURPOSE
            )
            identity = identity_of(access=access)
            victim_languages = list(identity.languages) if identity else []
        try:
            serializer.instance = actions.check_record_delivery(
                acting_user=user,
                organisation=caller.organisation,
                case=case,
                text=data["text"],
                delivered_on=data["delivered_on"],
                method=data["method"],
                interpreter=data.get("interpreter", ""),
                acknowledged=data["acknowledged"],
                no_acknowledgement_reason=data.get("no_acknowledgement_reason", ""),
                victim_languages=victim_languages,
                unreviewed_reason=data.get("unreviewed_reason", ""),
                language_reason=data.get("language_reason", ""),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The case gate answers before the body is read: 404 outside the case, 403 without write.
        self._case(write=True)
        return super().create(request, *args, **kwargs)

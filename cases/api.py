"""Cases over the API, through the same gate, policy and actions as the pages.

People (session) and cantonal systems (OAuth2 client bound to an organisation) read alike;
writes need a person, because every change of a case names who made it.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for
from ksmm.api.pagination import CursorPagination
from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.audit.actions import do_record_compartments
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .access import AUDITED_COMPARTMENTS, access_case, record_identity_search
from .case_file import current_parties, identity_of
from .consents import ConsentRefused, check_record_consent, consent_to_revoke, consents_of, do_revoke_consent
from .identity import IdentityData, InvalidBirthDate, do_save_identity, parse_birth_date
from .intake import do_take_in
from .models import (
    Case,
    Consent,
    CounsellingEntry,
    CounsellingPart,
    EvidenceNote,
    Identity,
    PersonIdentifier,
    Referral,
    Sex,
)
from .notes import do_add_counselling_entry, do_add_evidence_note
from .policy import CaseAccess, decide
from .queries import CaseSearch, search_cases
from .records import records_for
from .referrals import (
    ReferralRefused,
    access_referral,
    check_accept_referral,
    check_decline_referral,
    check_finish_referral,
    check_request_referral,
    check_revoke_referral,
    referrals_for,
)
from .searches import IDENTITY_PARAMETERS
from .timeline import timeline_for

WRITE_SCOPES = ("cases:write",)  # no client holds it: writes are made by people


def _caller(request: Request) -> Caller:
    caller = caller_for(request)
    if caller is None:
        raise Http404
    return caller


def _person_or_none(request: Request) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _person(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.PermissionDenied()
    return request.user


class CaseSerializer(serializers.ModelSerializer[Case]):
    class Meta:
        model = Case
        fields = [
            "id", "case_number", "pseudonym", "status", "opened_on", "closed_on", "is_minor", "source",
            "exploitation_type", "exploitation_subtypes", "place_of_exploitation", "intake_organisation",
        ]  # fmt: skip
        read_only_fields = fields


# The list's rows are read as values, not through CaseSerializer: the same fields, without a
# model instance and a serializer field per cell (most of the list's own time at 50 rows).
LIST_FIELDS = tuple(CaseSerializer.Meta.fields)


class CaseListPagination(CursorPagination):
    ordering = "id"  # as "pk", named as the rows (values) name it


class CaseDetailSerializer(CaseSerializer):
    ohg_hint = serializers.CharField(read_only=True)
    compartments = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "ohg_hint", "compartments", "parties"]
        read_only_fields = fields

    def get_compartments(self, case: Case) -> list[str]:
        return sorted(self._decision(case).readable)

    def _decision(self, case: Case) -> CaseAccess:
        """What the gate decided for this case; a case just taken in has no decision yet, so it
        is made here once and kept for the other fields."""
        access: CaseAccess | None = self.context.get("access")
        if access is not None and access.case.pk == case.pk:
            return access
        made: dict[int, CaseAccess] = self.__dict__.setdefault("_made", {})
        if case.pk not in made:
            made[case.pk] = decide(reader=self.context["caller"], case=case)
        return made[case.pk]

    def get_parties(self, case: Case) -> list[int]:
        return [party.organisation_id for party in current_parties(access=self._decision(case))]


class IntakeSerializer(serializers.Serializer[dict[str, Any]]):
    pseudonym = serializers.CharField(max_length=80)
    opened_on = serializers.DateField()
    # DRF pops declared fields from the class; mypy sees Field.source (a str) being replaced.
    source = serializers.ChoiceField(choices=Case.Source.choices)  # type: ignore[assignment]
    exploitation_type = serializers.ChoiceField(choices=Case.ExploitationType.choices)
    exploitation_subtypes = serializers.ListField(
        child=serializers.ChoiceField(choices=Case.ExploitationSubtype.choices), required=False
    )
    place_of_exploitation = serializers.ChoiceField(choices=Case.Place.choices)
    official_name = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, write_only=True)
    date_of_birth = serializers.CharField(max_length=10, required=False, allow_blank=True, write_only=True)
    age_in_doubt = serializers.BooleanField(required=False, default=False, write_only=True)

    def validate_date_of_birth(self, value: str) -> str:
        return _valid_birth_date(value)


def _valid_birth_date(value: str) -> str:
    value = value.strip()
    if value:
        try:
            parse_birth_date(value)
        except InvalidBirthDate as error:
            raise serializers.ValidationError(str(error)) from error
    return value


class IntakeResultSerializer(CaseDetailSerializer):
    possible_duplicates = serializers.IntegerField(read_only=True)

    class Meta(CaseDetailSerializer.Meta):
        fields = [*CaseDetailSerializer.Meta.fields, "possible_duplicates"]
        read_only_fields = fields


class IdentifierSerializer(serializers.Serializer[PersonIdentifier]):
    category = serializers.ChoiceField(choices=PersonIdentifier.Category.choices)
    value = serializers.CharField(max_length=60)


class IdentitySerializer(serializers.Serializer[Identity]):
    official_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    age_in_doubt = serializers.BooleanField(required=False, default=False)
    nationality = serializers.RegexField(r"^[A-Z]{2}$", required=False, allow_blank=True, default="")
    languages = serializers.ListField(child=serializers.RegexField(r"^[a-z]{2,3}$"), required=False, default=list)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    interpreter_notes = serializers.CharField(required=False, allow_blank=True, default="")
    identifiers = IdentifierSerializer(many=True, required=False, default=list)

    def validate_date_of_birth(self, value: str) -> str:
        return _valid_birth_date(value)

    def to_representation(self, instance: Identity) -> dict[str, Any]:
        return {
            "official_name": instance.official_name,
            "first_name": instance.first_name,
            "aliases": instance.alias_list,
            "sex": instance.sex,
            "date_of_birth": instance.date_of_birth,
            "age_in_doubt": instance.age_in_doubt,
            "nationality": instance.nationality,
            "languages": instance.languages,
            "interpreter_needed": instance.interpreter_needed,
            "interpreter_notes": instance.interpreter_notes,
            "identifiers": [
                {"category": identifier.category, "value": identifier.value}
                for identifier in instance.identifiers.all()
            ],
        }


class CounsellingEntrySerializer(serializers.ModelSerializer[CounsellingEntry]):
    class Meta:
        model = CounsellingEntry
        fields = ["id", "part", "occurred_on", "text", "author_organisation", "created_at"]
        read_only_fields = ["id", "author_organisation", "created_at"]
        # No default: the part decides who reads the note through a consent.
        extra_kwargs = {"part": {"required": True}}


class EvidenceNoteSerializer(serializers.ModelSerializer[EvidenceNote]):
    class Meta:
        model = EvidenceNote
        fields = ["id", "reference", "text", "author_organisation", "created_at"]
        read_only_fields = ["id", "author_organisation", "created_at"]


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    basis = serializers.ChoiceField(choices=Consent.Basis.choices, default=Consent.Basis.CONSENT)
    exception_purpose = serializers.ChoiceField(
        choices=Consent.ExceptionPurpose.choices, required=False, allow_blank=True, default="",
        help_text="Required for the minor_at_risk basis, empty for a consent.",
    )  # fmt: skip
    scope = serializers.ListField(child=serializers.ChoiceField(choices=CounsellingPart.choices))
    recipient_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    justification = serializers.CharField(required=False, allow_blank=True, write_only=True, default="")

    class Meta:
        model = Consent
        fields = [
            "id", "basis", "exception_purpose", "purpose", "recipient_organisation", "scope", "given_on",
            "justification", "recorded_by_organisation", "recorded_at", "revoked_at", "revocation_reason",
        ]  # fmt: skip
        read_only_fields = ["id", "recorded_by_organisation", "recorded_at", "revoked_at", "revocation_reason"]


class TimelineEntrySerializer(serializers.Serializer[Any]):
    when = serializers.DateTimeField()
    compartment = serializers.ChoiceField(choices=Compartment.choices)
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    # A plain id, resolved through the gate: a missing case and one the caller may not see both
    # answer 404, so the field tells nothing about which case ids exist.
    case = serializers.IntegerField(source="case_id")
    to_organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.filter(is_active=True))
    compartments = serializers.ListField(child=serializers.ChoiceField(choices=Compartment.choices), required=False)

    class Meta:
        model = Referral
        fields = [
            "id", "case", "from_organisation", "to_organisation", "compartments", "message", "status",
            "decline_reason", "requested_at", "decided_at", "closed_at",
        ]  # fmt: skip
        read_only_fields = [
            "id", "from_organisation", "status", "decline_reason", "requested_at", "decided_at", "closed_at",
        ]  # fmt: skip


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class CaseSearchSerializer(serializers.Serializer[Any]):
    """The body of POST /api/v1/cases/search/: a name or a birth date never goes in the URL."""

    q = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default="", help_text="Case number or pseudonym (part of it)."
    )
    name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="Full name or family name; finds only cases whose identity the caller may read.",
    )  # fmt: skip
    birth = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="",
        help_text="1990, 1990-04 or 1990-04-17; finds only cases whose identity the caller may read.",
    )  # fmt: skip
    status = serializers.ChoiceField(choices=Case.Status.choices, required=False, allow_blank=True, default="")

    def validate_birth(self, value: str) -> str:
        return _valid_birth_date(value)


LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Case number or pseudonym (part of it)."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Case.Status.values),
]
SEARCH_DESCRIPTION = (
    "Search by name or date of birth (and case number, pseudonym, status). The terms travel in the "
    "body so that no name lands in an access log, a proxy or a history; `name` and `birth` in a "
    "query string are refused with 400. Creates nothing: a retry is harmless and `Idempotency-Key` "
    "is ignored. Pages: POST the same body to the `next` URL."
)


@extend_schema_view(list=extend_schema(parameters=LIST_PARAMETERS))
class CaseViewSet(SafeWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Case]):
    """The cases the caller's organisation is party to; each compartment through the policy."""

    queryset = Case.objects.none()  # for the schema; get_queryset filters by the caller's grants
    pagination_class = CaseListPagination
    http_method_names = ["get", "post", "put", "head", "options"]
    # Each @action that opens another compartment declares its own read_scopes.
    read_scopes: tuple[str, ...] = (Scope.CORE,)
    write_scopes = WRITE_SCOPES
    required_scopes: tuple[str, ...] | None = None  # set per action (the search)
    # POSTs that only read: no write scope, no Idempotency-Key (ksmm/api/idempotency.py).
    read_only_post_actions = frozenset({"search"})

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        refused = [parameter for parameter in IDENTITY_PARAMETERS if parameter in request.query_params]
        if refused:
            message = _("Search by name or date of birth with POST /api/v1/cases/search/; never in the URL.")
            raise serializers.ValidationError(dict.fromkeys(refused, message))

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return CaseSerializer
        if self.action == "search":
            return CaseSearchSerializer
        if self.action == "create":
            return IntakeSerializer
        return CaseDetailSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = {**super().get_serializer_context(), "caller": caller_for(self.request)}
        decided: CaseAccess | None = getattr(self, "_decided", None)
        return {**context, "access": decided} if decided is not None else context

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        search = CaseSearch(text=params.get("q", ""), status=params.get("status", ""))
        if search.status and search.status not in Case.Status.values:
            raise serializers.ValidationError({"status": _("Unknown status.")})
        return self._search(search)

    def _search(self, search: CaseSearch) -> QuerySet[Case]:
        try:
            return search_cases(membership=_caller(self.request), search=search).select_related(None)
        except InvalidBirthDate as error:
            raise serializers.ValidationError({"birth": str(error)}) from error

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._rows(self.filter_queryset(self.get_queryset()))

    def _rows(self, cases: QuerySet[Case]) -> Response:
        """One page of list rows, as CaseSerializer describes them (tests/cases/test_api.py)."""
        return self.get_paginated_response(self.paginate_queryset(cases.values(*LIST_FIELDS)))

    def get_object(self) -> Case:
        self._decided = self._access(Compartment.CORE)
        return self._decided.case

    @extend_schema(
        request=CaseSearchSerializer,
        responses=CaseSerializer(many=True),
        parameters=[OpenApiParameter("cursor", OpenApiTypes.STR, description="From the `next` or `previous` URL.")],
        description=SEARCH_DESCRIPTION,
    )
    @action(detail=False, methods=["post"], required_scopes=(Scope.CORE, Scope.IDENTITY))
    def search(self, request: Request) -> Response:
        serializer = CaseSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        search = CaseSearch(text=data["q"], name=data["name"], birth=data["birth"], status=data["status"])
        response = self._rows(self._search(search))
        record_identity_search(
            actor=_person_or_none(request), search=search, request=request,
            purpose="API case search by name or date of birth",
        )  # fmt: skip
        return response

    def _case(self, compartment: str, *, write: bool = False) -> Case:
        return self._access(compartment, write=write).case

    def _access(self, compartment: str, *, write: bool = False) -> CaseAccess:
        return access_case(
            membership=_caller(self.request),
            case_id=self.kwargs["pk"],
            compartment=compartment,
            write=write,
            request=self.request,
            purpose="API",
        )

    @extend_schema(request=IntakeSerializer, responses={201: IntakeResultSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = IntakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        identity = None
        if any(data.get(name) for name in ("official_name", "first_name", "date_of_birth", "age_in_doubt")):
            identity = IdentityData(
                official_name=data.get("official_name", ""),
                first_name=data.get("first_name", ""),
                date_of_birth=data.get("date_of_birth", ""),
                age_in_doubt=data.get("age_in_doubt", False),
            )
        case, duplicates = do_take_in(
            acting_user=_person(request),
            organisation=_caller(request).organisation,
            pseudonym=data["pseudonym"],
            opened_on=data["opened_on"],
            source=data["source"],
            exploitation_type=data["exploitation_type"],
            exploitation_subtypes=data.get("exploitation_subtypes", []),
            place_of_exploitation=data["place_of_exploitation"],
            identity=identity,
            request=request,
        )
        case.possible_duplicates = duplicates  # type: ignore[attr-defined]
        body = IntakeResultSerializer(case, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=IdentitySerializer)
    @extend_schema(methods=["PUT"], request=IdentitySerializer, responses=IdentitySerializer)
    @action(detail=True, methods=["get", "put"], read_scopes=(Scope.CORE, Scope.IDENTITY))
    def identity(self, request: Request, pk: str) -> Response:
        write = request.method == "PUT"
        if write:
            _person(request)
        access = self._access(Compartment.IDENTITY, write=write)
        case = access.case
        if write:
            serializer = IdentitySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            identity = do_save_identity(
                acting_user=_person(request),
                case=case,
                data=IdentityData(
                    **{key: value for key, value in data.items() if key not in {"aliases", "identifiers"}},
                    aliases="\n".join(data["aliases"]),
                    identifiers=[(item["category"], item["value"]) for item in data["identifiers"]],
                ),
                request=request,
            )
            return Response(IdentitySerializer(identity).data)
        found = identity_of(access=access)
        if found is None:
            raise exceptions.NotFound()
        return Response(IdentitySerializer(found).data)

    @extend_schema(methods=["GET"], responses=CounsellingEntrySerializer(many=True))
    @extend_schema(methods=["POST"], request=CounsellingEntrySerializer, responses={201: CounsellingEntrySerializer})
    # Counselling has no client scope (professional secrecy): people only.
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="counselling-notes",
        read_scopes=PEOPLE_ONLY,
        pagination_class=None,
    )
    def counselling_notes(self, request: Request, pk: str) -> Response:
        caller = _caller(request)
        if request.method == "POST":
            acting_user = _person(request)
            case = self._case(Compartment.COUNSELLING, write=True)
            serializer = CounsellingEntrySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            entry = do_add_counselling_entry(
                acting_user=acting_user, organisation=caller.organisation, case=case, request=request,
                **serializer.validated_data,
            )  # fmt: skip
            return Response(CounsellingEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
        entries = records_for(access=self._access(Compartment.COUNSELLING), model=CounsellingEntry)
        return Response(CounsellingEntrySerializer(entries, many=True).data)

    @extend_schema(methods=["GET"], responses=EvidenceNoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=EvidenceNoteSerializer, responses={201: EvidenceNoteSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="evidence-notes",
        read_scopes=(Scope.CORE, Scope.INVESTIGATION),
        pagination_class=None,
    )
    def evidence_notes(self, request: Request, pk: str) -> Response:
        caller = _caller(request)
        if request.method == "POST":
            acting_user = _person(request)
            case = self._case(Compartment.INVESTIGATION, write=True)
            serializer = EvidenceNoteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            note = do_add_evidence_note(
                acting_user=acting_user, organisation=caller.organisation, case=case, request=request,
                **serializer.validated_data,
            )  # fmt: skip
            return Response(EvidenceNoteSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = records_for(access=self._access(Compartment.INVESTIGATION), model=EvidenceNote)
        return Response(EvidenceNoteSerializer(notes, many=True).data)

    @extend_schema(methods=["GET"], responses=ConsentSerializer(many=True))
    @extend_schema(methods=["POST"], request=ConsentSerializer, responses={201: ConsentSerializer})
    @action(detail=True, methods=["get", "post"], read_scopes=PEOPLE_ONLY, pagination_class=None)
    def consents(self, request: Request, pk: str) -> Response:
        caller = _caller(request)
        if request.method == "POST":
            acting_user = _person(request)
            case = self._case(Compartment.COUNSELLING, write=True)
            serializer = ConsentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            try:
                consent = check_record_consent(
                    acting_user=acting_user,
                    membership=caller,
                    case=case,
                    recipient=data["recipient_organisation"],
                    purpose=data["purpose"],
                    scope=data["scope"],
                    basis=data["basis"],
                    exception_purpose=data["exception_purpose"],
                    given_on=data["given_on"],
                    justification=data.get("justification", ""),
                    request=request,
                )
            except ConsentRefused as error:
                raise serializers.ValidationError(str(error)) from error
            return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)
        consents = consents_of(access=self._access(Compartment.COUNSELLING))
        return Response(ConsentSerializer(consents, many=True).data)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>\d+)/revoke")
    def revoke_consent(self, request: Request, pk: str, consent_id: str) -> Response:
        acting_user = _person(request)
        access = self._access(Compartment.COUNSELLING, write=True)
        consent = consent_to_revoke(access=access, consent_id=int(consent_id))
        if consent is None:
            raise exceptions.NotFound()
        consent = do_revoke_consent(acting_user=acting_user, consent=consent, request=request)
        return Response(ConsentSerializer(consent).data)

    @extend_schema(responses=TimelineEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request: Request, pk: str) -> Response:
        access = self._access(Compartment.CORE)
        case = access.case
        entries = timeline_for(access=access)
        do_record_compartments(
            actor=_person_or_none(request),
            action=AuditAction.READ,
            obj=case,
            compartments=sorted({entry.compartment for entry in entries} & AUDITED_COMPARTMENTS),
            purpose="API timeline",
            request=request,
        )
        return Response(TimelineEntrySerializer(entries, many=True).data)

    # Replays of the detail actions that create: the created object, read through the gate.

    def replay_counselling_notes(self, object_id: str) -> dict[str, Any]:
        notes = records_for(access=self._access(Compartment.COUNSELLING), model=CounsellingEntry)
        return dict(CounsellingEntrySerializer(get_object_or_404(notes, pk=object_id)).data)

    def replay_evidence_notes(self, object_id: str) -> dict[str, Any]:
        notes = records_for(access=self._access(Compartment.INVESTIGATION), model=EvidenceNote)
        return dict(EvidenceNoteSerializer(get_object_or_404(notes, pk=object_id)).data)

    def replay_consents(self, object_id: str) -> dict[str, Any]:
        consents = consents_of(access=self._access(Compartment.COUNSELLING))
        return dict(ConsentSerializer(get_object_or_404(consents, pk=object_id)).data)

    def replay_revoke_consent(self, object_id: str) -> dict[str, Any]:
        return self.replay_consents(object_id)


class ReferralViewSet(SafeWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Referral]):
    """Hand-offs sent or received by the caller's organisation."""

    queryset = Referral.objects.none()  # for the schema; get_queryset filters by the caller
    serializer_class = ReferralSerializer
    ordering = "-id"

    read_scopes = (Scope.CORE,)
    write_scopes = WRITE_SCOPES

    def get_queryset(self) -> QuerySet[Referral]:
        return referrals_for(membership=_caller(self.request))

    def get_object(self) -> Referral:
        return access_referral(membership=_caller(self.request), referral_id=self.kwargs["pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        acting_user = _person(request)
        serializer = ReferralSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = access_case(membership=_caller(request), case_id=data["case_id"], request=request).case
        try:
            referral = check_request_referral(
                acting_user=acting_user,
                membership=_caller(request),
                case=case,
                recipient=data["to_organisation"],
                compartments=data.get("compartments", []),
                message=data.get("message", ""),
                request=request,
            )
        except ReferralRefused as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _step(self, request: Request, step: str) -> Response:
        acting_user = _person(request)
        referral = self.get_object()
        caller = _caller(request)
        try:
            if step == "accept":
                check_accept_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            elif step == "done":
                check_finish_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            elif step == "revoke":
                check_revoke_referral(acting_user=acting_user, membership=caller, referral=referral, request=request)
            else:
                serializer = DeclineSerializer(data=request.data)
                serializer.is_valid(raise_exception=True)
                check_decline_referral(
                    acting_user=acting_user, membership=caller, referral=referral,
                    reason=serializer.validated_data["reason"], request=request,
                )  # fmt: skip
        except ReferralRefused as error:
            raise serializers.ValidationError(str(error)) from error
        return Response(ReferralSerializer(referral).data)

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._step(request, "accept")

    @extend_schema(request=DeclineSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._step(request, "decline")

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: str) -> Response:
        return self._step(request, "done")

    @extend_schema(request=None, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        return self._step(request, "revoke")

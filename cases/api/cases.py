"""/api/v1/cases/: the list (cursor-paged), search, intake and each compartment of a case."""

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ksmm.api.identity import caller_for
from ksmm.api.pagination import CursorPagination
from ksmm.api.scopes import PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.audit.actions import do_record_compartments
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.matching.actions import LookupLimitReached

from ..access import AUDITED_COMPARTMENTS, access_case, decision_on, record_identity_search
from ..case_file import identity_of
from ..consents import ConsentRefused, check_record_consent, consent_to_revoke, consents_of, do_revoke_consent
from ..identity import IdentityData, InvalidBirthDate, do_save_identity
from ..intake import do_take_in
from ..matching import federal_signal
from ..models import (
    Case,
    CounsellingEntry,
    EvidenceNote,
)
from ..notes import do_add_counselling_entry, do_add_evidence_note
from ..policy import CaseAccess
from ..queries import CaseSearch, search_cases
from ..records import records_for
from ..searches import IDENTITY_PARAMETERS
from ..timeline import timeline_for
from .common import caller_of, person_of, person_or_none
from .ech import identity_at_intake
from .serializers import (
    LIST_FIELDS,
    CaseDetailSerializer,
    CaseSearchSerializer,
    CaseSerializer,
    ConsentSerializer,
    CounsellingEntrySerializer,
    EvidenceNoteSerializer,
    IdentitySerializer,
    IntakeResultSerializer,
    IntakeSerializer,
    TimelineEntrySerializer,
)


class CaseListPagination(CursorPagination):
    ordering = "id"  # as "pk", named as the rows (values) name it


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
    # Opening a case; a system acting for a person needs `intake` (and core, to read it back).
    write_scopes: tuple[str, ...] = (Scope.CORE, Scope.INTAKE)
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
            return search_cases(membership=caller_of(self.request), search=search).select_related(None)
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
            actor=person_or_none(request), search=search, request=request,
            purpose="API case search by name or date of birth",
        )  # fmt: skip
        return response

    def _case(self, compartment: str, *, write: bool = False) -> Case:
        return self._access(compartment, write=write).case

    def _access(self, compartment: str, *, write: bool = False) -> CaseAccess:
        return access_case(
            membership=caller_of(self.request),
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
        identity = identity_at_intake(data)
        try:
            case, duplicates = do_take_in(
                acting_user=person_of(request),
                organisation=caller_of(request).organisation,
                pseudonym=data["pseudonym"],
                opened_on=data["opened_on"],
                source=data["source"],
                exploitation_type=data["exploitation_type"],
                exploitation_subtypes=data.get("exploitation_subtypes", []),
                place_of_exploitation=data["place_of_exploitation"],
                identity=identity,
                request=request,
            )
        except LookupLimitReached as refused:
            raise exceptions.Throttled(detail=str(refused)) from None
        case.possible_duplicates = duplicates  # type: ignore[attr-defined]
        # Readers of the identity compartment learn the cantons and their coordination only.
        access = decision_on(membership=caller_of(request), case=case, request=request)
        case.possible_matches_elsewhere = [  # type: ignore[attr-defined]
            asdict(contact) for contact in federal_signal(access=access)
        ]
        body = IntakeResultSerializer(case, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=IdentitySerializer)
    @extend_schema(methods=["PUT"], request=IdentitySerializer, responses=IdentitySerializer)
    @action(
        detail=True,
        methods=["get", "put"],
        read_scopes=(Scope.CORE, Scope.IDENTITY),
        write_scopes=(Scope.CORE, Scope.IDENTITY, Scope.INTAKE),
    )
    def identity(self, request: Request, pk: str) -> Response:
        write = request.method == "PUT"
        if write:
            person_of(request)
        access = self._access(Compartment.IDENTITY, write=write)
        case = access.case
        if write:
            serializer = IdentitySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
            try:
                identity = do_save_identity(
                    acting_user=person_of(request),
                    case=case,
                    data=IdentityData(
                        **{key: value for key, value in data.items() if key not in {"aliases", "identifiers"}},
                        aliases="\n".join(data["aliases"]),
                        identifiers=[(item["category"], item["value"]) for item in data["identifiers"]],
                    ),
                    request=request,
                )
            except LookupLimitReached as refused:
                raise exceptions.Throttled(detail=str(refused)) from None
            return Response(IdentitySerializer(identity, context={"case_number": case.case_number}).data)
        found = identity_of(access=access)
        if found is None:
            raise exceptions.NotFound()
        return Response(IdentitySerializer(found, context={"case_number": case.case_number}).data)

    @extend_schema(methods=["GET"], responses=CounsellingEntrySerializer(many=True))
    @extend_schema(methods=["POST"], request=CounsellingEntrySerializer, responses={201: CounsellingEntrySerializer})
    # Counselling has no client scope (professional secrecy): people only.
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="counselling-notes",
        read_scopes=PEOPLE_ONLY,
        write_scopes=PEOPLE_ONLY,
        pagination_class=None,
    )
    def counselling_notes(self, request: Request, pk: str) -> Response:
        caller = caller_of(request)
        if request.method == "POST":
            acting_user = person_of(request)
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
        write_scopes=PEOPLE_ONLY,
        pagination_class=None,
    )
    def evidence_notes(self, request: Request, pk: str) -> Response:
        caller = caller_of(request)
        if request.method == "POST":
            acting_user = person_of(request)
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
    @action(
        detail=True, methods=["get", "post"], read_scopes=PEOPLE_ONLY, write_scopes=PEOPLE_ONLY, pagination_class=None
    )
    def consents(self, request: Request, pk: str) -> Response:
        caller = caller_of(request)
        if request.method == "POST":
            acting_user = person_of(request)
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
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>\d+)/revoke", write_scopes=PEOPLE_ONLY)
    def revoke_consent(self, request: Request, pk: str, consent_id: str) -> Response:
        acting_user = person_of(request)
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
            actor=person_or_none(request),
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

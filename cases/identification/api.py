"""Identification over the API: the catalogue (members and clients), a case's checklist
(identity compartment) and its assessments (core), through the same gate and actions as pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from cases.access import access_case
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.compartments import Compartment

from . import actions
from .models import Assessment, Checklist, Indicator, Observation
from .queries import assessments_of, checklist_of, checklist_with_observations, current_catalogue

# The identification checklist and assessments are part of the intake.
WRITE_SCOPES = (Scope.CORE, Scope.IDENTITY, Scope.INTAKE)


def _caller(request: Request) -> Caller:
    caller = caller_for(request)
    if caller is None:
        raise Http404
    return caller


def _person(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.PermissionDenied()
    return request.user


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    dimension: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="key", read_only=True)
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "dimension", "dimension_name", "text", "strength", "target", "exploitation_form",
            "is_cantonal", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class IndicatorViewSet(SafeWritesMixin, viewsets.ReadOnlyModelViewSet[Indicator]):
    """The indicators of the catalogue version in use, in the caller's language, cantonal ones marked."""

    serializer_class = IndicatorSerializer
    read_scopes = (Scope.DIRECTORY,)
    queryset = Indicator.objects.none()  # the schema's model; requests use get_queryset
    ordering = "pk"

    def get_queryset(self) -> QuerySet[Indicator]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return Indicator.objects.filter(catalogue=current_catalogue()).select_related("dimension")


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = Observation
        fields = ["indicator", "code", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())


class ChecklistSerializer(serializers.ModelSerializer[Checklist]):
    # All null while a case has no checklist yet.
    catalogue_version = serializers.IntegerField(source="catalogue.version", read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_by_organisation: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    observations = ObservationSerializer(many=True)

    class Meta:
        model = Checklist
        fields = ["catalogue_version", "updated_at", "updated_by_organisation", "observations"]
        read_only_fields = ["catalogue_version", "updated_at", "updated_by_organisation"]


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    class Meta:
        model = Assessment
        fields = ["id", "result", "decided_by", "decided_by_organisation", "decided_at", "observed_count"]
        read_only_fields = ["id", "decided_by", "decided_by_organisation", "decided_at", "observed_count"]


class CaseEndpoint(SafeWritesMixin, GenericAPIView[Any]):
    pagination_class = None
    read_scopes: tuple[str, ...] = (Scope.CORE,)
    write_scopes = WRITE_SCOPES

    def _case(self, compartment: str, *, write: bool = False) -> Case:
        return access_case(
            membership=_caller(self.request), case_id=self.kwargs["case_id"], compartment=compartment,
            write=write, request=self.request, purpose="API",
        ).case  # fmt: skip


class ChecklistView(CaseEndpoint):
    """The identification checklist of a case (identity compartment). PUT replaces the observations."""

    serializer_class = ChecklistSerializer
    read_scopes = (Scope.CORE, Scope.IDENTITY)
    http_method_names = ["get", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[Checklist]:
        return Checklist.objects.none()

    def get(self, request: Request, case_id: int) -> Response:
        case = self._case(Compartment.IDENTITY)
        checklist = checklist_of(case=case)
        if checklist is None:
            return Response(
                {"catalogue_version": None, "updated_at": None, "updated_by_organisation": None, "observations": []}
            )
        checklist = checklist_with_observations(pk=checklist.pk)
        return Response(ChecklistSerializer(checklist).data)

    def put(self, request: Request, case_id: int) -> Response:
        acting_user = _person(request)
        case = self._case(Compartment.IDENTITY, write=True)
        serializer = ChecklistSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        observed = {row["indicator"].pk: row.get("note", "") for row in serializer.validated_data["observations"]}
        checklist = actions.do_save_checklist(
            acting_user=acting_user, organisation=_caller(request).organisation, case=case, observed=observed
        )
        checklist = checklist_with_observations(pk=checklist.pk)
        return Response(ChecklistSerializer(checklist).data)


class AssessmentsView(CaseEndpoint):
    """The assessments of a case, newest first (core): presumed victim yes / no / unclear, who decided."""

    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return Assessment.objects.none()

    @extend_schema(responses=AssessmentSerializer(many=True))
    def get(self, request: Request, case_id: int) -> Response:
        case = self._case(Compartment.CORE)
        return Response(AssessmentSerializer(assessments_of(case=case), many=True).data)

    @extend_schema(responses={201: AssessmentSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        acting_user = _person(request)
        case = self._case(Compartment.CORE, write=True)
        serializer = AssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = actions.do_assess(
            acting_user=acting_user,
            organisation=_caller(request).organisation,
            case=case,
            result=serializer.validated_data["result"],
        )
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    def replay_post(self, object_id: str) -> dict[str, Any]:
        """A replayed POST answers with the assessment it created."""
        assessment = get_object_or_404(assessments_of(case=self._case(Compartment.CORE)), pk=object_id)
        return dict(AssessmentSerializer(assessment).data)

"""The steps of a case over the API: one list and one detail endpoint per kind of step.

Same gate, policy and actions as the pages. Readers of the core only get the core summary of
safety assessments and return assistance. Writes need a person (no client holds `cases:write`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from cases.access import decision_on
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for
from ksmm.api.scopes import COMPARTMENTS_OF_SCOPE, PEOPLE_ONLY, Scope
from ksmm.api.writes import SafeWritesMixin

from . import actions
from .access import access_step, access_step_case
from .kinds import KINDS, StepKind, Visibility
from .models import Step
from .queries import record_detail_reads

# A system acting for a person records steps with `steps`; what kind, the person's grants decide.
WRITE_SCOPES = (Scope.CORE, Scope.STEPS)


def _caller(request: Request) -> Caller:
    caller = caller_for(request)
    if caller is None:
        raise Http404
    return caller


def _person(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.PermissionDenied()
    return request.user


class StepSerializer(serializers.ModelSerializer[Step]):
    """A step; `visibility` in the context cuts it to the core summary."""

    kind: StepKind

    def to_representation(self, instance: Step) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        visibility = self.context.get("visibility")
        if visibility == Visibility.SUMMARY:
            keep = {"id", "recorded_at", *self.kind.core_fields}
            if self.kind.shows_details(
                instance, visibility=visibility, sub_grants=self.context.get("sub_grants", frozenset())
            ):
                keep |= {*self.kind.detail_fields, "recorded_by_organisation"}
            data = {key: value for key, value in data.items() if key in keep}
        return data


def serializer_for(kind: StepKind) -> type[StepSerializer]:
    fields = ["id", *(kind.form._meta.fields or []), "recorded_by_organisation", "recorded_at", "updated_at"]
    meta = type(
        "Meta",
        (),
        {
            "model": kind.model,
            "fields": fields,
            "read_only_fields": ["id", "recorded_by_organisation", "recorded_at", "updated_at"],
        },
    )
    name = f"{kind.model.__name__}Serializer"
    return type(name, (StepSerializer,), {"Meta": meta, "kind": kind, "__doc__": str(kind.model.__doc__)})


class StepEndpoint(SafeWritesMixin, GenericAPIView[Step]):
    kind: StepKind
    pagination_class = None
    read_scopes: tuple[str, ...] = PEOPLE_ONLY  # each kind declares its own (read_scopes_of)
    write_scopes = WRITE_SCOPES

    def _case(self, *, write: bool = False) -> tuple[Case, Visibility]:
        return access_step_case(
            reader=_caller(self.request), case_id=self.kwargs["case_id"], kind=self.kind, write=write,
            request=self.request,
        )  # fmt: skip

    def _read_context(self, case: Case, visibility: Visibility, steps: list[Step]) -> dict[str, Any]:
        """The serializer's cut: the summary, and the details a sub-grant opens (their read audited)."""
        sub_grants: frozenset[str] = frozenset()
        if visibility == Visibility.SUMMARY and self.kind.detail_grant:
            access = decision_on(membership=_caller(self.request), case=case, request=self.request)
            sub_grants = access.sub_grants
            if any(self.kind.shows_details(s, visibility=visibility, sub_grants=sub_grants) for s in steps):
                record_detail_reads(access=access, request=self.request)
        return {"visibility": visibility, "sub_grants": sub_grants}

    def get_serializer(self, *args: Any, **kwargs: Any) -> serializers.BaseSerializer[Step]:
        context = {**self.get_serializer_context(), **kwargs.pop("context", {})}
        return self.get_serializer_class()(*args, context=context, **kwargs)

    def _save(self, serializer: serializers.BaseSerializer[Step], case: Case) -> Step:
        acting_user = _person(self.request)
        step = serializer.instance or self.kind.model(case=case)
        for field, value in serializer.validated_data.items():
            setattr(step, field, value)
        step.case = case
        try:
            return actions.check_save_step(
                acting_user=acting_user, organisation=_caller(self.request).organisation, step=step
            )
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error


class StepList(StepEndpoint):
    def get_queryset(self) -> QuerySet[Step]:
        return self.kind.model._default_manager.none()

    def get(self, request: Request, case_id: int) -> Response:
        case, visibility = self._case()
        if not self.kind.applies_to(case):
            raise Http404
        steps = list(self.kind.model._default_manager.filter(case=case).select_related("recorded_by_organisation"))
        serializer = self.get_serializer(steps, many=True, context=self._read_context(case, visibility, steps))
        return Response(serializer.data)

    def post(self, request: Request, case_id: int) -> Response:
        case, _visibility = self._case(write=True)
        if not self.kind.applies_to(case):
            raise Http404
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step = self._save(serializer, case)
        return Response(self.get_serializer(step).data, status=status.HTTP_201_CREATED)

    def replay_post(self, object_id: str) -> dict[str, Any]:
        """A replayed POST answers with the step it created (the list has no object of its own)."""
        case, _visibility = self._case(write=True)
        return dict(self.get_serializer(access_step(kind=self.kind, case=case, step_id=int(object_id))).data)


class StepDetail(StepEndpoint):
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Step]:
        return self.kind.model._default_manager.none()

    def get(self, request: Request, case_id: int, pk: int) -> Response:
        case, visibility = self._case()
        step = access_step(kind=self.kind, case=case, step_id=pk)
        return Response(self.get_serializer(step, context=self._read_context(case, visibility, [step])).data)

    def patch(self, request: Request, case_id: int, pk: int) -> Response:
        if not self.kind.editable:
            raise exceptions.MethodNotAllowed("PATCH")
        case, _visibility = self._case(write=True)
        step = access_step(kind=self.kind, case=case, step_id=pk)
        serializer = self.get_serializer(step, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self._save(serializer, case)).data)


def read_scopes_of(kind: StepKind) -> tuple[str, ...]:
    """`core` for a kind whose core summary (or whole) every party reads, else also the scope of
    its compartment; counselling has none."""
    if kind.core_fields or kind.compartment == Scope.CORE:
        return (Scope.CORE,)
    scope = next((name for name, compartment in COMPARTMENTS_OF_SCOPE.items() if compartment == kind.compartment), None)
    return (Scope.CORE, scope) if scope is not None else PEOPLE_ONLY


def _endpoints(kind: StepKind) -> list[URLPattern]:
    serializer = serializer_for(kind)
    name = kind.model.__name__
    attributes = {
        "kind": kind, "serializer_class": serializer, "__doc__": kind.model.__doc__,
        "read_scopes": read_scopes_of(kind),
    }  # fmt: skip
    operation = kind.key.replace("-", "_")
    listing: type[StepList] = extend_schema_view(
        get=extend_schema(operation_id=f"cases_{operation}_list", responses=serializer(many=True)),
        post=extend_schema(operation_id=f"cases_{operation}_create", responses={201: serializer}),
    )(type(f"{name}List", (StepList,), attributes))
    detail: type[StepDetail] = extend_schema_view(
        get=extend_schema(operation_id=f"cases_{operation}_retrieve"),
        patch=extend_schema(operation_id=f"cases_{operation}_partial_update"),
    )(type(f"{name}Detail", (StepDetail,), attributes))
    return [
        path(f"cases/<int:case_id>/{kind.key}/", listing.as_view(), name=f"case-{kind.key}-list"),
        path(f"cases/<int:case_id>/{kind.key}/<int:pk>/", detail.as_view(), name=f"case-{kind.key}-detail"),
    ]


urlpatterns = [pattern for kind in KINDS for pattern in _endpoints(kind)]

"""Pages of the operations register: list, plan, detail, announce, answer, cancel, carried out."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.audit.actions import do_record_denied
from ksmm.memberships.access import acting_user, member_required
from ksmm.memberships.models import Membership

from . import actions
from .access import Need, OperationAccess, access_operation
from .forms import AnnounceForm, AnswerForm, CancelForm, CarriedOutForm, OperationForm
from .models import PlannedOperation
from .policy import Side, may_plan, side_of
from .queries import operations_for, visible_cases_of

LIST_SIZE = 100
# Without ?show=all the list hides operations that ended longer ago than this.
RECENT_DAYS = 30


def _membership(request: HttpRequest) -> Membership:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership


def _register_side(request: HttpRequest) -> Side:
    """The reader's side of the register; nothing of it for the others (404)."""
    side = side_of(_membership(request))
    if side == Side.NONE:
        do_record_denied(actor=acting_user(request), request=request, object_type="operations.plannedoperation")
        raise Http404
    return side


@member_required
def operation_list(request: HttpRequest) -> HttpResponse:
    side = _register_side(request)
    membership = _membership(request)
    operations = operations_for(membership=membership)
    if request.GET.get("show") != "all":
        operations = operations.filter(ends_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
    return render(
        request,
        "operations/list.html",
        {
            "operations": list(operations[:LIST_SIZE]),
            "side": side,
            "can_plan": may_plan(membership),
            "show_all": request.GET.get("show") == "all",
        },
    )


def _save_form(request: HttpRequest, form: OperationForm) -> PlannedOperation | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return actions.check_save_operation(
            acting_user=acting_user(request),
            organisation=_membership(request).organisation,
            operation=form.save(commit=False),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@member_required
@require_http_methods(["GET", "POST"])
def operation_create(request: HttpRequest) -> HttpResponse:
    _register_side(request)
    if not may_plan(_membership(request)):
        raise PermissionDenied
    form = OperationForm(request.POST if request.method == "POST" else None)
    operation = _save_form(request, form)
    if operation is not None:
        messages.success(request, _("Operation %(reference)s planned.") % {"reference": operation.reference})
        return redirect("operations:detail", operation.pk)
    return render(
        request,
        "operations/form.html",
        {"form": form, "title": _("Plan an operation")},
        status=400 if form.errors else 200,
    )


@member_required
@require_http_methods(["GET", "POST"])
def operation_edit(request: HttpRequest, operation_id: int) -> HttpResponse:
    access = access_operation(
        reader=_membership(request),
        operation_id=operation_id,
        need=Need.MANAGE,
        actor=acting_user(request),
        request=request,
    )
    form = OperationForm(request.POST if request.method == "POST" else None, instance=access.operation)
    operation = _save_form(request, form)
    if operation is not None:
        messages.success(request, _("Operation %(reference)s saved.") % {"reference": operation.reference})
        return redirect("operations:detail", operation.pk)
    return render(
        request,
        "operations/form.html",
        {
            "form": form,
            "title": _("Change operation %(reference)s") % {"reference": access.operation.reference},
            "operation": access.operation,
        },
        status=400 if form.errors else 200,
    )


@member_required
def operation_detail(request: HttpRequest, operation_id: int) -> HttpResponse:
    membership = _membership(request)
    access = access_operation(reader=membership, operation_id=operation_id, actor=acting_user(request), request=request)
    operation = access.operation
    announcements = (
        list(operation.announcements.select_related("organisation"))
        if access.police_part
        else [access.announcement]
        if access.announcement
        else []
    )
    return render(
        request,
        "operations/detail.html",
        {
            "access": access,
            "operation": operation,
            "announcements": announcements,
            "cases": visible_cases_of(membership=membership, operation=operation),
            "is_open": operation.status in actions.OPEN,
            "answer_form": AnswerForm(initial={"answer": access.announcement.answer})
            if access.can_answer and access.announcement
            else None,
        },
    )


def _step(
    request: HttpRequest,
    operation_id: int,
    *,
    need: Need,
    form_class: Callable[..., Form],
    template: str,
    act: Callable[[OperationAccess, dict[str, Any]], str],
    form_options: Callable[[OperationAccess], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One of the small forms on an operation: gate, parse, one action, back to the operation."""
    access = access_operation(
        reader=_membership(request), operation_id=operation_id, need=need, actor=acting_user(request), request=request
    )
    options = form_options(access) if form_options else {}
    form = form_class(request.POST if request.method == "POST" else None, **options)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(access, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("operations:detail", access.operation.pk)
    return render(
        request,
        template,
        {"form": form, "operation": access.operation, "access": access},
        status=400 if form.errors else 200,
    )


@member_required
@require_http_methods(["GET", "POST"])
def operation_announce(request: HttpRequest, operation_id: int) -> HttpResponse:
    def act(access: OperationAccess, data: dict[str, Any]) -> str:
        actions.check_announce(
            acting_user=acting_user(request), operation=access.operation, organisations=data["organisations"]
        )
        return _("The operation was announced; the organisations told find it in their inbox.")

    return _step(
        request,
        operation_id,
        need=Need.MANAGE,
        form_class=AnnounceForm,
        template="operations/announce.html",
        act=act,
        form_options=lambda access: {
            "already_told": frozenset(access.operation.announcements.values_list("organisation_id", flat=True))
        },
    )


@member_required
@require_http_methods(["POST"])
def operation_answer(request: HttpRequest, operation_id: int) -> HttpResponse:
    def act(access: OperationAccess, data: dict[str, Any]) -> str:
        if access.announcement is None:  # the ANSWER gate returns none such
            raise PermissionDenied
        actions.check_answer(
            acting_user=acting_user(request), announcement=access.announcement, answer=data["answer"], note=data["note"]
        )
        return _("Your answer was sent to the police.")

    return _step(
        request, operation_id, need=Need.ANSWER, form_class=AnswerForm, template="operations/answer.html", act=act
    )


@member_required
@require_http_methods(["GET", "POST"])
def operation_cancel(request: HttpRequest, operation_id: int) -> HttpResponse:
    def act(access: OperationAccess, data: dict[str, Any]) -> str:
        actions.check_cancel(acting_user=acting_user(request), operation=access.operation, reason=data["reason"])
        return _("The operation was cancelled; the organisations told were informed.")

    return _step(
        request, operation_id, need=Need.MANAGE, form_class=CancelForm, template="operations/cancel.html", act=act
    )


@member_required
@require_http_methods(["GET", "POST"])
def operation_carried_out(request: HttpRequest, operation_id: int) -> HttpResponse:
    def act(access: OperationAccess, data: dict[str, Any]) -> str:
        actions.check_carried_out(
            acting_user=acting_user(request),
            operation=access.operation,
            carried_out_on=data["carried_out_on"],
            not_announced_reason=data["not_announced_reason"],
        )
        return _("The operation was recorded as carried out.")

    return _step(
        request,
        operation_id,
        need=Need.MANAGE,
        form_class=CarriedOutForm,
        template="operations/carried_out.html",
        act=act,
    )

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django_tenants.utils import schema_context

from ksmm.cantons.current import current_schema
from ksmm.memberships.access import member_required

from .actions import do_record, do_record_denied
from .export import csv_lines
from .forms import AuditFilterForm
from .models import AuditEntry
from .queries import audit_entries, filter_choices, with_actor_names

LOG_OBJECT_TYPE = "audit.log"
ENTRIES_PER_PAGE = 50


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, dict[str, object]]:
    """The viewer's gate (the canton administrator's permission; a refusal is recorded) and
    the filters of the request."""
    if not request.user.has_perm("audit.view_log"):
        do_record_denied(actor=request.user, request=request, object_type=LOG_OBJECT_TYPE)  # type: ignore[arg-type]
        raise PermissionDenied
    people, clients = filter_choices()
    form = AuditFilterForm(request.GET or None, people=people, clients=clients)
    return form, form.cleaned_data if form.is_valid() else {}


@member_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The canton's audit trail for its administrators; looking at it is recorded too."""
    form, filters = _filters(request)
    do_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditEntry.Action.READ,
        object_type=LOG_OBJECT_TYPE,
        request=request,
    )
    page = Paginator(audit_entries(filters=filters), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = with_actor_names(page.object_list)
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})


@member_required
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV, streamed; the export is itself an entry of the trail."""
    _form, filters = _filters(request)
    do_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditEntry.Action.EXPORT,
        object_type=LOG_OBJECT_TYPE,
        request=request,
    )
    schema_name = current_schema()

    def lines() -> Iterator[str]:
        # The response is streamed after the view returns: the canton's schema is set again.
        with schema_context(schema_name):
            yield from csv_lines(audit_entries(filters=filters))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    return response  # type: ignore[return-value]  # streamed: member_required's views answer HttpResponse

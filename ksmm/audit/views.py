from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.memberships.access import member_required

from .actions import do_record, do_record_denied
from .forms import AuditFilterForm
from .models import AuditEntry
from .queries import audit_entries, with_actor_names

LOG_OBJECT_TYPE = "audit.log"
ENTRIES_PER_PAGE = 50


@member_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The canton's audit trail for its administrators; looking at it is recorded too."""
    if not request.user.has_perm("audit.view_log"):
        do_record_denied(actor=request.user, request=request, object_type=LOG_OBJECT_TYPE)  # type: ignore[arg-type]
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    do_record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditEntry.Action.READ,
        object_type=LOG_OBJECT_TYPE,
        request=request,
    )
    page = Paginator(audit_entries(filters=filters), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = with_actor_names(page.object_list)
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows})

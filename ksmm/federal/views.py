from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.accounts.second_factor import passed_second_factor
from ksmm.cantons.models import Canton
from ksmm.statistics.queries import latest_dashboard_release

from .roles import federal_role_of


def home(request: HttpRequest) -> HttpResponse:
    """The federal start page: the active cantons, each with a link to its own host; for a signed-in
    federal analyst, first the way to the statistics and the date of their latest release."""
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    cantons = []
    for canton in Canton.objects.cantons().active().prefetch_related("domains"):
        primary = next((d.domain for d in canton.domains.all() if d.is_primary), None)
        if primary:
            cantons.append((canton, f"{request.scheme}://{primary}{suffix}/"))
    reads_statistics = federal_role_of(request.user) is not None and passed_second_factor(request.user)
    release = latest_dashboard_release() if reads_statistics else None
    return render(
        request,
        "federal/home.html",
        {"cantons": cantons, "reads_statistics": reads_statistics, "statistics_release": release},
    )

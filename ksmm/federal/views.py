from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.cantons.models import Canton


def home(request: HttpRequest) -> HttpResponse:
    """The federal start page: the active cantons, each with a link to its own host."""
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    cantons = []
    for canton in Canton.objects.cantons().active().prefetch_related("domains"):
        primary = next((d.domain for d in canton.domains.all() if d.is_primary), None)
        if primary:
            cantons.append((canton, f"{request.scheme}://{primary}{suffix}/"))
    return render(request, "federal/home.html", {"cantons": cantons})

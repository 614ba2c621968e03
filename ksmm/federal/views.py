from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.cantons.models import Canton


def home(request: HttpRequest) -> HttpResponse:
    """The federal start page: the active cantons, each with a link to its own host."""
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    cantons = [
        (canton, f"{request.scheme}://{domain}{suffix}/")
        for canton, domain in (
            (c, c.domains.filter(is_primary=True).values_list("domain", flat=True).first())
            for c in Canton.objects.cantons().active().prefetch_related("domains")
        )
        if domain
    ]
    return render(request, "federal/home.html", {"cantons": cantons})

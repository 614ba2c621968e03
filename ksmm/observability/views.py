"""GET /metrics on the bare host, for Prometheus: the text exposition format, or 404.

Canton hosts do not route it at all (config/urls_canton.py). On the bare host it answers only
`Authorization: Bearer <METRICS_TOKEN>`; a missing or wrong token, or no token configured, gets
the same 404 as any unknown page: a scanner learns nothing. The metrics hold names of routes,
tasks and cantons and counts, no personal data, but they tell an attacker what is busy.
"""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from .collectors import scrape_collectors
from .metrics import multiprocess_directory, process_registry


def check_scraper(request: HttpRequest) -> None:
    """Raises Http404 unless the request carries the configured bearer token."""
    expected = str(settings.METRICS_TOKEN or "")
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Http404


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    # The token before the method: a POST without it is a 404 too, not a 405 that names the route.
    check_scraper(request)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    scraped = CollectorRegistry(auto_describe=False)
    for collector in scrape_collectors(multiprocess_directory=multiprocess_directory()):
        scraped.register(collector)
    body = generate_latest(process_registry()) + generate_latest(scraped)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)

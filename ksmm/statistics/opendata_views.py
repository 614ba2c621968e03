"""The open-data pages on the bare host: public, no sign-in (they hold noisy counts only).

Published releases never change: they may be read from the streaming replica.
"""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ksmm.cantons.replica import replica_reads

from . import opendata
from .queries import open_data_release, open_data_releases

FORMATS = ("csv", "json")


@require_safe
@replica_reads
def open_data(request: HttpRequest) -> HttpResponse:
    """Every open-data release with its downloads."""
    return render(request, "statistics/open_data.html", {"releases": list(open_data_releases())})


@require_safe
@replica_reads
def open_data_dictionary(request: HttpRequest, release_id: int) -> HttpResponse:
    """The data dictionary of a release as a page, in the reader's language."""
    release = open_data_release(release_id)
    dictionary = opendata.in_language(opendata.data_dictionary(release), get_language() or "en")
    return render(request, "statistics/open_data_dictionary.html", {"release": release, "dictionary": dictionary})


@require_safe
@replica_reads
def open_data_dictionary_json(request: HttpRequest, release_id: int) -> HttpResponse:
    release = open_data_release(release_id)
    return _attachment(
        JsonResponse(opendata.data_dictionary(release), json_dumps_params={"ensure_ascii": False, "indent": 1}),
        f"ksmm-open-data-{release.pk}-dictionary.json",
    )


@require_safe
@replica_reads
def open_data_cells(request: HttpRequest, release_id: int, fmt: str) -> HttpResponse:
    """The noisy cells of a release as CSV or JSON; any other format is not found."""
    if fmt not in FORMATS:
        raise Http404
    release = open_data_release(release_id)
    if fmt == "csv":
        response = HttpResponse(opendata.cells_csv(release), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps(opendata.cells_json(release), ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json")
    return _attachment(response, f"ksmm-open-data-{release.pk}.{fmt}")


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

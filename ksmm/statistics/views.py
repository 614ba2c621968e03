"""The statistics pages: the dashboard, its exports and the annual report, on either host.

Each view passed the gate (access.statistics_reader_required), reads the latest dashboard
release through queries/dashboard, records the read in the audit chain and renders. Past the
gate, the published aggregates may be read from the streaming replica (ksmm/cantons/replica.py);
the audit entry is written on the primary.
"""

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ksmm.audit.models import AuditAction
from ksmm.cantons.current import PRINT_LANGUAGES
from ksmm.cantons.replica import replica_reads

from . import exports
from .access import StatisticsReader, statistics_reader_required
from .dashboard import Dashboard, Scope, build_dashboard, health_rows, scope_query
from .forms import DashboardFilterForm
from .models import Release
from .queries import latest_dashboard_release, release_years
from .reads import do_record_statistics_read
from .report import report_file_name, report_pdf

FILE_FORMATS = ("csv", "xlsx")


# A release never changes once made: the charts and tables of one choice of filters, in one
# language, are the same HTML for every reader of that scope until the next release.
SECTIONS_CACHE_SECONDS = 3600


def _dashboard(request: HttpRequest, reader: StatisticsReader) -> tuple[DashboardFilterForm, Dashboard] | None:
    release = latest_dashboard_release()
    if release is None:
        return None
    years = release_years(release=release, canton=reader.default_canton)
    form = DashboardFilterForm(request.GET, reader=reader, years=years)
    dashboard = build_dashboard(release=release, scope=form.scope(), federal=reader.is_federal, years=years)
    return form, dashboard


def _sections(*, release: Release, scope: Scope, reader: StatisticsReader, years: list[int], query: str) -> str:
    """The charts and tables of the page, from the cache or built and kept there."""
    key = ":".join(
        str(part)
        for part in (
            "statistics-sections", release.pk, release.created_at.timestamp(), reader.is_federal, scope.canton,
            scope.year, scope.quarter, scope.form, get_language(),
        )
    )  # fmt: skip
    html = cache.get(key)
    if html is None:
        board = build_dashboard(release=release, scope=scope, federal=reader.is_federal, years=years, with_health=False)
        html = render_to_string("statistics/_sections.html", {"dashboard": board, "query": query})
        cache.set(key, html, SECTIONS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own template above


@statistics_reader_required
@replica_reads
def dashboard(request: HttpRequest, reader: StatisticsReader) -> HttpResponse:
    release = latest_dashboard_release()
    if release is None:
        return render(request, "statistics/dashboard.html", {"reader": reader, "release": None})
    years = release_years(release=release, canton=reader.default_canton)
    form = DashboardFilterForm(request.GET, reader=reader, years=years)
    scope = form.scope()
    query = scope_query(scope, federal=reader.is_federal)
    do_record_statistics_read(
        reader=reader, release=release, action=AuditAction.READ, what="dashboard", scope=scope, request=request
    )
    return render(
        request,
        "statistics/dashboard.html",
        {
            "reader": reader,
            "release": release,
            "form": form,
            "scope": scope,
            "years": years,
            "query": query,
            "sections": _sections(release=release, scope=scope, reader=reader, years=years, query=query),
            "health_rows": health_rows(scope),
            "report_languages": PRINT_LANGUAGES,
        },
    )


@statistics_reader_required
@replica_reads
def export(request: HttpRequest, reader: StatisticsReader, table: str, file_format: str) -> HttpResponse:
    built = _dashboard(request, reader)
    if built is None or file_format not in FILE_FORMATS:
        raise Http404
    form, board = built
    if not form.is_valid():
        return HttpResponseBadRequest(_("These filters are not offered. Choose them again on the dashboard."))
    known = [*board.tables, *([exports.HEALTH] if board.health else [])]
    keys = known if table == "all" and file_format == "xlsx" else [table]
    if not set(keys) <= set(known):
        raise Http404
    do_record_statistics_read(
        reader=reader, release=board.release, action=AuditAction.EXPORT, what=f"{table}.{file_format}",
        scope=board.scope, request=request,
    )  # fmt: skip
    if file_format == "csv":
        response = HttpResponse(exports.table_csv(board, table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.workbook(board, keys), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(board, table, file_format)}"'
    return response


@statistics_reader_required
@replica_reads
def report(request: HttpRequest, reader: StatisticsReader, year: int, language: str) -> HttpResponse:
    release = latest_dashboard_release()
    if release is None or language not in PRINT_LANGUAGES:
        raise Http404
    years = release_years(release=release, canton=reader.default_canton)
    if year not in years:
        raise Http404
    pdf = report_pdf(release=release, reader=reader, year=year, years=years, language=language)
    do_record_statistics_read(
        reader=reader, release=release, action=AuditAction.PRINT, what=f"annual report {language}",
        scope=Scope(canton=reader.default_canton, year=year), request=request,
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    name = report_file_name(reader=reader, year=year, language=language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

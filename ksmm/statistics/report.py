"""The annual report: the dashboard of one year as a PDF in de, fr, it or en.

The charts go in as inline SVG (WeasyPrint draws them, no network), each followed by its table,
then what disclosure control withheld and how each category maps to the PKS and OHS of the BFS
(REFERENCE.md §4).
"""

from django.utils import formats, translation
from django.utils.translation import gettext as _

from ksmm.documents.rendering import render_pdf

from .access import StatisticsReader
from .dashboard import Scope, build_dashboard, canton_names
from .models import Release


def report_pdf(*, release: Release, reader: StatisticsReader, year: int, years: list[int], language: str) -> bytes:
    scope = Scope(canton=reader.default_canton, year=year)
    with translation.override(language):
        dashboard = build_dashboard(
            release=release, scope=scope, federal=reader.is_federal, years=[y for y in years if y <= year]
        )
        title = _("Human trafficking: annual statistics %(year)s") % {"year": year}
        place = canton_names().get(scope.canton.upper(), _("Switzerland"))
        facts = [
            place,
            _("Release of %(date)s, counting rules %(version)s")
            % {
                "date": formats.date_format(release.created_at, "DATE_FORMAT"),
                "version": release.rules_version,
            },
        ]
        context = {
            "dashboard": dashboard,
            "document_subtitle": place,
            "document_facts": facts,
            "document_issuer": _("Federal coordination unit against human trafficking"),
        }
    return render_pdf(template_name="statistics/report.html", context=context, language=language, title=title)


def report_file_name(*, reader: StatisticsReader, year: int, language: str) -> str:
    return f"ksmm-annual-report-{reader.default_canton}-{year}-{language}.pdf"

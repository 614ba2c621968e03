"""Benchmark: render a typical 12-page agreement five times (`make bench`).

Targets: under 2 s per agreement, and at most 1.3 times a bare WeasyPrint render of the same HTML
with the same resources (no PDF/UA, no template), measured in the same run. Writes
bench-results/documents.json.
"""

import io
import json
import logging
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

RUNS = 5
TARGET_SECONDS = 2.0
TARGET_RATIO = 1.3
RESULTS = Path(__file__).resolve().parent.parent / "bench-results" / "documents.json"

PARAGRAPH = (
    "Die Partnerorganisationen der Kantone Zürich, Genève und Ticino melden Verdachtsfälle von "
    "Menschenhandel unverzüglich der Koordinationsstelle, wahren die Rechte der Opfer während der "
    "Erholungs- und Bedenkzeit und stimmen Schutzmassnahmen, Unterkunft und Beratung miteinander ab. "
)


def agreement_context() -> dict[str, Any]:
    sections: list[dict[str, Any]] = [
        {
            "id": f"section-{number}",
            "title": f"§ {number} Zusammenarbeit",
            "paragraphs": [PARAGRAPH * 3] * 2 + [PARAGRAPH],
        }
        for number in range(1, 15)
    ]
    sections[6]["table"] = {
        "header": ["Organisation", "Rolle", "Kontakt", "Erreichbarkeit", "Sprache"],
        "rows": [[f"Organisation {row}", "Beratung", "Koordination", "Mo-Fr 8-17", "de/fr/it"] for row in range(1, 17)],
    }
    signatories = [{"name": name, "place": place} for name, place in (("Alice", "Zürich"), ("Bob", "Genève"))]
    return {"sections": sections, "signatories": signatories, "document_subtitle": "Runder Tisch Zürich"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    # WeasyPrint logs every layout step at INFO; the figures are what this prints.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import pypdf
    import weasyprint
    from django.template.loader import render_to_string

    from ksmm.documents.fetcher import StaticOnlyURLFetcher, static_base_url
    from ksmm.documents.rendering import page_counter_css, render_pdf

    context = agreement_context()
    html = render_to_string(
        "documents/sections.html",
        {**context, "document_title": "Kooperationsvereinbarung", "document_language": "de",
         "page_counter": page_counter_css()},
    )  # fmt: skip
    bare = []
    for _ in range(RUNS):
        start = time.perf_counter()
        weasyprint.HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyURLFetcher()).write_pdf()
        bare.append(time.perf_counter() - start)
    timings = []
    pages = 0
    for _ in range(RUNS):
        start = time.perf_counter()
        pdf = render_pdf(
            template_name="documents/sections.html", context=context, language="de", title="Kooperationsvereinbarung"
        )
        timings.append(time.perf_counter() - start)
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    # ru_maxrss is in kilobytes on Linux.
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results = {
        "runs": RUNS,
        "pages": pages,
        "median_seconds": round(statistics.median(timings), 3),
        "bare_weasyprint_median_seconds": round(statistics.median(bare), 3),
        "ratio_to_bare": round(statistics.median(timings) / statistics.median(bare), 3),
        "target_ratio": TARGET_RATIO,
        "max_seconds": round(max(timings), 3),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "target_seconds": TARGET_SECONDS,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()

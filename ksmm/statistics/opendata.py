"""The files of an open-data release: its cells as CSV and JSON, and its data dictionary.

Everything here reads a stored release (noisy counts only) and the catalogue; nothing reads the
aggregates. Labels come in every interface language, so one file serves every reader.
"""

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .catalogue import FORM, UNITS, measure
from .models import Release, ReleasedCell
from .privacy import MECHANISM, OPEN_DATA_TABLES, SENSITIVITY, spent_epsilon

LANGUAGES = ("de", "fr", "it", "en")
COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("canton", _("Canton: eCH-0007 abbreviation in lower case.")),
    ("year", _("Calendar year the events are dated in.")),
    ("measure", _("What is counted (see the tables below).")),
    ("dimension", _("The variable the counts are split by.")),
    ("value", _("The value of that variable.")),
    ("form", _("Form of exploitation.")),
    ("count", _("Noisy count: the exact count plus random noise, set to zero if negative.")),
)
# Where each dimension comes from in the official statistics (REFERENCE.md §4).
SOURCES: dict[str, Promise] = {
    "sex": _("PKS injured persons: sex (the PKS category legal entity does not occur here)."),
    "age_band": _("PKS injured persons: age groups, the same bands."),
    "source": _("No official counterpart: how the case came to the attention of a partner."),
    "reflection_decision": _("No official counterpart: decisions on reflection periods (Art. 35 VZAE)."),
}
NOTES: tuple[Promise, ...] = (
    _(
        "Every count is noisy. Differentially private noise was added to each cell, so small counts, "
        "zeros included, may be shown larger or smaller than they are, and sums of cells are noisier still."
    ),
    _(
        "Cases, persons and offences are different units and must not be added together. A victim-aid "
        "counselling case (OHS) is not a person, and a person is not an offence (PKS)."
    ),
    _(
        "These counts come from the cantonal round tables. They are a different basis from the police "
        "crime statistics (PKS) and the victim assistance statistics (OHS): never add them to those."
    ),
    _(
        "The unit of privacy is one person or case counted once in each table in the year. A person "
        "counted more than once is protected at a multiple of ε."
    ),
)


def translated(label: Promise | str) -> dict[str, str]:
    result = {}
    for language in LANGUAGES:
        with translation.override(language):
            result[language] = str(label)
    return result


def data_dictionary(release: Release) -> dict[str, Any]:
    """What every column, table, value and number of the release means, in de, fr, it and en."""
    year = release.budget_year or 0
    tables = []
    for measure_key, dimension_key in OPEN_DATA_TABLES:
        m = measure(measure_key)
        dimension = next(d for d in m.dimensions if d.key == dimension_key)
        tables.append(
            {
                "measure": m.key,
                "label": translated(m.label),
                "description": translated(m.description),
                "unit": m.unit,
                "unit_label": translated(UNITS[m.unit]),
                "dimension": dimension.key,
                "dimension_label": translated(dimension.label),
                "official_statistics": translated(SOURCES[dimension.key]),
                "values": [{"value": key, "label": translated(label)} for key, label in dimension.values],
            }
        )
    return {
        "release": release.pk,
        "published_at": release.created_at.isoformat(),
        "rules_version": release.rules_version,
        "year": year,
        "privacy": {
            "mechanism": MECHANISM,
            "epsilon": release.epsilon,
            "budget_per_year": float(settings.STATISTICS_EPSILON_PER_YEAR),
            "epsilon_spent_in_year": spent_epsilon(year=year),
            "l1_sensitivity": SENSITIVITY,
            "noise_scale": release.noise_scale,
            "post_processing": "negative counts set to 0; all counts integers",
            "counts_are_noisy": True,
        },
        "columns": [{"name": name, "description": translated(text)} for name, text in COLUMNS],
        "forms": [{"value": key, "label": translated(label)} for key, label in FORM.values],
        "tables": tables,
        "notes": [translated(note) for note in NOTES],
    }


def cell_rows(release: Release) -> Iterator[dict[str, Any]]:
    cells = ReleasedCell.objects.filter(release=release).order_by("measure", "dimension", "canton", "form", "value")
    for canton, start, measure_key, dimension, value, form, count in cells.values_list(
        "canton", "period_start", "measure", "dimension", "value", "form", "count"
    ):
        yield {
            "canton": canton,
            "year": start.year,
            "measure": measure_key,
            "dimension": dimension,
            "value": value,
            "form": form,
            "count": count,
        }


def cells_csv(release: Release) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _text in COLUMNS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(cell_rows(release))
    return out.getvalue()


def cells_json(release: Release) -> dict[str, Any]:
    return {
        "release": release.pk,
        "year": release.budget_year,
        "epsilon": release.epsilon,
        "counts_are_noisy": True,
        "cells": list(cell_rows(release)),
    }


def in_language(node: Any, language: str) -> Any:
    """The dictionary with each {de, fr, it, en} label replaced by the one of `language`."""
    if isinstance(node, dict):
        if set(node) == set(LANGUAGES):
            return node.get(language, node["en"])
        return {key: in_language(value, language) for key, value in node.items()}
    if isinstance(node, list):
        return [in_language(item, language) for item in node]
    return node

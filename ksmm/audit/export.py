"""The audit trail as CSV: the viewer's columns in words, with no personal data beyond the names
of the actors and the case numbers, and no cell a spreadsheet would run as a formula."""

import csv
from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ksmm.compartments import Compartment

from .models import AuditEntry
from .queries import EntryRow, with_actor_names

BATCH = 500
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like sink for csv.writer that hands back the line just written."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def header() -> list[str]:
    return [
        _("No."), _("Time"), _("Action"), _("Actor"), _("Kind of actor"), _("Organisation"), _("Object"),
        _("Case or object"), _("Compartment"), _("Purpose"), _("Recipient"),
    ]  # fmt: skip


def cells(row: EntryRow) -> list[str]:
    entry = row.entry
    return [
        str(entry.sequence),
        formats.date_format(timezone.localtime(entry.occurred_at), "SHORT_DATETIME_FORMAT"),
        str(AuditEntry.Action(entry.action).label),
        row.actor,
        str(AuditEntry.ActorKind(entry.actor_kind).label) if entry.actor_kind else "",
        row.organisation,
        row.object_type,
        row.object_label,
        str(Compartment(entry.compartment).label) if entry.compartment else "",
        entry.purpose,
        row.recipient,
    ]


def csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The header, then one line per entry, reading the entries in batches (names resolved per
    batch, so the queries grow with the batches, not with the entries)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header())  # the BOM lets spreadsheets read UTF-8
    for batch in _batches(entries.iterator(chunk_size=BATCH)):
        for row in with_actor_names(batch):
            yield writer.writerow([safe_cell(cell) for cell in cells(row)])


def _batches(entries: Iterator[AuditEntry]) -> Iterator[list[AuditEntry]]:
    while batch := list(islice(entries, BATCH)):
        yield batch

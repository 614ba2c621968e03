"""The case timeline: apps register sources of entries, the policy decides which are shown.

An app registers a function `fn(*, case) -> Iterable[TimelineEntry]` once (in its
AppConfig.ready or at import of its timeline module). `timeline_for` collects the entries of
every source and keeps those whose compartment the gate's decision lets the reader read; counselling entries that
name a part (notes, accommodation, ...) are kept only when that part is readable.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ksmm.compartments import Compartment

from .policy import CaseAccess


@dataclass(frozen=True, kw_only=True)
class TimelineEntry:
    when: datetime
    compartment: str
    title: str
    detail: str = ""
    url: str = ""
    # For counselling entries: the part (CounsellingPart) a consent must cover; "" for any.
    part: str = ""


TimelineSource = Callable[..., Iterable[TimelineEntry]]

_SOURCES: list[TimelineSource] = []


def register_timeline_source(fn: TimelineSource) -> TimelineSource:
    """Adds a source (usable as a decorator); registering the same function twice is a no-op."""
    if fn not in _SOURCES:
        _SOURCES.append(fn)
    return fn


def timeline_sources() -> tuple[TimelineSource, ...]:
    return tuple(_SOURCES)


def timeline_for(*, access: CaseAccess) -> list[TimelineEntry]:
    """The entries of the case the reader may see, oldest first."""
    readable, parts = access.readable, access.counselling_parts
    if not readable:
        return []
    entries: list[TimelineEntry] = []
    for source in _SOURCES:
        for entry in source(case=access.case):
            if entry.compartment not in readable:
                continue
            if entry.compartment == Compartment.COUNSELLING and entry.part and entry.part not in parts:
                continue
            entries.append(entry)
    entries.sort(key=lambda entry: entry.when)
    return entries

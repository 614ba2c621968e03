"""The case timeline: apps register sources of entries, the policy decides which are shown.

An app registers a function `fn(*, case) -> Iterable[TimelineEntry]` (or `fn(*, access)`)
once (in its AppConfig.ready or at import of its timeline module). `timeline_for` collects the entries of
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


@dataclass(frozen=True)
class _Options:
    compartments: frozenset[str]
    takes_access: bool


_SOURCES: list[TimelineSource] = []
_OPTIONS: dict[TimelineSource, _Options] = {}


def register_timeline_source(
    fn: TimelineSource, *, compartments: Iterable[str] = (), takes_access: bool = False
) -> TimelineSource:
    """Adds a source (usable as a decorator); registering the same function twice is a no-op.

    A source is called `fn(case=...)`, or `fn(access=...)` (the gate's decision, to share what
    the page read of the case) with `takes_access`. A source that names the `compartments` of
    all its entries is not asked at all when the reader may read none of them.
    """
    if fn not in _SOURCES:
        _SOURCES.append(fn)
        _OPTIONS[fn] = _Options(frozenset(map(str, compartments)), takes_access)
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
        options = _OPTIONS.get(source, _Options(frozenset(), takes_access=False))
        if options.compartments and not options.compartments & readable:
            continue
        for entry in source(access=access) if options.takes_access else source(case=access.case):
            if entry.compartment not in readable:
                continue
            if entry.compartment == Compartment.COUNSELLING and entry.part and entry.part not in parts:
                continue
            entries.append(entry)
    entries.sort(key=lambda entry: entry.when)
    return entries

"""Reading cases: every queryset here is already filtered by the reader's grants (a join)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from ksmm.compartments import Compartment

from .assignments import assigned_case_ids
from .identity import birth_search_digests, name_search_digests, parse_birth_date
from .models import BlindIndexEntry, Case, DuplicateFlag
from .policy import Reader, readable_filter


def cases_for(*, membership: Reader) -> QuerySet[Case]:
    """The cases the reader's organisation is party to (holds the core grant on)."""
    return Case.objects.filter(readable_filter(membership=membership, compartment=Compartment.CORE))


def cases_with_compartment(*, membership: Reader, compartment: str) -> QuerySet[Case]:
    """The cases of which the reader may read `compartment` (for counts and search)."""
    return Case.objects.filter(readable_filter(membership=membership, compartment=compartment))


@dataclass(frozen=True, kw_only=True)
class CaseSearch:
    """Case number or pseudonym for every party; name and birth date need identity access."""

    text: str = ""
    name: str = ""
    birth: str = ""
    status: str = ""


def search_cases(*, membership: Reader, search: CaseSearch, assigned_to: int | None = None) -> QuerySet[Case]:
    """The reader's cases matching the search, for the list page and the API (one query);
    with `assigned_to`, only those currently assigned to that person ("my cases").

    Name and birth date are compared as keyed digests (blind index), never as plaintext, and only
    among cases whose identity the reader may read. Raises InvalidBirthDate for a malformed date.
    """
    cases = cases_for(membership=membership).select_related("intake_organisation")
    text = search.text.strip()
    if text:
        cases = cases.filter(Q(case_number__icontains=text) | Q(pseudonym__icontains=text))
    if search.status:
        cases = cases.filter(status=search.status)
    if assigned_to is not None:
        cases = cases.filter(pk__in=assigned_case_ids(user_id=assigned_to))
    if search.name.strip() or search.birth.strip():
        cases = cases.filter(readable_filter(membership=membership, compartment=Compartment.IDENTITY))
    if search.name.strip():
        digests = sorted(name_search_digests(name=search.name))
        cases = cases.filter(
            pk__in=BlindIndexEntry.objects.filter(kind=BlindIndexEntry.Kind.NAME, digest__in=digests).values("case_id")
        )
    if search.birth.strip():
        year, month, day = parse_birth_date(search.birth)
        value = "-".join(
            f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate((year, month, day)) if part
        )
        cases = cases.filter(
            pk__in=BlindIndexEntry.objects.filter(
                kind=BlindIndexEntry.Kind.BIRTH, digest__in=sorted(birth_search_digests(value=value))
            ).values("case_id")
        )
    return cases


LIST_ORDER = ("-opened_on", "-pk")  # Case.Meta.ordering: newest first


@dataclass(frozen=True, kw_only=True)
class CasePage:
    """One page of the case list: its rows as values, and the cursors of its neighbours ("" none)."""

    rows: list[dict[str, Any]]
    next_cursor: str
    previous_cursor: str


def page_of_cases(*, cases: QuerySet[Case], fields: tuple[str, ...], size: int, after: str, before: str) -> CasePage:
    """A page after or before a cursor, newest first, by the position of a row (opened on, id):
    no COUNT, and the same cost on the last page as on the first. A cursor that does not parse
    starts from the first page. One statement."""
    newest_first = cases.order_by(*LIST_ORDER)
    backwards = _position(before)
    forwards = _position(after)
    if backwards is not None:
        day, pk = backwards
        later = Q(opened_on__gt=day) | Q(opened_on=day, pk__gt=pk)
        found = list(newest_first.filter(later).reverse().values("pk", "opened_on", *fields)[: size + 1])
        rows = found[:size][::-1]
        more_before, more_after = len(found) > size, True
    else:
        if forwards is not None:
            day, pk = forwards
            newest_first = newest_first.filter(Q(opened_on__lt=day) | Q(opened_on=day, pk__lt=pk))
        found = list(newest_first.values("pk", "opened_on", *fields)[: size + 1])
        rows = found[:size]
        more_before, more_after = forwards is not None, len(found) > size
    return CasePage(
        rows=rows,
        next_cursor=_cursor(rows[-1]) if rows and more_after else "",
        previous_cursor=_cursor(rows[0]) if rows and more_before else "",
    )


def _cursor(row: dict[str, Any]) -> str:
    return f"{row['opened_on'].isoformat()}.{row['pk']}"


def _position(cursor: str) -> tuple[date, int] | None:
    day, _dot, pk = cursor.partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def duplicates_of(*, membership: Reader, case: Case) -> tuple[list[Case], int]:
    """Flagged possible duplicates: those whose identity the reader may read, and how many more
    exist that it may not see (shown only as a number, never as a case)."""
    flags = DuplicateFlag.objects.filter(case=case)
    count = flags.count()
    if not count:  # the usual case: no second query
        return [], 0
    visible = list(
        cases_with_compartment(membership=membership, compartment=Compartment.IDENTITY).filter(
            pk__in=flags.values("other_case_id")
        )
    )
    return visible, count - len(visible)

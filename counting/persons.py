"""Presumed victims identified: persons, not cases, with the PKS injured-person variables.

The rules, as the data dictionary quotes them:

- Identified: a case is identified on the day (canton time) of its first identification
  assessment with the result "presumed victim"; a later assessment does not move or undo it.
- One person, one count: two cases of a canton are the same person when they share a name in the
  blind index (the full name or an alias, word order, case and accents ignored) and have the same
  date of birth at the same precision (the same set of birth digests); the relation is taken
  transitively. Cases without a name or a date of birth are persons of their own. The person is
  counted once, on the day their first case was identified, with that case's form, place, source
  and identity. Persons in two cantons are counted in each (the cantons share no key).
- Sex: the eCH-0044 code of the identity, 1 male, 2 female; 3 and no identity: unknown.
- Age (PKS bands): the age on the identification day, from the date of birth; a date known only
  to the year or the month counts from its latest possible day, as the presumption of minority
  does (cases/identity.py). No date of birth: unknown.
- Minor: a minor or presumed minor on the case, an identity with the age in doubt, or an age
  under 18 on the identification day.
- Residence status (PKS), as the case records it when the count runs: `swiss` with the
  nationality CH; `foreign_permanent` with a granted B permit or a granted L permit valid for more
  than twelve months; `asylum` with an N number among the identifiers or a recorded federal
  decision N or F (the asylum population); `other_foreign` with any other nationality (no permit,
  an L permit of twelve months or less, a reflection period only); otherwise `unknown`. The first
  rule that applies wins, in this order.
- Nationality region: counting/regions.py.

The date of birth is encrypted: it is decrypted here in Python, once per counted person, and only
its age band leaves this module. The facts go to a temporary table of this transaction (never to
`public`), from which measures.aggregate_sql counts them like every other measure.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection

from cases.encryption import decrypt
from cases.identity import InvalidBirthDate, age_on, latest_possible_birth_date
from cases.models import BlindIndexEntry, Identity, PersonIdentifier
from ksmm.deadlines.rules import add_months
from permits.models import PermitRequest

from .measures import T, _table
from .regions import nationality_region

PERSONS_TABLE = "counting_person"
ADULT_AGE = 18
SEX_OF = {"1": "male", "2": "female"}
# Upper bound (exclusive) of each PKS band, youngest first.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (10, "under_10"), (15, "10_14"), (18, "15_17"), (20, "18_19"), (25, "20_24"), (30, "25_29"),
    (35, "30_34"), (40, "35_39"), (50, "40_49"), (60, "50_59"), (70, "60_69"),
)  # fmt: skip


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return "unknown"
    return next((band for limit, band in AGE_BANDS if age < limit), "70_plus")


def age_on_day(date_of_birth: str, day: date) -> int | None:
    """The age on `day` from an eCH-0044 partial date, counted from its latest possible day."""
    if not date_of_birth:
        return None
    try:
        return age_on(latest_possible_birth_date(date_of_birth), day)
    except InvalidBirthDate:
        return None


@dataclass(frozen=True)
class Permits:
    """What the case records about residence: the facts residence_status reads."""

    permanent: bool = False  # a granted B, or a granted L for more than twelve months
    asylum: bool = False  # an N number, or a recorded N or F decision


def residence_status(*, nationality: str, permits: Permits) -> str:
    if nationality == "CH":
        return "swiss"
    if permits.permanent:
        return "foreign_permanent"
    if permits.asylum:
        return "asylum"
    return "other_foreign" if nationality else "unknown"


@dataclass(frozen=True)
class IdentifiedCase:
    case_id: int
    day: date
    form: str
    source: str
    place: str
    is_minor: bool
    sex: str
    date_of_birth: str  # ciphertext
    age_in_doubt: bool
    nationality: str
    identity_id: int | None


IDENTIFIED_SQL = (
    "SELECT c.id, (a.first_at AT TIME ZONE %s)::date, c.exploitation_type, c.source, c.place_of_exploitation,"  # noqa: S608
    " c.is_minor, COALESCE(i.sex, ''), COALESCE(i.date_of_birth, ''), COALESCE(i.age_in_doubt, FALSE),"
    " COALESCE(i.nationality, ''), i.id"
    f" FROM {T['case']} c JOIN (SELECT case_id, min(decided_at) AS first_at FROM {T['assessment']}"
    " WHERE result = 'yes' GROUP BY case_id) AS a ON a.case_id = c.id"
    f" LEFT JOIN {_table(Identity)} i ON i.case_id = c.id"
)
# Pairs of cases of one person: a shared name digest and the same set of birth digests, under one
# key version (while keys rotate, a case holds digests of several versions: cases/identity.py).
SAME_PERSON_SQL = (
    "WITH birth AS (SELECT case_id, key_version, string_agg(digest, ',' ORDER BY digest) AS digests"  # noqa: S608
    f" FROM {_table(BlindIndexEntry)} WHERE kind = 'birth' GROUP BY case_id, key_version)"
    f" SELECT DISTINCT n1.case_id, n2.case_id FROM {_table(BlindIndexEntry)} n1"
    f" JOIN {_table(BlindIndexEntry)} n2 ON n2.kind = 'name' AND n2.digest = n1.digest AND n2.case_id > n1.case_id"
    " JOIN birth b1 ON b1.case_id = n1.case_id AND b1.key_version = n1.key_version"
    " JOIN birth b2 ON b2.case_id = n2.case_id AND b2.key_version = n1.key_version AND b2.digests = b1.digests"
    " WHERE n1.kind = 'name'"
)


def _fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


def identified_cases() -> list[IdentifiedCase]:
    return [IdentifiedCase(*row) for row in _fetch(IDENTIFIED_SQL, [settings.TIME_ZONE])]


def person_of(case_ids: Iterable[int]) -> dict[int, int]:
    """Each case's person: the smallest case id among the cases linked to it (union-find)."""
    parent: dict[int, int] = {case_id: case_id for case_id in case_ids}

    def root(case_id: int) -> int:
        parent.setdefault(case_id, case_id)
        while parent[case_id] != case_id:
            parent[case_id] = parent[parent[case_id]]
            case_id = parent[case_id]
        return case_id

    for first, second in _fetch(SAME_PERSON_SQL):
        a, b = root(int(first)), root(int(second))
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {case_id: root(case_id) for case_id in list(parent)}


def permits_by_case() -> dict[int, Permits]:
    """Residence facts per case: three small queries, no loop over cases in SQL."""
    permanent = {
        row["case_id"]
        for row in PermitRequest.objects.filter(kind__in=["B", "L"], status=PermitRequest.Status.GRANTED).values(
            "case_id", "kind", "valid_from", "valid_until"
        )
        if row["kind"] == "B"
        or (row["valid_from"] and row["valid_until"] and add_months(row["valid_from"], 12) < row["valid_until"])
    }
    asylum = set(
        PersonIdentifier.objects.filter(category=PersonIdentifier.Category.N).values_list(
            "identity__case_id", flat=True
        )
    ) | set(
        PermitRequest.objects.filter(kind__in=["N", "F"], status=PermitRequest.Status.RECORDED).values_list(
            "case_id", flat=True
        )
    )
    return {
        case_id: Permits(permanent=case_id in permanent, asylum=case_id in asylum) for case_id in permanent | asylum
    }


def person_rows(*, schema: str) -> list[tuple[object, ...]]:
    """One row per person identified: day, form, then the values of the measure's dimensions."""
    cases = identified_cases()
    person = person_of(case.case_id for case in cases)
    first: dict[int, IdentifiedCase] = {}
    for case in cases:
        key = person[case.case_id]
        known = first.get(key)
        if known is None or (case.day, case.case_id) < (known.day, known.case_id):
            first[key] = case
    permits = permits_by_case()
    rows: list[tuple[object, ...]] = []
    for case in first.values():
        age = age_on_day(decrypt(case.date_of_birth, schema=schema) if case.date_of_birth else "", case.day)
        minor = case.is_minor or case.age_in_doubt or (age is not None and age < ADULT_AGE)
        rows.append(
            (
                case.day,
                case.form,
                SEX_OF.get(case.sex, "unknown"),
                age_band(age),
                "minor" if minor else "adult",
                residence_status(nationality=case.nationality, permits=permits.get(case.case_id, Permits())),
                nationality_region(case.nationality),
                case.place,
                case.source,
            )
        )
    return rows


def fill_persons_table(*, schema: str) -> str:
    """Creates this transaction's temporary table of persons and fills it with COPY."""
    rows = person_rows(schema=schema)
    with connection.cursor() as cursor:
        # A count inside a longer transaction (the tests) may find the table of a previous count.
        cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{PERSONS_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {PERSONS_TABLE} (day date, form text, sex text, age_band text, minor text,"
            " residence_status text, nationality_region text, place text, source text) ON COMMIT DROP"
        )
        with cursor.copy(f"COPY {PERSONS_TABLE} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # Without statistics the planner guesses the table's size and sorts where it should hash.
        cursor.execute(f"ANALYZE {PERSONS_TABLE}")
    return PERSONS_TABLE

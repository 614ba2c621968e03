"""The measures counted by SQL alone: one "facts" query per measure, one row per counted unit.

Each facts query yields `day` (the date that places the unit in a period), `form` (the case's
exploitation form, a FORM value) and one column per dimension of the measure, named by the
dimension's key and holding one of its values. `aggregate_sql` turns them into the rows of
`statistics_aggregate` with GROUP BY: months, quarters and years by truncating `day`, every
dimension value and the total (dimension = value = ""), each per form and for `all` forms
(GROUPING SETS). A unit has one day, one form and one value per dimension, so months add up to
quarters and years, values to the total and forms to `all` (catalogue.py). Cells without a unit
are not written: an absent row counts zero.

The rules, as the data dictionary quotes them:

- cases_opened: every case, dated by its intake date (`opened_on`); by the source of the
  identification and the place of exploitation recorded on the case.
- cases_closed: every closed case, dated by its closing date; the outcome is the reason of its
  latest closure, `other` where a case was closed without one. A case transferred to another
  canton is not counted: it goes on there.
- offences: each distinct offence named by a criminal proceeding against the perpetrators,
  dated by the opening of the investigation; Art. 182, 195, 157, 181a SCC and Art. 116 FNIA as
  they are, everything else `other`.
- reflection_requested: each request for a recovery and reflection period, by its request date.
- reflection_decided: each period the migration office decided, by the decision date: `granted`
  where a length was granted, `refused` where the request was refused. Withdrawn requests
  without a decision are not counted.
- reflection_length: each granted period, by the decision date, by the days granted first plus
  the days of every granted extension: 30 (the legal minimum), 31-60, 61-90, more than 90.
- permits_requested: each request for an L or a B permit (renewals included), by its date; the
  federal decisions F and N are recorded, not requested, and not counted here.
- permits_granted: each L or B permit granted, by the date of the cantonal decision (a B permit
  is granted only after the SEM's approval).
- notice_timing: each case, dated by its intake, by the first notice delivered in a language the
  victim understands (a delivery with a recorded reason for another language does not count):
  within 3 days of intake (the same day and earlier included), later, or not yet.
- first_aid_contact: each case, dated by its intake, by the days from intake to its first
  contact with victim aid: the earlier of the day a victim-aid organisation became party to the
  case (the intake by victim aid included) and the first counselling entry written by one;
  0-1, 2-7, 8-30, more than 30 days, or no contact yet. Both are facts of the case file; a
  contact before the intake date counts as day 0.
- victims_identified: counted per person in counting/persons.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from cases.identification.models import Assessment
from cases.models import Case, CaseParty, CounsellingEntry
from cases.proceedings.models import CriminalProceeding
from cases.steps.models import Closure
from ksmm.partners.models import Organisation
from ksmm.statistics.catalogue import MEASURES_BY_KEY
from ksmm.statistics.models import Aggregate
from notices.models import NoticeDelivery
from permits.models import PermitRequest, ReflectionExtension, ReflectionPeriod

__all__ = ["FACTS", "Facts", "aggregate_sql"]

# Within how many days of intake a notice counts as timely (the indicator).
NOTICE_DAYS = 3
VICTIM_AID = Organisation.Type.VICTIM_AID.value


def _table(model: type) -> str:
    return str(model._meta.db_table)  # type: ignore[attr-defined]


T = {
    "case": _table(Case),
    "closure": _table(Closure),
    "proceeding": _table(CriminalProceeding),
    "reflection": _table(ReflectionPeriod),
    "extension": _table(ReflectionExtension),
    "permit": _table(PermitRequest),
    "delivery": _table(NoticeDelivery),
    "party": _table(CaseParty),
    "organisation": _table(Organisation),
    "counselling": _table(CounsellingEntry),
    "assessment": _table(Assessment),
}


@dataclass(frozen=True)
class Facts:
    """The facts query of one measure and its parameters."""

    measure: str
    sql: str
    params: Sequence[Any] = field(default_factory=tuple)


def _case_facts(measure: str, select: str, *, joins: str = "", where: str = "TRUE") -> Facts:
    return Facts(
        measure,
        f"SELECT {select}, c.exploitation_type AS form FROM {T['case']} c {joins} WHERE {where}",  # noqa: S608 - our tables
    )


OFFENCE_CODES = {"stgb_182": "art_182", "stgb_195": "art_195", "stgb_157": "art_157", "stgb_181a": "art_181a"}
_OFFENCE = "CASE o.code " + " ".join(f"WHEN '{a}' THEN '{b}'" for a, b in OFFENCE_CODES.items())
_OFFENCE += " WHEN 'aig_116' THEN 'aig_116' ELSE 'other' END"

_REFLECTION_TOTAL = (
    f"r.length_days + COALESCE((SELECT sum(e.granted_days) FROM {T['extension']} e"  # noqa: S608
    " WHERE e.period_id = r.id AND e.status = 'granted'), 0)"
)

FACTS: tuple[Facts, ...] = (
    _case_facts("cases_opened", "c.opened_on AS day, c.source AS source, c.place_of_exploitation AS place"),
    _case_facts(
        "cases_closed",
        "c.closed_on AS day, COALESCE(("  # noqa: S608 - our tables
        f"SELECT cl.reason FROM {T['closure']} cl WHERE cl.case_id = c.id"
        " ORDER BY cl.closed_on DESC, cl.id DESC LIMIT 1), 'other') AS closure_outcome",
        # A case handed over to another canton goes on there: it is not an outcome here.
        where="c.closed_on IS NOT NULL AND NOT c.transferred_out",
    ),
    _case_facts(
        "offences",
        f"p.opened_on AS day, {_OFFENCE} AS offence",
        joins=f"JOIN {T['proceeding']} p ON p.case_id = c.id"  # noqa: S608 - our tables
        " CROSS JOIN LATERAL (SELECT DISTINCT code FROM unnest(p.offences) AS code) AS o",
    ),
    _case_facts("reflection_requested", "r.requested_on AS day", joins=f"JOIN {T['reflection']} r ON r.case_id = c.id"),
    _case_facts(
        "reflection_decided",
        "r.decided_on AS day, CASE WHEN r.status = 'refused' THEN 'refused' ELSE 'granted' END AS reflection_decision",
        joins=f"JOIN {T['reflection']} r ON r.case_id = c.id",
        where="r.decided_on IS NOT NULL AND (r.status = 'refused' OR r.length_days IS NOT NULL)",
    ),
    _case_facts(
        "reflection_length",
        f"r.decided_on AS day, CASE WHEN {_REFLECTION_TOTAL} <= 30 THEN 'days_30'"
        f" WHEN {_REFLECTION_TOTAL} <= 60 THEN 'days_31_60' WHEN {_REFLECTION_TOTAL} <= 90 THEN 'days_61_90'"
        " ELSE 'days_91_plus' END AS reflection_length",
        joins=f"JOIN {T['reflection']} r ON r.case_id = c.id",
        where="r.decided_on IS NOT NULL AND r.length_days IS NOT NULL AND r.status <> 'refused'",
    ),
    _case_facts(
        "permits_requested",
        "p.requested_on AS day, lower(p.kind) AS permit_kind",
        joins=f"JOIN {T['permit']} p ON p.case_id = c.id",
        where="p.kind IN ('L', 'B')",
    ),
    _case_facts(
        "permits_granted",
        "p.decided_on AS day, lower(p.kind) AS permit_kind",
        joins=f"JOIN {T['permit']} p ON p.case_id = c.id",
        where="p.kind IN ('L', 'B') AND p.status = 'granted'",
    ),
    _case_facts(
        "notice_timing",
        f"c.opened_on AS day, CASE WHEN n.first_on IS NULL THEN 'none' WHEN n.first_on - c.opened_on <= {NOTICE_DAYS}"
        " THEN 'within_3_days' ELSE 'later' END AS notice_timing",
        joins=f"LEFT JOIN (SELECT case_id, min(delivered_on) AS first_on FROM {T['delivery']}"  # noqa: S608 - our tables
        " WHERE language_reason = '' GROUP BY case_id) AS n ON n.case_id = c.id",
    ),
)


def first_aid_contact_facts() -> Facts:
    """The time zone turns a party's joining moment into the canton's calendar day."""
    contacts = (
        f"SELECT p.case_id, (p.joined_at AT TIME ZONE %s)::date AS day FROM {T['party']} p"  # noqa: S608
        f" JOIN {T['organisation']} o ON o.id = p.organisation_id WHERE o.type = '{VICTIM_AID}'"
        f" UNION ALL SELECT e.case_id, e.occurred_on FROM {T['counselling']} e"
        f" JOIN {T['organisation']} o ON o.id = e.author_organisation_id WHERE o.type = '{VICTIM_AID}'"
    )
    days = "GREATEST(a.first_on - c.opened_on, 0)"
    return Facts(
        "first_aid_contact",
        f"SELECT c.opened_on AS day, c.exploitation_type AS form, CASE WHEN a.first_on IS NULL THEN 'none'"  # noqa: S608
        f" WHEN {days} <= 1 THEN 'days_0_1' WHEN {days} <= 7 THEN 'days_2_7' WHEN {days} <= 30 THEN 'days_8_30'"
        f" ELSE 'days_31_plus' END AS first_contact FROM {T['case']} c"
        f" LEFT JOIN (SELECT case_id, min(day) AS first_on FROM ({contacts}) AS x GROUP BY case_id) AS a"
        " ON a.case_id = c.id",
        (settings.TIME_ZONE,),
    )


def all_facts(*, persons_table: str) -> tuple[Facts, ...]:
    """Every measure of the catalogue; the persons come from the table counting/persons.py filled."""
    dimensions = ", ".join(d.key for d in MEASURES_BY_KEY["victims_identified"].dimensions)
    persons = Facts("victims_identified", f"SELECT day, form, {dimensions} FROM {persons_table}")  # noqa: S608
    return (*FACTS, first_aid_contact_facts(), persons)


def aggregate_sql(facts: Facts) -> str:
    """An INSERT of the measure's cells; parameters: canton id, run id, rules version, measure,
    then the facts' own."""
    dimensions = MEASURES_BY_KEY[facts.measure].dimensions
    values = ", ".join(["('', '')", *(f"('{d.key}', f.{d.key})" for d in dimensions)])
    return (
        f"INSERT INTO public.{_table(Aggregate)} (canton_id, run_id, rules_version, period_kind, period_start,"  # noqa: S608
        " measure, dimension, value, form, count, computed_at)"
        " SELECT %s, %s, %s, p.kind, p.start, %s, d.dimension, d.value, COALESCE(f.form, 'all'), count(*), now()"
        f" FROM ({facts.sql}) AS f"
        " CROSS JOIN LATERAL (VALUES ('month', date_trunc('month', f.day)::date),"
        " ('quarter', date_trunc('quarter', f.day)::date), ('year', date_trunc('year', f.day)::date)) AS p(kind, start)"
        f" CROSS JOIN LATERAL (VALUES {values}) AS d(dimension, value)"
        " WHERE f.day IS NOT NULL"
        " GROUP BY GROUPING SETS ((p.kind, p.start, d.dimension, d.value, f.form),"
        " (p.kind, p.start, d.dimension, d.value))"
    )

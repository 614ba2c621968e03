"""Synthetic cases for the statistics: the benchmark, the demo's history and the tests.

`add_synthetic_cases(count=N)` fills the current canton with N invented cases, written with
bulk_create (about a second per thousand cases), spread over the last four years, in proportions
close to what Swiss reports describe (REFERENCE.md §4.4: about two thirds sexual exploitation,
about 80% women): identities with partial birth dates and nationalities, identification
assessments, reflection periods with extensions, L and B permits, notices, counselling entries,
criminal proceedings and closures, and a few persons with two cases. No name is real: a person
is "Synthetic <number>". The generator is seeded, so the same call gives the same cases.
`delete_synthetic_cases()` removes them again, with everything attached.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from cases.identification.models import Assessment
from cases.identity import birth_digests, name_digests
from cases.models import BlindIndexEntry, Case, CounsellingEntry, Identity, PersonIdentifier
from cases.proceedings.models import CriminalProceeding, Offence
from cases.steps.models import Closure
from ksmm.accounts.models import User
from ksmm.cantons.current import current_schema
from ksmm.partners.models import Organisation
from notices.models import NoticeDelivery, NoticeText
from permits.models import PermitRequest, ReflectionExtension, ReflectionPeriod

PREFIX = "SY"  # case numbers "<canton>-SY-<n>": never those the canton gives out
YEARS = 4
Type = Organisation.Type
T = TypeVar("T")

FORMS = (("sexual", 65), ("labour", 26), ("organ_removal", 1), ("unknown", 8))
SOURCES = (
    ("police_check", 35),
    ("aid_contact", 30),
    ("self_referral", 10),
    ("hotline", 10),
    ("other_canton", 10),
    ("abroad", 5),
)
PLACES = (("switzerland", 80), ("abroad", 15), ("unknown", 5))
SEXES = (("2", 80), ("1", 18), ("3", 2))
NATIONALITIES = (
    ("RO", 18),
    ("HU", 12),
    ("BG", 8),
    ("NG", 8),
    ("TH", 7),
    ("CN", 6),
    ("BR", 5),
    ("DO", 3),
    ("UA", 5),
    ("CH", 4),
    ("DE", 3),
    ("AL", 4),
    ("VN", 3),
    ("ER", 3),
    ("", 7),
)
CLOSURE_REASONS = (
    ("proceedings_ended", 30),
    ("returned", 25),
    ("further_stay", 20),
    ("lost_contact", 20),
    ("other", 5),
)
OFFENCES = (
    ((Offence.TRAFFICKING,), 50),
    ((Offence.TRAFFICKING, Offence.PROSTITUTION), 20),
    ((Offence.PROSTITUTION,), 10),
    ((Offence.USURY,), 8),
    ((Offence.SMUGGLING,), 7),
    ((Offence.FORCED_MARRIAGE,), 3),
    ((Offence.OTHER,), 2),
)


def _pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _weight in weighted], [weight for _value, weight in weighted])[0]


@dataclass(frozen=True)
class Cast:
    police: Organisation
    aid: Organisation
    migration: Organisation
    prosecution: Organisation
    user: User


SYNTHETIC_ORGANISATIONS = (
    "Synthetic police",
    "Synthetic victim aid",
    "Synthetic migration office",
    "Synthetic prosecution",
)


def _user_email() -> str:
    return f"synthetic.{current_schema()}@synthetic.ksmm.test"


def _cast() -> Cast:
    def organisation(name: str, kind: str) -> Organisation:
        return Organisation.objects.get_or_create(name=name, defaults={"type": kind})[0]

    user = User.objects.get_or_create(
        email=_user_email(),
        defaults={"full_name": "Synthetic data", "language": "de", "is_active": False},
    )[0]
    return Cast(
        police=organisation("Synthetic police", Type.CANTONAL_POLICE),
        aid=organisation("Synthetic victim aid", Type.VICTIM_AID),
        migration=organisation("Synthetic migration office", Type.MIGRATION_OFFICE),
        prosecution=organisation("Synthetic prosecution", Type.PUBLIC_PROSECUTOR),
        user=user,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _birth_date(rng: random.Random, opened_on: date) -> str:
    born = opened_on - timedelta(days=rng.randint(14 * 365, 55 * 365))
    precision = rng.random()
    if precision < 0.6:
        return born.isoformat()
    return f"{born.year:04d}-{born.month:02d}" if precision < 0.8 else f"{born.year:04d}"


def add_synthetic_cases(*, count: int, seed: int = 2026, today: date | None = None) -> int:
    """Adds `count` synthetic cases to the current canton; returns how many it added."""
    today = today or timezone.localdate()
    rng = random.Random(f"{seed}:{current_schema()}")  # noqa: S311 - invented data, not a secret
    with transaction.atomic():
        cast = _cast()
        start = Case.objects.filter(case_number__contains=f"-{PREFIX}-").count()
        code = current_schema().upper()
        cases = []
        for number in range(start + 1, start + count + 1):
            opened_on = today - timedelta(days=rng.randrange(YEARS * 365))
            closed_on = opened_on + timedelta(days=rng.randint(20, 700)) if rng.random() < 0.55 else None
            closed_on = closed_on if closed_on and closed_on <= today else None
            cases.append(
                Case(
                    case_number=f"{code}-{PREFIX}-{number}",
                    pseudonym=f"Synthetic {number}",
                    intake_organisation=cast.aid if rng.random() < 0.35 else cast.police,
                    opened_on=opened_on,
                    status=Case.Status.CLOSED if closed_on else Case.Status.OPEN,
                    closed_on=closed_on,
                    source=_pick(rng, SOURCES),
                    exploitation_type=_pick(rng, FORMS),
                    place_of_exploitation=_pick(rng, PLACES),
                    is_minor=rng.random() < 0.08,
                )
            )
        cases = Case.objects.bulk_create(cases, batch_size=2000)
        _add_details(rng, cast, cases, today=today)
    with connection.cursor() as cursor:
        # Fresh statistics for the planner, for this canton's tables only.
        for model in (Case, Identity, Assessment, BlindIndexEntry, ReflectionPeriod, PermitRequest, NoticeDelivery,
                      CounsellingEntry, CriminalProceeding, Closure):  # fmt: skip
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return len(cases)


def _add_details(rng: random.Random, cast: Cast, cases: list[Case], *, today: date) -> None:
    identities: list[Identity] = []
    assessments: list[tuple[Case, str, date]] = []
    periods: list[tuple[ReflectionPeriod, ReflectionExtension | None]] = []
    permits: list[PermitRequest] = []
    deliveries: list[NoticeDelivery] = []
    closures: list[Closure] = []
    proceedings: list[CriminalProceeding] = []
    entries: list[CounsellingEntry] = []
    twins: list[tuple[Case, Case]] = []
    text = NoticeText.objects.filter(language="de").first()
    for index, case in enumerate(cases):
        opened = case.opened_on
        if rng.random() < 0.85:
            # About 2% are the same person as the case before (a second case in the canton).
            if index and rng.random() < 0.02 and identities and identities[-1].case == cases[index - 1]:
                twins.append((cases[index - 1], case))
            identities.append(
                Identity(
                    case=case,
                    official_name=f"Synthetic {case.pk}",
                    sex=_pick(rng, SEXES),
                    date_of_birth=_birth_date(rng, opened),
                    age_in_doubt=rng.random() < 0.03,
                    nationality=_pick(rng, NATIONALITIES),
                )
            )
        roll = rng.random()
        if roll < 0.8:
            result = Assessment.Result.YES if roll < 0.72 else Assessment.Result.NO
            assessments.append((case, result, opened + timedelta(days=rng.randint(0, 20))))
        if rng.random() < 0.3:
            periods.append(_period(rng, cast, case, today=today))
        if rng.random() < 0.2:
            permits.append(_permit(rng, cast, case, today=today))
        if text is not None and rng.random() < 0.8:
            delivered_on = min(opened + timedelta(days=int(rng.expovariate(1 / 3))), today)
            deliveries.append(
                NoticeDelivery(
                    case=case,
                    text=text,
                    delivered_on=delivered_on,
                    delivered_by=cast.user,
                    organisation=cast.aid,
                    method=NoticeDelivery.Method.HANDED_OVER,
                    acknowledged=True,
                )
            )
        if rng.random() < 0.6:
            entries.append(
                CounsellingEntry(
                    case=case,
                    author_organisation=cast.aid,
                    text="Synthetic counselling note.",
                    occurred_on=min(opened + timedelta(days=int(rng.expovariate(1 / 6))), today),
                )
            )
        if rng.random() < 0.3:
            proceedings.append(
                CriminalProceeding(
                    case=case,
                    prosecution_office=cast.prosecution,
                    recorded_by_organisation=cast.prosecution,
                    offences=list(_pick(rng, OFFENCES)),
                    opened_on=min(opened + timedelta(days=rng.randint(0, 90)), today),
                )
            )
        if case.closed_on:
            reason = _pick(rng, CLOSURE_REASONS)
            closures.append(
                Closure(
                    case=case,
                    recorded_by_organisation=cast.police,
                    closed_on=case.closed_on,
                    reason=reason,
                    note="Synthetic closure." if reason == "other" else "",
                )
            )
    identities = Identity.objects.bulk_create(identities, batch_size=2000)
    _index(identities, twins)
    PersonIdentifier.objects.bulk_create(
        (PersonIdentifier(identity=i, category="N", value=f"N{i.pk}") for i in identities if rng.random() < 0.1),
        batch_size=2000,
    )
    made = Assessment.objects.bulk_create(
        (Assessment(case=c, result=r, decided_by_organisation=cast.police) for c, r, _day in assessments),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        # decided_at is set on insert (auto_now_add); the history needs its own days. One statement.
        cursor.execute(
            f"UPDATE {Assessment._meta.db_table} AS a SET decided_at = v.day"  # noqa: S608 - our table
            " FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, day) WHERE a.id = v.id",
            [[row.pk for row in made], [_at(day) for _c, _r, day in assessments]],
        )
    ReflectionPeriod.objects.bulk_create([period for period, _extension in periods], batch_size=2000)
    ReflectionExtension.objects.bulk_create(
        [extension for _period, extension in periods if extension is not None], batch_size=2000
    )
    PermitRequest.objects.bulk_create(permits, batch_size=2000)
    NoticeDelivery.objects.bulk_create(deliveries, batch_size=2000)
    CounsellingEntry.objects.bulk_create(entries, batch_size=2000)
    CriminalProceeding.objects.bulk_create(proceedings, batch_size=2000)
    Closure.objects.bulk_create(closures, batch_size=2000)


def _index(identities: list[Identity], twins: list[tuple[Case, Case]]) -> None:
    """The blind index, as cases/identity.py builds it; a twin gets its first case's name and birth."""
    by_case = {identity.case_id: identity for identity in identities}
    for first, second in twins:
        twin, original = by_case[second.pk], by_case[first.pk]
        twin.official_name, twin.date_of_birth = original.official_name, original.date_of_birth
        twin.save(update_fields=["official_name", "date_of_birth"])
    BlindIndexEntry.objects.bulk_create(
        [
            BlindIndexEntry(case_id=identity.case_id, kind=kind, digest=digest)
            for identity in identities
            for kind, digests in (
                ("name", name_digests([identity.official_name])),
                ("birth", birth_digests(identity.date_of_birth)),
            )
            for digest in digests
        ],
        batch_size=5000,
    )


def _period(
    rng: random.Random, cast: Cast, case: Case, *, today: date
) -> tuple[ReflectionPeriod, ReflectionExtension | None]:
    requested_on = min(case.opened_on + timedelta(days=rng.randint(0, 10)), today)
    decided_on = requested_on + timedelta(days=rng.randint(1, 10))
    period = ReflectionPeriod(
        case=case, requested_by_organisation=cast.aid, addressed_to=cast.migration, requested_on=requested_on
    )
    roll = rng.random()
    if decided_on > today or roll < 0.1:
        return period, None
    if roll < 0.2:
        period.status, period.decided_on, period.decision_reasons = "refused", decided_on, "Synthetic refusal."
        return period, None
    length = rng.choice((30, 30, 30, 45, 60, 90))
    period.status, period.decided_on, period.length_days = "granted", decided_on, length
    period.starts_on, period.ends_on = decided_on, decided_on + timedelta(days=length)
    if rng.random() >= 0.2 or period.ends_on > today:
        return period, None
    extra = rng.choice((15, 30, 60))
    period.extended_days, period.ends_on = extra, period.ends_on + timedelta(days=extra)
    extension = ReflectionExtension(
        period=period,
        status="granted",
        requested_by_organisation=cast.aid,
        requested_on=decided_on,
        requested_days=extra,
        reason="Synthetic extension.",
        decided_on=decided_on,
        granted_days=extra,
    )
    return period, extension


def _permit(rng: random.Random, cast: Cast, case: Case, *, today: date) -> PermitRequest:
    kind = "B" if rng.random() < 0.25 else "L"
    requested_on = min(case.opened_on + timedelta(days=rng.randint(30, 200)), today)
    months = rng.choice((6, 12, 18)) if kind == "L" else 12
    permit = PermitRequest(
        case=case,
        kind=kind,
        requested_by_organisation=cast.aid,
        addressed_to=cast.migration,
        requested_on=requested_on,
        expected_until=requested_on + timedelta(days=30 * months),
    )
    decided_on = requested_on + timedelta(days=rng.randint(5, 60))
    if decided_on <= today and rng.random() < 0.75:
        permit.status, permit.decided_on = "granted", decided_on
        permit.valid_from, permit.valid_until = decided_on, decided_on + timedelta(days=30 * months + 5)
        permit.sem_approved = True if kind == "B" else None
    return permit


def delete_synthetic_cases() -> int:
    """Removes the synthetic cases of the current canton and every row attached to them."""
    cases = Case.objects.filter(case_number__contains=f"-{PREFIX}-")
    with transaction.atomic():
        # NoticeDelivery protects its case; everything else goes with it.
        NoticeDelivery.objects.filter(case__in=cases).delete()
        count = cases.count()
        cases.delete()
        Organisation.objects.filter(name__in=SYNTHETIC_ORGANISATIONS).delete()
        User.objects.filter(email=_user_email()).delete()
    return count

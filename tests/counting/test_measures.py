"""Each measure counted by its rule (counting/measures.py), and the sums the catalogue promises."""

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.models import CaseParty, CounsellingEntry
from cases.proceedings.models import CriminalProceeding
from cases.steps.models import Closure
from counting.synthetic import add_synthetic_cases
from ksmm.statistics.catalogue import ALL_FORMS, FORM_KEYS, MEASURES, MEASURES_BY_KEY
from ksmm.statistics.models import Aggregate, CantonHealth
from notices.models import NoticeDelivery, NoticeText
from permits.models import PermitRequest, ReflectionExtension, ReflectionPeriod
from tests.factories import MeetingFactory, RoundTableFactory, UserFactory

from .conftest import Builder, count_zh

pytestmark = pytest.mark.django_db

Y24, Y25 = date(2024, 1, 1), date(2025, 1, 1)


def test_a_case_counts_in_the_month_quarter_and_year_of_its_intake(build: Builder) -> None:
    with schema_context("zh"):
        for day, form in ((date(2024, 12, 31), "sexual"), (date(2025, 1, 1), "labour"), (date(2025, 3, 31), "sexual"),
                          (date(2025, 4, 1), "sexual"), (date(2025, 4, 30), "unknown")):  # fmt: skip
            build.case(day, exploitation_type=form, source="hotline", place_of_exploitation="abroad")
    counts = count_zh()
    get = counts.get
    assert get("cases_opened", "year", Y24) == 1
    assert get("cases_opened", "year", Y25) == 4
    assert get("cases_opened", "quarter", date(2024, 10, 1)) == 1
    assert get("cases_opened", "quarter", date(2025, 1, 1)) == 2
    assert get("cases_opened", "quarter", date(2025, 4, 1)) == 2
    assert get("cases_opened", "month", date(2025, 3, 1)) == 1
    assert get("cases_opened", "month", date(2025, 4, 1)) == 2
    assert get("cases_opened", "month", date(2025, 2, 1)) == 0
    assert get("cases_opened", "year", Y25, form="sexual") == 2
    assert get("cases_opened", "year", Y25, form="labour") == 1
    assert get("cases_opened", "year", Y25, "source", "hotline") == 4
    assert get("cases_opened", "year", Y25, "place", "abroad", form="unknown") == 1
    # Notices and first contact count cases by their intake too: none yet.
    assert get("notice_timing", "year", Y25, "notice_timing", "none") == 4
    assert get("first_aid_contact", "year", Y25, "first_contact", "none") == 4


def test_closed_cases_count_by_closing_date_and_latest_reason(build: Builder) -> None:
    with schema_context("zh"):
        returned = build.case(date(2024, 6, 1), closed_on=date(2025, 2, 1))
        Closure.objects.create(case=returned, recorded_by_organisation=build.police, closed_on=date(2024, 9, 1),
                               reason="lost_contact")  # fmt: skip
        Closure.objects.create(case=returned, recorded_by_organisation=build.police, closed_on=date(2025, 2, 1),
                               reason="returned")  # fmt: skip
        build.case(date(2025, 1, 5), closed_on=date(2025, 3, 1))  # closed without a closure step
        build.case(date(2025, 1, 5))
        # Handed over to another canton: it goes on there, so it is no outcome here.
        build.case(date(2025, 1, 5), closed_on=date(2025, 4, 1), transferred_out=True)
    get = count_zh().get
    assert get("cases_closed", "year", Y25) == 2
    assert get("cases_closed", "year", Y24) == 0
    assert get("cases_closed", "year", Y25, "closure_outcome", "returned") == 1
    assert get("cases_closed", "year", Y25, "closure_outcome", "other") == 1
    assert get("cases_closed", "year", Y25, "closure_outcome", "lost_contact") == 0


def test_offences_count_each_distinct_offence_of_a_proceeding(build: Builder) -> None:
    with schema_context("zh"):
        case = build.case(date(2024, 5, 1), exploitation_type="labour")
        for opened_on, offences in ((date(2025, 1, 2), ["stgb_182", "stgb_195", "stgb_182"]),
                                    (date(2025, 6, 1), ["aig_116", "other", "stgb_181a"]),
                                    (date(2024, 6, 1), ["stgb_157"])):  # fmt: skip
            CriminalProceeding.objects.create(
                case=case, prosecution_office=build.prosecution, recorded_by_organisation=build.prosecution,
                offences=offences, opened_on=opened_on,
            )  # fmt: skip
    get = count_zh().get
    assert get("offences", "year", Y25) == 5
    assert get("offences", "year", Y25, form="labour") == 5
    assert get("offences", "year", Y25, "offence", "art_182") == 1
    assert get("offences", "year", Y25, "offence", "art_195") == 1
    assert get("offences", "year", Y25, "offence", "art_181a") == 1
    assert get("offences", "year", Y25, "offence", "aig_116") == 1
    assert get("offences", "year", Y25, "offence", "other") == 1
    assert get("offences", "year", Y24, "offence", "art_157") == 1


def _period(build: Builder, opened_on: date, **fields: object) -> ReflectionPeriod:
    case = build.case(opened_on)
    return ReflectionPeriod.objects.create(
        case=case, requested_by_organisation=build.aid, addressed_to=build.migration, **fields
    )


def test_reflection_periods_by_request_decision_and_length_with_extensions(build: Builder) -> None:
    with schema_context("zh"):
        _period(build, date(2024, 12, 1), requested_on=date(2024, 12, 30))  # pending: requested only
        granted = _period(
            build, date(2025, 1, 1), requested_on=date(2025, 1, 2), status="granted", decided_on=date(2025, 1, 10),
            length_days=30, starts_on=date(2025, 1, 10), ends_on=date(2025, 2, 9),
        )  # fmt: skip
        ReflectionExtension.objects.create(
            period=granted, status="granted", requested_by_organisation=build.aid, requested_on=date(2025, 2, 1),
            requested_days=45, reason="Needs more time.", decided_on=date(2025, 2, 2), granted_days=45,
        )  # fmt: skip
        ReflectionExtension.objects.create(
            period=granted, status="refused", requested_by_organisation=build.aid, requested_on=date(2025, 3, 1),
            requested_days=30, reason="Again.", decided_on=date(2025, 3, 2), decision_reasons="No.",
        )  # fmt: skip
        _period(
            build, date(2025, 1, 1), requested_on=date(2025, 1, 2), status="granted", decided_on=date(2025, 1, 3),
            length_days=30, starts_on=date(2025, 1, 3), ends_on=date(2025, 2, 2),
        )  # fmt: skip
        _period(build, date(2025, 1, 1), requested_on=date(2025, 1, 5), status="refused",
                decided_on=date(2025, 2, 1), decision_reasons="No grounds.")  # fmt: skip
        _period(build, date(2025, 1, 1), requested_on=date(2025, 1, 5), status="withdrawn")
    get = count_zh().get
    assert get("reflection_requested", "year", Y24) == 1
    assert get("reflection_requested", "year", Y25) == 4
    assert get("reflection_decided", "year", Y25) == 3
    assert get("reflection_decided", "year", Y25, "reflection_decision", "granted") == 2
    assert get("reflection_decided", "year", Y25, "reflection_decision", "refused") == 1
    assert get("reflection_decided", "month", date(2025, 2, 1), "reflection_decision", "refused") == 1
    assert get("reflection_length", "year", Y25) == 2
    assert get("reflection_length", "year", Y25, "reflection_length", "days_30") == 1
    assert get("reflection_length", "year", Y25, "reflection_length", "days_61_90") == 1  # 30 + 45


def test_permits_count_l_and_b_only_by_request_and_grant(build: Builder) -> None:
    with schema_context("zh"):
        case = build.case(date(2024, 11, 1))
        common = {"case": case, "requested_by_organisation": build.aid, "addressed_to": build.migration}
        PermitRequest.objects.create(
            **common, kind="L", requested_on=date(2024, 12, 20), expected_until=date(2025, 12, 1), status="granted",
            decided_on=date(2025, 1, 7), valid_from=date(2025, 1, 7), valid_until=date(2025, 12, 1),
        )  # fmt: skip
        PermitRequest.objects.create(
            **common, kind="B", requested_on=date(2025, 2, 1), status="granted", decided_on=date(2025, 5, 1),
            valid_from=date(2025, 5, 1), valid_until=date(2026, 5, 1), sem_submitted_on=date(2025, 2, 5),
            sem_approved=True,
        )  # fmt: skip
        PermitRequest.objects.create(**common, kind="B", requested_on=date(2025, 6, 1), status="refused",
                                     decided_on=date(2025, 7, 1), decision_reasons="No hardship.")  # fmt: skip
        PermitRequest.objects.create(
            **common, kind="N", requested_on=date(2025, 2, 1), status="recorded", decided_on=date(2025, 2, 1),
            valid_from=date(2025, 2, 1), valid_until=date(2026, 2, 1),
        )  # fmt: skip
    get = count_zh().get
    assert get("permits_requested", "year", Y24, "permit_kind", "l") == 1
    assert get("permits_requested", "year", Y25) == 2
    assert get("permits_requested", "year", Y25, "permit_kind", "b") == 2
    assert get("permits_granted", "year", Y25) == 2
    assert get("permits_granted", "year", Y25, "permit_kind", "l") == 1
    assert get("permits_granted", "quarter", date(2025, 4, 1), "permit_kind", "b") == 1


def test_notice_timing_counts_the_first_delivery_in_a_language_the_victim_understands(build: Builder) -> None:
    with schema_context("zh"):
        text, user = NoticeText.objects.filter(language="de").first(), UserFactory()

        def deliver(case: object, day: date, language_reason: str = "") -> None:
            NoticeDelivery.objects.create(
                case=case, text=text, delivered_on=day, delivered_by=user, organisation=build.aid,
                method="handed_over", acknowledged=True, language_reason=language_reason,
            )  # fmt: skip

        opened = date(2025, 3, 10)
        deliver(build.case(opened), opened + timedelta(days=3))
        deliver(build.case(opened), opened + timedelta(days=4))
        other_language = build.case(opened)
        deliver(other_language, opened, language_reason="No interpreter available.")
        deliver(other_language, opened + timedelta(days=10))
        build.case(opened)
    get = count_zh().get
    assert get("notice_timing", "year", Y25, "notice_timing", "within_3_days") == 1
    assert get("notice_timing", "year", Y25, "notice_timing", "later") == 2
    assert get("notice_timing", "year", Y25, "notice_timing", "none") == 1


def test_first_aid_contact_is_the_earlier_of_joining_and_first_counselling(build: Builder) -> None:
    with schema_context("zh"):
        opened = date(2025, 5, 1)

        def counselling(case: object, days: int) -> None:
            CounsellingEntry.objects.create(case=case, author_organisation=build.aid,
                                            occurred_on=opened + timedelta(days=days), text="Note.")  # fmt: skip

        counselling(build.case(opened), 1)
        counselling(build.case(opened), 7)
        late = build.case(opened)
        counselling(late, 40)
        party = CaseParty.objects.create(case=late, organisation=build.aid)
        joined = timezone.make_aware(
            timezone.datetime.combine(opened + timedelta(days=20), timezone.datetime.min.time())
        )
        CaseParty.objects.filter(pk=party.pk).update(joined_at=joined)
        police_only = build.case(opened)
        CounsellingEntry.objects.create(case=police_only, author_organisation=build.police, occurred_on=opened,
                                        text="Not victim aid.")  # fmt: skip
    get = count_zh().get
    assert get("first_aid_contact", "year", Y25, "first_contact", "days_0_1") == 1
    assert get("first_aid_contact", "year", Y25, "first_contact", "days_2_7") == 1
    assert get("first_aid_contact", "year", Y25, "first_contact", "days_8_30") == 1
    assert get("first_aid_contact", "year", Y25, "first_contact", "none") == 1


def _cells() -> list[Aggregate]:
    return list(Aggregate.objects.filter(canton__code="ZH"))


def test_every_dimension_partitions_and_periods_and_forms_add_up(build: Builder) -> None:
    """Over a few hundred synthetic cases: months sum to quarters and years, values to the total,
    forms to `all`, and every value is one of the catalogue's."""
    with schema_context("zh"):
        add_synthetic_cases(count=400, seed=7)
    count_zh()
    cells = _cells()
    assert {cell.measure for cell in cells} == {measure.key for measure in MEASURES}
    by_key = {(c.measure, c.period_kind, c.period_start, c.dimension, c.value, c.form): c.count for c in cells}
    for cell in cells:
        measure = MEASURES_BY_KEY[cell.measure]
        assert cell.form in (*FORM_KEYS, ALL_FORMS)
        if cell.dimension:
            dimension = next(d for d in measure.dimensions if d.key == cell.dimension)
            assert cell.value in dimension.value_keys
    sums: dict[tuple[object, ...], int] = defaultdict(int)
    for (measure, kind, start, dimension, value, form), count in by_key.items():
        if form != ALL_FORMS:
            sums[("form", measure, kind, start, dimension, value)] += count
        if dimension:
            sums[("value", measure, kind, start, dimension, form)] += count
        if kind == "month":
            sums[
                ("quarter", measure, date(start.year, 3 * ((start.month - 1) // 3) + 1, 1), dimension, value, form)
            ] += count
        if kind == "quarter":
            sums[("year", measure, date(start.year, 1, 1), dimension, value, form)] += count
    for (rule, measure, *rest), total in sums.items():
        if rule == "form":
            kind, start, dimension, value = rest
            assert by_key[(measure, kind, start, dimension, value, ALL_FORMS)] == total, (rule, measure, rest)
        elif rule == "value":
            kind, start, dimension, form = rest
            assert by_key[(measure, kind, start, "", "", form)] == total, (rule, measure, rest)
        else:
            start, dimension, value, form = rest
            assert by_key[(measure, rule, start, dimension, value, form)] == total, (rule, measure, rest)
    # Every quarter and year cell is made of the months below it (nothing counted only at the top).
    assert sum(v for k, v in by_key.items() if k[1] == "year") == sum(v for k, v in by_key.items() if k[1] == "month")


def test_a_second_count_replaces_the_first_and_follows_the_data(build: Builder) -> None:
    with schema_context("zh"):
        add_synthetic_cases(count=120, seed=3)
    count_zh()
    first = {(c.measure, c.period_kind, c.period_start, c.dimension, c.value, c.form): c.count for c in _cells()}
    count_zh()
    again = {(c.measure, c.period_kind, c.period_start, c.dimension, c.value, c.form): c.count for c in _cells()}
    assert again == first
    with schema_context("zh"):
        build.case(date(2025, 7, 7))
    after = count_zh()
    before = first.get(("cases_opened", "month", date(2025, 7, 1), "", "", "all"), 0)
    assert after.get("cases_opened", "month", date(2025, 7, 1)) == before + 1


def test_round_table_health_per_year(build: Builder) -> None:
    today = timezone.localdate()
    with schema_context("zh"):
        build.case(date(today.year - 2, 3, 1))
        round_table = RoundTableFactory(mandate_date=date(today.year - 1, 6, 1))
        MeetingFactory(round_table=round_table, date=date(today.year - 1, 9, 1))
        MeetingFactory(round_table=round_table, date=today)
        MeetingFactory(round_table=round_table, date=today + timedelta(days=60))  # planned, not held
    count_zh()
    health = {h.year: h for h in CantonHealth.objects.filter(canton__code="ZH")}
    assert sorted(health) == [today.year - 2, today.year - 1, today.year]
    assert not health[today.year - 2].round_table_exists
    assert health[today.year - 1].round_table_exists
    assert [health[year].meetings for year in sorted(health)] == [0, 1, 1]
    assert not any(h.agreement_valid for h in health.values())

"""The rules of a proceeding's stages and of an OHG claim, checked over every combination of
dates rather than on examples: the stages are accepted exactly when they form a prefix of the
legal order with dates that never go back, and the database agrees with the rules."""

import itertools
from datetime import date, timedelta

import pytest

from cases.proceedings.models import STAGE_DATES, CriminalProceeding, OhgClaim, Stage
from cases.proceedings.rules import claim_errors, stage_errors, stage_of

TODAY = date(2026, 6, 1)
OPENED = date(2026, 1, 5)
FIELDS = [field for _stage, field in STAGE_DATES][1:]  # after opened_on


def proceeding(**dates: date | None) -> CriminalProceeding:
    return CriminalProceeding(opened_on=OPENED, offences=["stgb_182"], **dates)


def expected_ok(dates: dict[str, date | None]) -> bool:
    """The rule stated independently: the dated stages are the first k of the order (an appeal
    may be skipped), each on or after the one before, none after today."""
    values = [OPENED] + [dates[field] for field in FIELDS if field != "appealed_on" or dates[field] is not None]
    dated = [value for value in values if value is not None]
    is_prefix = all(value is not None for value in values[: len(dated)])
    in_order = all(b >= a for a, b in itertools.pairwise(dated))
    return is_prefix and in_order and all(value <= TODAY for value in dated)


@pytest.mark.parametrize("present", list(itertools.product([False, True], repeat=len(FIELDS))))
def test_stages_are_accepted_exactly_when_they_follow_the_legal_order(present: tuple[bool, ...]) -> None:
    # Every subset of stages, each with dates going forward, one going back and one in the future.
    dated = [field for field, here in zip(FIELDS, present, strict=True) if here]
    for shape in ("forward", "backward", "future"):
        dates: dict[str, date | None] = {
            field: OPENED + timedelta(days=10 * (index + 1)) if here else None
            for index, (field, here) in enumerate(zip(FIELDS, present, strict=True))
        }
        if dated and shape == "backward":
            dates[dated[-1]] = OPENED - timedelta(days=1)
        if dated and shape == "future":
            dates[dated[-1]] = TODAY + timedelta(days=1)
        errors = stage_errors(proceeding(**dates), today=TODAY)
        assert (not errors) == expected_ok(dates), (shape, dates, errors)


@pytest.mark.parametrize("count", range(len(STAGE_DATES)))
def test_the_stage_is_the_latest_dated_one(count: int) -> None:
    dates = {field: OPENED + timedelta(days=i) for i, field in enumerate(FIELDS[:count])}
    assert stage_of(proceeding(**dates)) == STAGE_DATES[count][0]


@pytest.mark.parametrize("count", range(len(STAGE_DATES)))
def test_a_discontinuation_ends_proceedings_only_before_a_judgment(count: int) -> None:
    dates = {field: OPENED + timedelta(days=i) for i, field in enumerate(FIELDS[:count])}
    record = proceeding(**dates, discontinued_on=OPENED + timedelta(days=count + 1))
    errors = stage_errors(record, today=TODAY)
    judged = "judged_on" in dates
    assert ("discontinued_on" in errors) == judged
    if not judged:
        assert stage_of(record) == Stage.DISCONTINUED


def test_no_judgment_before_the_opening() -> None:
    record = proceeding(indicted_on=OPENED, court_on=OPENED, judged_on=OPENED - timedelta(days=1))
    assert "judged_on" in stage_errors(record, today=TODAY)


CLAIM_STATUSES = list(OhgClaim.Status)
DAYS = [None, date(2024, 1, 1), date(2025, 1, 1), date(2027, 1, 1)]


@pytest.mark.parametrize("status", CLAIM_STATUSES)
def test_a_claim_is_dated_as_its_status_requires(status: OhgClaim.Status) -> None:
    anchor = date(2024, 6, 1)
    for filed, decided in itertools.product(DAYS, DAYS):
        claim = OhgClaim(kind="compensation", window_anchor=anchor, status=status, filed_on=filed, decided_on=decided)
        errors = claim_errors(claim, today=TODAY)
        needs_filing = status not in (OhgClaim.Status.TO_FILE, OhgClaim.Status.WITHDRAWN)
        is_decided = status in (OhgClaim.Status.GRANTED, OhgClaim.Status.PARTLY_GRANTED, OhgClaim.Status.REFUSED)
        ok = (
            (filed is not None or not needs_filing)
            and (filed is None or anchor <= filed <= TODAY)
            and (decided is None or (is_decided and (filed is None or decided >= filed)))
            and (decided is not None or not is_decided)
        )
        assert (not errors) == ok, (status, filed, decided, errors)

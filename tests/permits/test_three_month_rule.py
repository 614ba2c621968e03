"""The three-month rule (Stay.permit_request_due): past three months a stay needs a permit request."""

from datetime import date

from permits.models import PermitRequest, Stay

START = date(2026, 1, 5)  # three months later: 2026-04-05
BEFORE, AFTER = date(2026, 4, 5), date(2026, 4, 6)


def _stay(**fields: object) -> Stay:
    return Stay(**{"basis": Stay.Basis.SUSPENDED_REMOVAL, "starts_on": START, **fields})


def _permit(status: str) -> PermitRequest:
    return PermitRequest(status=status)


def test_a_stay_running_past_three_months_needs_a_permit_request() -> None:
    assert not _stay().permit_request_due(today=BEFORE, permit_requests=[])
    assert _stay().permit_request_due(today=AFTER, permit_requests=[])


def test_a_stay_expected_past_three_months_needs_one_from_the_first_day() -> None:
    assert _stay(expected_until=AFTER).permit_request_due(today=START, permit_requests=[])
    assert not _stay(expected_until=BEFORE).permit_request_due(today=START, permit_requests=[])


def test_a_request_not_refused_meets_the_rule_and_a_refused_one_does_not() -> None:
    stay = _stay()
    for status in (PermitRequest.Status.REQUESTED, PermitRequest.Status.SEM_PENDING, PermitRequest.Status.GRANTED):
        assert not stay.permit_request_due(today=AFTER, permit_requests=[_permit(status)])
    assert stay.permit_request_due(today=AFTER, permit_requests=[_permit(PermitRequest.Status.REFUSED)])


def test_an_ended_stay_or_a_stay_on_a_permit_needs_none() -> None:
    assert not _stay(ended_on=date(2026, 8, 1)).permit_request_due(today=AFTER, permit_requests=[])
    assert not _stay(basis=Stay.Basis.PERMIT).permit_request_due(today=AFTER, permit_requests=[])

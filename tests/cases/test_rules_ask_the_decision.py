"""Consents and referrals ask the request's decision on the case (`decision_on`), not the policy.

A decision narrower than the policy's is planted on the request: each check must follow it, so
these tests fail as soon as a check asks the policy again.
"""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from django_tenants.utils import schema_context

from cases.access import decision_on
from cases.consents import ConsentRefused, check_record_consent
from cases.models import Case, CounsellingPart
from cases.policy import CaseAccess, Reader, decide
from cases.referrals import ReferralRefused, check_request_referral
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation
from tests.factories import OrganisationFactory

from .conftest import Cast

pytestmark = pytest.mark.django_db

C = Compartment


def _request_deciding(reader: Reader, case: Case, *, readable: set[str], writable: set[str]) -> HttpRequest:
    """A request whose gate already decided: `readable` and `writable`, nothing more."""
    request = RequestFactory().post("/")
    decision = CaseAccess(
        case=case, reader=reader, readable=frozenset(readable), writable=frozenset(writable),
        counselling_parts=frozenset(),
    )  # fmt: skip
    request._case_access = {(case.pk, id(reader)): decision}  # type: ignore[attr-defined]
    return request


def test_the_request_keeps_one_decision_per_case_and_reader(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        reader = cast.membership(cast.vera)
        request = RequestFactory().get("/")
        first = decision_on(membership=reader, case=rosa, request=request)
        assert decision_on(membership=reader, case=rosa, request=request) is first
        assert first == decide(reader=reader, case=rosa)


def test_a_consent_is_refused_when_the_decision_does_not_let_the_reader_write_counselling(
    cast: Cast, rosa: Case
) -> None:
    with schema_context("zh"):
        aid = cast.membership(cast.vera)
        assert decide(reader=aid, case=rosa).can_write(C.COUNSELLING)
        request = _request_deciding(aid, rosa, readable={C.CORE, C.COUNSELLING}, writable={C.CORE})
        with pytest.raises(ConsentRefused):
            check_record_consent(
                acting_user=cast.vera, membership=aid, case=rosa, recipient=cast.police,
                purpose="Einvernahme", scope=[CounsellingPart.MEDICAL], request=request,
            )  # fmt: skip
        check_record_consent(
            acting_user=cast.vera, membership=aid, case=rosa, recipient=cast.police,
            purpose="Einvernahme", scope=[CounsellingPart.MEDICAL], request=RequestFactory().post("/"),
        )  # fmt: skip


def test_a_referral_shares_only_what_the_decision_lets_the_sender_read(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        police = cast.membership(cast.polly)
        assert decide(reader=police, case=rosa).can_read(C.IDENTITY)
        city = OrganisationFactory(name="Stadtpolizei Fallakte", type=Organisation.Type.CITY_POLICE)
        request = _request_deciding(police, rosa, readable={C.CORE}, writable={C.CORE})
        with pytest.raises(ReferralRefused):
            check_request_referral(
                acting_user=cast.polly, membership=police, case=rosa, recipient=city,
                compartments=[C.IDENTITY], request=request,
            )  # fmt: skip
        referral = check_request_referral(
            acting_user=cast.polly, membership=police, case=rosa, recipient=city, compartments=[C.IDENTITY],
            request=RequestFactory().post("/"),
        )  # fmt: skip
        assert C.IDENTITY in referral.compartments

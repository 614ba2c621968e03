"""The residence gates ask the request's decision on the case, never the policy again.

A decision narrower than the policy's is planted on the request: each gate must follow it, so
these tests fail as soon as a gate asks the policy itself. The list form (`DetailReaders`)
must agree with `CaseAccess.sees_residence_details` for every party.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory
from django_tenants.utils import schema_context

from cases.models import Case
from cases.policy import CaseAccess, Reader, decide
from ksmm.compartments import Compartment
from permits import access, permit_actions
from permits.models import PermitKind, PermitRequest
from permits.queries import DetailReaders
from tests.permits.conftest import DAY0, Cast
from tests.permits.test_actions import request_period

pytestmark = pytest.mark.django_db

C = Compartment


def _request_deciding(reader: Reader, case: Case, *, readable: set[str]) -> HttpRequest:
    request = RequestFactory().get("/")
    decision = CaseAccess(
        case=case, reader=reader, readable=frozenset(readable), writable=frozenset(), counselling_parts=frozenset()
    )
    request._case_access = {(case.pk, id(reader)): decision}  # type: ignore[attr-defined]
    return request


def _permit(cast: Cast, case: Case) -> PermitRequest:
    return permit_actions.check_request_permit(
        acting_user=cast.vera, organisation=cast.aid, case=case, kind=PermitKind.B, addressed_to=cast.migration,
        requested_on=DAY0, expected_until=None, grounds="Härtefall", hardship_criteria="Integration",
        work_requested=False,
    )  # fmt: skip


def test_the_deciding_gates_follow_a_decision_without_the_residence_compartment(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        permit = _permit(cast, rosa)
        office = cast.membership(cast.mia)
        assert decide(reader=office, case=rosa).reads_residence
        assert access.access_period_to_decide(membership=office, period_id=period.pk, request=RequestFactory().get("/"))
        with pytest.raises(Http404):
            access.access_period_to_decide(
                membership=office, period_id=period.pk, request=_request_deciding(office, rosa, readable={C.CORE})
            )
        with pytest.raises(Http404):
            access.access_permit_request_to_decide(
                membership=office, request_id=permit.pk, request=_request_deciding(office, rosa, readable={C.CORE})
            )
        with pytest.raises(PermissionDenied):
            access.access_permit_request_details(
                membership=office, request_id=permit.pk, request=_request_deciding(office, rosa, readable={C.CORE})
            )


def test_the_filing_organisation_sees_its_details_while_it_reads_the_case(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit = _permit(cast, rosa)
        aid = cast.membership(cast.vera)
        assert access.access_permit_request_details(membership=aid, request_id=permit.pk) == permit
        with pytest.raises(PermissionDenied):
            access.access_permit_request_details(
                membership=aid, request_id=permit.pk, request=_request_deciding(aid, rosa, readable=set())
            )


def test_the_list_form_agrees_with_the_decision_for_every_party(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit = _permit(cast, rosa)
        seen = {}
        for user in (cast.vera, cast.mia, cast.polly, cast.piet):
            reader = cast.membership(user)
            single = decide(reader=reader, case=rosa).sees_residence_details(
                requested_by_organisation_id=permit.requested_by_organisation_id
            )
            listed = DetailReaders(membership=reader).sees(
                case_id=rosa.pk, requested_by_organisation_id=permit.requested_by_organisation_id
            )
            assert single == listed
            seen[user.pk] = single
    assert seen == {cast.vera.pk: True, cast.mia.pk: True, cast.polly.pk: False, cast.piet.pk: False}

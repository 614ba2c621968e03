import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django_tenants.utils import schema_context

from cases.access import access_case
from cases.consents import check_record_consent, do_revoke_consent
from cases.models import Case, CounsellingPart
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from tests.queries import assert_count, captured

from .conftest import Cast

pytestmark = pytest.mark.django_db


def test_a_party_gets_the_case_and_the_read_of_identity_is_audited(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        case = access_case(
            membership=cast.membership(cast.polly), case_id=rosa.pk, compartment=Compartment.IDENTITY
        ).case
        assert case == rosa
        entry = AuditEntry.objects.order_by("-sequence").first()
        assert entry is not None
        assert (entry.action, entry.compartment, entry.object_id) == ("read", "identity", str(rosa.pk))
        assert entry.actor_user_id == cast.polly.pk


def test_the_police_get_404_for_counselling_and_the_attempt_is_recorded(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        with pytest.raises(Http404):
            access_case(membership=cast.membership(cast.polly), case_id=rosa.pk, compartment=Compartment.COUNSELLING)
        entry = AuditEntry.objects.order_by("-sequence").first()
        assert entry is not None
        assert (entry.action, entry.compartment) == ("access_denied", "counselling")


def test_an_organisation_that_is_not_party_gets_404(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"), pytest.raises(Http404):
        access_case(membership=cast.membership(cast.nora), case_id=rosa.pk)


def test_a_missing_or_malformed_case_id_is_404(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        for case_id in (rosa.pk + 1000, "x"):
            with pytest.raises(Http404):
                access_case(membership=cast.membership(cast.polly), case_id=case_id)


def test_a_recipient_of_a_consent_reads_counselling_but_writing_it_is_403(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        check_record_consent(
            acting_user=None,
            membership=cast.membership(cast.vera),
            case=rosa,
            recipient=cast.police,
            purpose="Einvernahme",
            scope=[CounsellingPart.NOTES],
        )
        police = cast.membership(cast.polly)
        assert access_case(membership=police, case_id=rosa.pk, compartment=Compartment.COUNSELLING).case == rosa
        with pytest.raises(PermissionDenied):
            access_case(membership=police, case_id=rosa.pk, compartment=Compartment.COUNSELLING, write=True)


def test_a_second_access_case_in_one_request_reuses_the_decision(cast: Cast, rosa: Case) -> None:
    request = RequestFactory().get("/")
    with schema_context("zh"):
        police = cast.membership(cast.polly)
        first = access_case(membership=police, case_id=rosa.pk, request=request)
        with captured() as statements:
            again = access_case(membership=police, case_id=rosa.pk, request=request)
    assert_count(statements, 0)
    assert again is first
    assert first.case == rosa and first.can_write(Compartment.INVESTIGATION)


def test_a_new_request_decides_again_so_a_revoked_consent_counts_at_once(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        police = cast.membership(cast.polly)
        consent = check_record_consent(
            acting_user=cast.vera, membership=cast.membership(cast.vera), case=rosa, recipient=cast.police,
            purpose="Einvernahme", scope=[CounsellingPart.MEDICAL],
        )  # fmt: skip
        before = access_case(
            membership=police, case_id=rosa.pk, compartment=Compartment.COUNSELLING, request=RequestFactory().get("/")
        )
        assert before.counselling_parts == {CounsellingPart.MEDICAL}
        do_revoke_consent(acting_user=cast.vera, consent=consent)
        with pytest.raises(Http404):
            access_case(
                membership=police,
                case_id=rosa.pk,
                compartment=Compartment.COUNSELLING,
                request=RequestFactory().get("/"),
            )

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_tenants.utils import schema_context

from cases.access import access_case
from cases.consents import check_record_consent
from cases.models import Case, CounsellingPart
from ksmm.audit.models import AuditEntry
from roundtables.compartments import Compartment

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

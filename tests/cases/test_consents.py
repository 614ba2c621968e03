import pytest
from django_tenants.utils import schema_context

from cases.consents import check_record_consent, consents_of, do_revoke_consent
from cases.models import Case, Consent, CounsellingPart
from cases.policy import decide
from ksmm.accounts.models import User
from ksmm.partners.models import Organisation

from .conftest import Cast

pytestmark = pytest.mark.django_db


def _disclose(cast: Cast, case: Case, recipient: Organisation, part: str) -> Consent:
    return check_record_consent(
        acting_user=cast.vera, membership=cast.membership(cast.vera), case=case, recipient=recipient,
        purpose="Abklärung", scope=[part],
    )  # fmt: skip


def test_victim_aid_sees_every_disclosure_and_a_recipient_only_its_own(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        to_police = _disclose(cast, rosa, cast.police, CounsellingPart.MEDICAL)
        to_prosecution = _disclose(cast, rosa, cast.prosecution, CounsellingPart.LEGAL)
        do_revoke_consent(acting_user=cast.vera, consent=to_prosecution)

        def seen(user: User) -> set[Consent]:
            return set(consents_of(access=decide(reader=cast.membership(user), case=rosa)))

        assert seen(cast.vera) == {to_police, to_prosecution}
        assert seen(cast.polly) == {to_police}
        assert seen(cast.piet) == {to_prosecution}  # a revoked disclosure stays the record of it
        assert seen(cast.mia) == set()

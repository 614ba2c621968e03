"""Personas and agreements for the round-table tests.

carla: coordinator in ZH. alice: member in ZH. bob: member in GE.
"""

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from partners.models import Organisation
from roundtables.actions import do_create_draft
from roundtables.models import Agreement, AgreementSection, PartnerDuty, Signatory
from tests.factories import MembershipFactory, OrganisationFactory


def complete_draft(*, title: str = "Kooperationsvereinbarung", language: str = "de", second: str = "") -> Agreement:
    """A draft with every section, two partner duties and two signatories, in the current schema."""
    agreement = do_create_draft(acting_user=None, title=title, language=language, second_language=second)
    police = OrganisationFactory(name=f"Police {agreement.version}", type=Organisation.Type.CANTONAL_POLICE)
    aid = OrganisationFactory(name=f"Aide {agreement.version}", type=Organisation.Type.VICTIM_AID)
    AgreementSection.objects.bulk_create(
        AgreementSection(
            agreement=agreement,
            key=key,
            order=index,
            heading=f"Heading {key}",
            text=f"Text of {key}.",
            heading_second=f"Second {key}" if second else "",
            text_second=f"Second text of {key}." if second else "",
        )
        for index, key in enumerate(AgreementSection.Key.values)
    )
    PartnerDuty.objects.create(agreement=agreement, organisation=police, duties="Police duty text")
    PartnerDuty.objects.create(agreement=agreement, organisation=aid, duties="Victim aid duty text")
    Signatory.objects.create(agreement=agreement, organisation=police, name="Paula Polizei", function="Kommandantin")
    Signatory.objects.create(agreement=agreement, organisation=aid, name="Anna Aide", function="Leiterin")
    return agreement


@pytest.fixture
def zh_org(db: None) -> Organisation:
    with schema_context("zh"):
        return OrganisationFactory(name="Kantonspolizei Testhausen", type=Organisation.Type.CANTONAL_POLICE)


@pytest.fixture
def carla(zh_org: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_org, role=Membership.Role.COORDINATOR).user


@pytest.fixture
def alice(zh_org: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_org).user


@pytest.fixture
def bob(db: None) -> User:
    with schema_context("ge"):
        return MembershipFactory(organisation__name="Centre LAVI", organisation__type=Organisation.Type.VICTIM_AID).user


@pytest.fixture
def zh_agreement(db: None) -> Agreement:
    with schema_context("zh"):
        return complete_draft()

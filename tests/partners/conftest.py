"""Personas for the partner directory.

alice: police officer in ZH (member). carla: coordinator of the ZH round table.
bob: victim-aid counsellor in GE (member).
Browser tests commit the demo organisations; assertions look only at the test's own rows.
"""

import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def zh_police(db: None) -> Organisation:
    with schema_context("zh"):
        return OrganisationFactory(
            name="Stadtpolizei Testhausen", type=Organisation.Type.CITY_POLICE, town="Testhausen", postal_code="8999"
        )


@pytest.fixture
def alice(zh_police: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(organisation=zh_police, user__full_name="Alice Ammann").user


@pytest.fixture
def carla(zh_police: Organisation) -> User:
    with schema_context("zh"):
        return MembershipFactory(
            organisation=zh_police, role=Membership.Role.COORDINATOR, user__full_name="Carla Coordinatrice"
        ).user


@pytest.fixture
def bob(db: None) -> User:
    with schema_context("ge"):
        return MembershipFactory(
            organisation__name="Centre LAVI Genève", organisation__type=Organisation.Type.VICTIM_AID
        ).user

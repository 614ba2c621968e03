"""Personas (tests/personas.py) for the partner directory.

alice: police officer in ZH (member). carla: coordinator of the ZH round table.
bob: victim-aid counsellor in GE (member).
Browser tests commit the demo organisations; assertions look only at the test's own rows.
"""

import pytest

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.personas import ALICE, BOB, CARLA, GE_VICTIM_AID, member, new_organisation


@pytest.fixture
def zh_police(db: None) -> Organisation:
    return new_organisation(
        "zh", Organisation.Type.CITY_POLICE, "Stadtpolizei Testhausen", town="Testhausen", postal_code="8999"
    )


@pytest.fixture
def alice(zh_police: Organisation) -> User:
    return member(ALICE, organisation=zh_police)


@pytest.fixture
def carla(zh_police: Organisation) -> User:
    return member(CARLA, organisation=zh_police)


@pytest.fixture
def bob(db: None) -> User:
    return member(BOB, organisation_name=GE_VICTIM_AID)

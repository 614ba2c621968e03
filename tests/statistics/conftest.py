"""The people and the release of the statistics tests.

The release is committed once per run (building it costs seconds): every test reads the same
one, as the pages read the latest. The federal analyst is a user of the bare host; the canton
people are the usual personas (tests/personas.py).
"""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from ksmm.accounts.models import User
from ksmm.statistics.models import Release
from tests.auth import sign_in
from tests.factories import UserFactory
from tests.personas import ADAM, ALICE, BOB, CARLA, membership
from tests.statistics.releases import make_dashboard_release

YEARS = (2023, 2024, 2025)


@pytest.fixture(scope="session")
def dashboard_release(django_db_setup: None, django_db_blocker) -> Iterator[Release]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        release = make_dashboard_release(years=YEARS)
        connection.set_schema_to_public()
    yield release


@pytest.fixture
def analyst(db: None) -> User:
    return UserFactory(federal_role="analyst", full_name="Anna Analystin", language="en")


@pytest.fixture
def analyst_client(analyst: User, federal_client: Client) -> Client:
    return sign_in(federal_client, analyst)


@pytest.fixture
def carla(db: None) -> User:
    return membership(CARLA, language="en").user


@pytest.fixture
def carla_client(carla: User, zh_client: Client) -> Client:
    return sign_in(zh_client, carla)


@pytest.fixture
def adam(db: None) -> User:
    return membership(ADAM).user


@pytest.fixture
def alice(db: None) -> User:
    return membership(ALICE).user


@pytest.fixture
def bob_coordinator(db: None) -> User:
    return membership(BOB, role=BOB.role.COORDINATOR).user

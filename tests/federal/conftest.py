import pytest
from django.test import Client

from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.personas import ANTON, FIONA, federal_person


@pytest.fixture
def fiona() -> User:
    """A federal administrator."""
    return federal_person(FIONA, email="fiona@fedpol.test")


@pytest.fixture
def anton() -> User:
    """A federal analyst."""
    return federal_person(ANTON, email="anton@fedpol.test")


@pytest.fixture
def fiona_client(federal_client: Client, fiona: User) -> Client:
    return sign_in(federal_client, fiona)


# Every page of the federal administrator, and whether it is reached by POST.
ADMIN_PAGES = [
    ("/federal/people/", "get"),
    ("/federal/people/invite/", "get"),
    ("/federal/people/invite/", "post"),
    ("/federal/people/1/revoke/", "post"),
    ("/federal/cantons/", "get"),
    ("/federal/cantons/onboard/", "get"),
    ("/federal/cantons/onboard/", "post"),
]

"""The demo's federal accounts sign in on the bare host like the canton ones: published password
and TOTP secret."""

import pytest
from django.test import Client

from demo.seed import DEMO_PASSWORD, FEDERAL_PEOPLE, demo_totp_code, load_federal_people
from ksmm.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_federal_analyst_and_a_federal_administrator_once() -> None:
    load_federal_people()
    load_federal_people()
    roles = dict(User.objects.filter(email__endswith=".ch@demo.ksmm.test").values_list("email", "federal_role"))
    assert roles == {"analyst.ch@demo.ksmm.test": "analyst", "admin.ch@demo.ksmm.test": "admin"}


@pytest.mark.parametrize(("email", "status"), [("analyst.ch@demo.ksmm.test", 403), ("admin.ch@demo.ksmm.test", 200)])
def test_a_federal_demo_person_signs_in_with_the_published_password_and_code(email: str, status: int) -> None:
    load_federal_people()
    client = Client(HTTP_HOST="localhost")
    step = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    assert step["Location"].startswith("/accounts/verify/"), "the device is enrolled already"
    assert client.post("/accounts/verify/", {"token": demo_totp_code(email)}).status_code == 302
    assert client.get("/federal/people/").status_code == status


def test_the_federal_demo_people_are_named_by_the_federal_code() -> None:
    assert [person.email for person in FEDERAL_PEOPLE] == ["analyst.ch@demo.ksmm.test", "admin.ch@demo.ksmm.test"]

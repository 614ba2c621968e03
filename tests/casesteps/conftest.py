"""Personas and cases for the step tests: the cast of tests/cases (police Polly, victim-aid Vera,
migration Mia, prosecutor Piet, NGO Nora; Gabi in GE is the outsider), the case Rosa and a minor."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.cases.conftest import Cast, cast, gabi, rosa  # noqa: F401  fixtures shared with tests/cases
from tests.factories import open_test_case


@pytest.fixture
def lina(cast: Cast) -> Case:  # noqa: F811
    """A presumed minor, opened by the police, with victim aid as party."""
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Lina")
        Case.objects.filter(pk=case.pk).update(is_minor=True)
        case.refresh_from_db()
        do_add_party(acting_user=None, case=case, organisation=cast.aid)
        return case


def client_for(user: User, *, host: str = "zh.localhost") -> Client:
    # The shared cast reads English; these tests read the German pages of Zurich.
    User.objects.filter(pk=user.pk).update(language="de")
    return sign_in(Client(HTTP_HOST=host), user)

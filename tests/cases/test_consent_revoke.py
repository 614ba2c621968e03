"""Revoking a consent asks first, names what is revoked, and only the confirming POST revokes."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case, Consent
from ksmm.accounts.models import User
from tests.auth import sign_in
from tests.conftest import canton_client

from .conftest import Cast
from .test_views import _client

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(cast: Cast, rosa: Case) -> Consent:
    response = _client(cast.vera).post(
        f"/cases/{rosa.pk}/consents/",
        {"basis": "consent", "recipient": cast.police.pk, "purpose": "Einvernahme", "scope": ["notes"],
         "given_on": "31.03.2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.content
    with schema_context("zh"):
        return Consent.objects.get(case=rosa)


def _url(consent: Consent) -> str:
    return f"/cases/{consent.case_id}/consents/{consent.pk}/revoke/"


def _revoked(consent: Consent) -> bool:
    with schema_context("zh"):
        consent.refresh_from_db()
    return consent.revoked_at is not None


def test_the_consents_page_links_to_a_confirmation_instead_of_revoking(cast: Cast, consent: Consent) -> None:
    page = _client(cast.vera).get(f"/cases/{consent.case_id}/consents/").content.decode()
    assert f'href="{_url(consent)}"' in page
    assert "31.03.2026" in page and "Counselling notes" in page  # the scope as labels, not "notes"


@pytest.mark.parametrize("data", [None, {}, {"confirm": "no"}])
def test_the_confirmation_page_names_the_consent_and_revokes_nothing(
    cast: Cast, consent: Consent, data: dict[str, str] | None
) -> None:
    client = _client(cast.vera)
    response = client.get(_url(consent)) if data is None else client.post(_url(consent), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Revoke the consent?" in page and cast.police.name in page and "Einvernahme" in page
    assert not _revoked(consent)


def test_the_confirming_post_revokes_and_says_for_whom(cast: Cast, consent: Consent) -> None:
    response = _client(cast.vera).post(_url(consent), {"confirm": "yes"}, follow=True)
    assert _revoked(consent)
    assert f"The consent for {cast.police.name} has been revoked." in response.content.decode()


@pytest.mark.parametrize("persona", ["polly", "mia"])
def test_a_party_that_does_not_write_counselling_cannot_revoke(cast: Cast, consent: Consent, persona: str) -> None:
    client = _client(getattr(cast, persona))
    assert client.get(_url(consent)).status_code in (403, 404)
    assert client.post(_url(consent), {"confirm": "yes"}).status_code in (403, 404)
    assert not _revoked(consent)


def test_an_outsider_from_ge_gets_404(gabi: User, consent: Consent) -> None:
    client: Client = sign_in(canton_client("zh"), gabi)
    assert client.get(_url(consent)).status_code == 404
    assert client.post(_url(consent), {"confirm": "yes"}).status_code == 404
    assert not _revoked(consent)

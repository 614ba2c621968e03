"""The notices page offers the notices in the victim's recorded languages first, instead of
every notice in every language as one flat list."""

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db


def _with_languages(case: Case, languages: list[str]) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=case, data=IdentityData(official_name="X", languages=languages))


def _page(user: User, case: Case) -> str:
    client: Client = sign_in(canton_client("zh"), user)
    response = client.get(f"/notices/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def _preferred_languages(page: str) -> list[list[str]]:
    """Per notice, the languages of the short list shown before the others."""
    return [
        re.findall(r'<bdi lang="([a-zA-Z-]+)">', block)
        for block in re.findall(r'<ul class="notice-texts preferred">(.*?)</ul>', page, flags=re.S)
    ]


@pytest.mark.parametrize("languages", [["ro"], ["th", "en"], ["ar", "ro", "hu"]])
def test_the_victims_languages_come_first_for_every_notice(vera: User, zh_case: Case, languages: list[str]) -> None:
    _with_languages(zh_case, languages)
    page = _page(vera, zh_case)
    preferred = _preferred_languages(page)
    assert preferred and all(shown == languages for shown in preferred)
    assert page.count("<details>") == len(preferred)  # the other languages folded away, per notice
    select = page.split('name="text"', 1)[1].split("</select>", 1)[0]
    first_option = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)[0]
    assert first_option.split(" · ")[1].startswith(("Română", "ไทย", "العربية"))


def test_reading_the_victims_languages_is_recorded_as_an_identity_read(vera: User, zh_case: Case) -> None:
    _with_languages(zh_case, ["ro"])
    _page(vera, zh_case)
    with schema_context("zh"):
        assert AuditEntry.objects.filter(
            actor_user_id=vera.pk, action=AuditEntry.Action.READ, compartment="identity", object_id=str(zh_case.pk)
        ).exists()


def test_without_recorded_languages_every_language_is_offered_open(vera: User, zh_case: Case) -> None:
    page = _page(vera, zh_case)
    assert _preferred_languages(page) == []
    assert "No language of the victim is recorded" in page
    assert "<details open>" in page


def test_a_party_without_the_identity_compartment_does_not_learn_the_languages(kesb_karl: User, zh_case: Case) -> None:
    _with_languages(zh_case, ["ro"])
    page = _page(kesb_karl, zh_case)
    assert _preferred_languages(page) == []
    assert "The victim's languages" not in page

"""Federal partners are named in the reader's language (migration federal 0004)."""

import pytest
from django.test import Client

from ksmm.accounts.models import User
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

SEM = {
    "de": "Staatssekretariat für Migration SEM",
    "fr": "Secrétariat d'État aux migrations SEM",
    "it": "Segreteria di Stato della migrazione SEM",
    "en": "State Secretariat for Migration SEM",
}


@pytest.mark.parametrize("language", list(SEM))
def test_the_directory_names_the_federal_partners_in_the_readers_language(
    zh_client: Client, alice: User, language: str
) -> None:
    alice.language = language
    alice.save(update_fields=["language"])
    response = sign_in(zh_client, alice).get("/partners/")
    names = [partner.name for partner in response.context["federal_partners"]]
    assert SEM[language] in names
    others = [name for code, name in SEM.items() if code != language]
    assert not any(name in names for name in others)


def test_a_partner_without_a_translation_keeps_its_own_name_in_every_language(zh_client: Client, alice: User) -> None:
    alice.language = "it"
    alice.save(update_fields=["language"])
    response = sign_in(zh_client, alice).get("/partners/")
    names = [partner.name for partner in response.context["federal_partners"]]
    assert "ASTRÉE – Association de soutien aux victimes de traite et d'exploitation" in names

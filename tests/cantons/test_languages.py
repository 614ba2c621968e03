from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from tests.auth import sign_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize(
    ("host", "language", "heading"),
    [
        ("zh.localhost", "de", "Runder Tisch gegen Menschenhandel, Kanton Zürich"),
        ("ge.localhost", "fr", "Table ronde contre la traite des êtres humains, canton de Genève"),
        ("ti.localhost", "it", "Tavola rotonda contro la tratta di esseri umani, Cantone Ticino"),
        ("be.localhost", "de", "Runder Tisch gegen Menschenhandel, Kanton Bern"),
    ],
)
def test_without_a_choice_the_page_is_in_the_cantons_default_language(host: str, language: str, heading: str) -> None:
    # The browser asks for English; a canton host follows the canton, not the browser.
    response = Client(HTTP_HOST=host).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()
    assert heading in response.content.decode()


def test_the_language_switch_sets_the_language_for_this_host(zh_client: Client) -> None:
    response = zh_client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    page = zh_client.get("/")
    assert page["Content-Language"] == "fr"
    assert "canton de Zurich" in page.content.decode()


def test_a_users_own_language_wins_over_the_canton_default(zh_client: Client) -> None:
    with schema_context("zh"):
        member = MembershipFactory(user__language="it").user
    sign_in(zh_client, member)
    assert zh_client.get("/")["Content-Language"] == "it"


def test_the_federal_level_follows_the_browser(federal_client: Client) -> None:
    assert federal_client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH,fr;q=0.9")["Content-Language"] == "fr"
    assert federal_client.get("/", HTTP_ACCEPT_LANGUAGE="it")["Content-Language"] == "it"


def test_an_unsupported_language_choice_falls_back_to_the_canton_default(ge_client: Client) -> None:
    ge_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert ge_client.get("/")["Content-Language"] == "fr"


@pytest.mark.parametrize("language", ["de", "fr", "it", "en"])
def test_every_message_is_translated(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated in {language}: {missing}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert len(catalogue.translated_entries()) > 30

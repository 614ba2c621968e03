"""The main pages as a reader sees them, in every interface language: dates the Swiss way (no ISO
date in the visible text) and labels instead of raw codes."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.consents import check_record_consent
from cases.identity import IdentityData, do_save_identity
from ksmm.accounts.models import User
from notices.actions import check_record_delivery
from notices.models import NoticeText
from tests.auth import sign_in
from tests.permits.conftest import DAY0, Cast, World

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr", "it", "en"]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SWISS_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
# A raw code: a snake_case value (domestic_servitude, sem_pending, reflection_end) or a bare
# language code of the victim.
RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\bro\b|\bRO\b")


def visible_text(page: str) -> str:
    body = page.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def full_world(world: World, cast: Cast) -> World:
    """Rosa with an identity (date of birth, languages), a consent and a notice delivery."""
    with schema_context("zh"):
        rosa = world.rosa
        rosa.exploitation_subtypes = ["domestic_servitude"]
        rosa.save(update_fields=["exploitation_subtypes"])
        do_save_identity(
            acting_user=None, case=rosa,
            data=IdentityData(official_name="Popescu", date_of_birth="1999-12-31", nationality="RO", languages=["ro"]),
        )  # fmt: skip
        check_record_consent(
            acting_user=cast.vera, membership=cast.membership(cast.vera), case=rosa, basis="consent",
            recipient=cast.police, purpose="Einvernahme", scope=["notes", "medical"], given_on=DAY0,
        )  # fmt: skip
        text = NoticeText.objects.filter(version__status="published", language="ro").first()
        assert text is not None
        check_record_delivery(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, text=text, delivered_on=DAY0,
            method="interpreter", interpreter="Dolmetschdienst", acknowledged=True,
            unreviewed_reason="Review pending", no_acknowledgement_reason="",
        )  # fmt: skip
    return world


def pages(world: World, cast: Cast) -> list[tuple[User, str]]:
    rosa = world.rosa.pk
    return [
        (cast.vera, reverse("cases:detail", args=[rosa])),
        (cast.polly, reverse("cases:identity", args=[rosa])),  # read-only: the recorded values shown
        (cast.vera, reverse("cases:consents", args=[rosa])),
        (cast.vera, reverse("casesteps:steps", args=[rosa])),
        (cast.vera, reverse("notices:case", args=[rosa])),
        (cast.vera, reverse("permits:case", args=[rosa])),
        (cast.vera, reverse("permits:permit", args=[world.permit.pk])),
        (cast.vera, reverse("deadlines:mine")),
        (cast.mia, reverse("permits:queue")),
        (cast.max, reverse("audit:log")),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_pages_show_no_iso_date_and_no_raw_code(full_world: World, cast: Cast, language: str) -> None:
    for user, path in pages(full_world, cast):
        user.language = language
        user.save(update_fields=["language"])
        response = sign_in(Client(HTTP_HOST="zh.localhost"), user).get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert f'lang="{language}"' in page, path
        text = visible_text(page)
        assert not ISO_DATE.search(text), (path, ISO_DATE.findall(text))
        # A help text may show how to type a code (the identity's "ISO language codes, e.g. ro").
        shown = visible_text(re.sub(r'<small class="help"[^>]*>.*?</small>', " ", page, flags=re.DOTALL))
        assert not RAW_CODE.search(shown), (path, RAW_CODE.findall(shown))
        if "/cases/" in path:  # every page of the case carries its sub-navigation, residence and notices too
            assert 'class="nav case-nav"' in page, path
            assert f'href="/residence/cases/{full_world.rosa.pk}/"' in page, path
            assert f'href="/notices/cases/{full_world.rosa.pk}/"' in page, path
        if path != reverse("casesteps:steps", args=[full_world.rosa.pk]):  # no step recorded: no date
            assert SWISS_DATE.search(page), path  # a date shown (or in a form field), the Swiss way


@pytest.mark.parametrize(
    ("language", "name"), [("de", "Rumänien"), ("fr", "Roumanie"), ("it", "Romania"), ("en", "Romania")]
)
def test_the_nationality_is_named_in_the_readers_language(
    full_world: World, cast: Cast, language: str, name: str
) -> None:
    cast.vera.language = language
    cast.vera.save(update_fields=["language"])
    client = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    assert name in visible_text(client.get(f"/cases/{full_world.rosa.pk}/").content.decode())


def test_a_nationality_that_is_no_country_code_is_shown_as_typed() -> None:
    from ksmm.language_names import nationality_name

    assert nationality_name("staatenlos") == "staatenlos"
    assert nationality_name("") == ""

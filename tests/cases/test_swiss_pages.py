"""Dates typed and shown the Swiss way, labels instead of raw codes, and the case page's links."""

import html
import re

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from cases.identity import IdentityData, InvalidBirthDate, birth_date_from_input, do_save_identity
from cases.models import Case
from ksmm.widgets import DateInput
from tests.factories import open_test_case

from .conftest import Cast
from .test_views import _client

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "fr", "it", "en"]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def visible_text(page: str) -> str:
    """What a reader sees: the text between the tags (attributes such as <time datetime> left out)."""
    body = page.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("31.12.1999", "1999-12-31"),
        ("1.2.1999", "1999-02-01"),
        ("12.1999", "1999-12"),
        ("1999", "1999"),
        ("1999-12-31", "1999-12-31"),
        ("1999-12", "1999-12"),
    ],
)
def test_a_date_of_birth_is_accepted_the_swiss_way_and_partial_dates_are_kept(typed: str, stored: str) -> None:
    assert birth_date_from_input(typed) == stored


@pytest.mark.parametrize("typed", ["31.02.1999", "13.1999", "31/12/1999", "12-31-1999", "99"])
def test_a_wrong_date_of_birth_is_refused(typed: str) -> None:
    with pytest.raises(InvalidBirthDate):
        birth_date_from_input(typed)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_date_field_accepts_31_12_1999_and_shows_dates_the_swiss_way(language: str) -> None:
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField(widget=DateInput())

    with translation.override(language):
        form = DateForm({"day": "31.12.1999"})
        assert form.is_valid(), form.errors
        assert str(form.cleaned_data["day"]) == "1999-12-31"
        assert DateForm({"day": "1999-12-31"}).is_valid()  # ISO stays accepted (scripts, the API)
        rendered = str(DateForm(initial={"day": form.cleaned_data["day"]})["day"])
        assert 'value="31.12.1999"' in rendered and 'type="text"' in rendered


def test_the_identity_form_keeps_a_partial_date_typed_the_swiss_way(cast: Cast) -> None:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police)
    response = _client(cast.polly).post(f"/cases/{case.pk}/identity/", {"sex": "3", "date_of_birth": "04.2008"})
    assert response.status_code == 302
    with schema_context("zh"):
        assert Case.objects.get(pk=case.pk).identity.date_of_birth == "2008-04"
    page = _client(cast.polly).get(f"/cases/{case.pk}/identity/").content.decode()
    assert 'value="04.2008"' in page


@pytest.fixture
def full_case(cast: Cast) -> Case:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, exploitation_subtypes=["domestic_servitude"])
        do_save_identity(
            acting_user=None, case=case,
            data=IdentityData(official_name="Popescu", date_of_birth="1999-12-31", languages=["ro"]),
        )  # fmt: skip
    return case


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_page_shows_swiss_dates_labels_and_the_sections(cast: Cast, full_case: Case, language: str) -> None:
    cast.polly.language = language
    cast.polly.save(update_fields=["language"])
    page = _client(cast.polly).get(f"/cases/{full_case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    text = visible_text(page)
    assert not ISO_DATE.search(text)
    assert "31.12.1999" in text
    assert "domestic_servitude" not in text
    with translation.override(language):
        assert str(Case.ExploitationSubtype.DOMESTIC_SERVITUDE.label) in text
    assert f'href="/residence/cases/{full_case.pk}/"' in page
    assert f'href="/notices/cases/{full_case.pk}/"' in page
    assert f'href="/cases/{full_case.pk}/steps/"' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_identity_page_names_the_languages_instead_of_codes(cast: Cast, full_case: Case, language: str) -> None:
    from ksmm.language_names import language_name

    cast.polly.language = language
    cast.polly.save(update_fields=["language"])
    with schema_context("zh"):
        identity = full_case.identity
    assert identity.date_of_birth_swiss == "31.12.1999"
    with translation.override(language):
        assert identity.language_names == language_name("ro") != "ro"


def test_a_reader_without_the_identity_compartment_gets_no_identity_link(cast: Cast, full_case: Case) -> None:
    with schema_context("zh"):
        from cases.actions import do_add_party

        do_add_party(acting_user=None, case=full_case, organisation=cast.ngo)
    page = _client(cast.nora).get(f"/cases/{full_case.pk}/").content.decode()
    assert f'href="/cases/{full_case.pk}/identity/"' not in page
    assert f'href="/cases/{full_case.pk}/counselling/"' not in page
    assert f'href="/notices/cases/{full_case.pk}/"' in page

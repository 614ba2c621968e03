"""Forms tell assistive technology what belongs to a field: help texts and errors by their real ids,
an error summary at the top that links to each wrong field."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.models import Case
from tests.auth import sign_in
from tests.cases.conftest import Cast
from tests.forms_markup import dangling_describedby, error_summary_targets, ids_in
from tests.personas import ALICE, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(zh_client: Client) -> Client:
    return sign_in(zh_client, membership(ALICE).user)


def test_help_texts_are_linked_to_their_fields(police: Client) -> None:
    page = police.get(reverse("cases:intake")).content.decode()
    field = re.search(r'<select[^>]*id="id_place_of_exploitation"[^>]*>', page)
    assert field and 'aria-describedby="id_place_of_exploitation_helptext"' in field.group(0)
    assert 'id="id_place_of_exploitation_helptext"' in page
    assert "data-error-summary" not in page
    assert dangling_describedby(page) == set()


def test_a_form_with_errors_starts_with_a_summary_linking_to_every_wrong_field(police: Client) -> None:
    answer = police.post(reverse("cases:intake"), {"date_of_birth": "someday"})
    page = answer.content.decode()
    assert answer.status_code in {200, 400}
    targets = error_summary_targets(page)
    assert {"id_pseudonym", "id_opened_on", "id_date_of_birth"} <= set(targets)
    assert set(targets) <= ids_in(page)
    # The summary comes before the first field of the form.
    assert page.index("data-error-summary") < page.index('id="id_pseudonym"')
    birth = re.search(r'<input[^>]*id="id_date_of_birth"[^>]*>', page)
    assert birth and 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in birth.group(0)
    assert dangling_describedby(page) == set()


@pytest.mark.parametrize(
    "path", ["/cases/", "/cases/new/", "/partners/", "/deadlines/", "/inbox/", "/cases/referrals/"]
)
def test_no_page_points_aria_describedby_at_a_missing_element(police: Client, path: str) -> None:
    answer = police.get(path)
    assert answer.status_code == 200
    assert dangling_describedby(answer.content.decode()) == set()


def test_a_wrong_search_links_its_error_and_help_text_to_the_field(police: Client) -> None:
    page = police.post(reverse("cases:list"), {"birth": "someday"}).content.decode()
    birth = re.search(r'<input[^>]*id="id_birth"[^>]*>', page)
    assert birth and 'aria-describedby="id_birth_helptext id_birth_error"' in birth.group(0)
    assert dangling_describedby(page) == set()


def test_the_consent_and_the_exception_forms_keep_their_labels_apart(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        Case.objects.filter(pk=rosa.pk).update(is_minor=True)
    vera = sign_in(Client(HTTP_HOST="zh.localhost"), cast.vera)
    page = vera.get(f"/cases/{rosa.pk}/consents/").content.decode()
    assert 'value="minor_at_risk"' in page  # both forms are on the page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted(ids) == sorted(set(ids))
    assert set(re.findall(r'\sfor="([^"]+)"', page)) <= set(ids)
    assert dangling_describedby(page) == set()

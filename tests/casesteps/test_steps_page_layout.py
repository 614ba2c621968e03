"""The steps page: closing the case is folded away, a step's wrong input comes back with a summary."""

import re

import pytest
from django.urls import reverse

from cases.models import Case
from tests.forms_markup import dangling_describedby, error_summary_targets, ids_in

from .conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def details_of(page: str, section: str) -> str:
    """The opening <details> tag of a section's form."""
    start = page.index(f'<section class="step" id="{section}"')
    found = re.search(r"<details[^>]*>", page[start:])
    assert found, section
    return found.group(0)


def test_the_closure_section_leads_to_the_closing_page_while_empty_steps_open(cast: Cast, rosa: Case) -> None:
    page = client_for(cast.polly).get(reverse("casesteps:steps", args=[rosa.pk])).content.decode()
    assert reverse("casesteps:close", args=[rosa.pk]) in page
    assert 'id="id_closure-closed_on"' not in page
    assert details_of(page, "operations") == "<details open>"


def test_a_wrong_step_comes_back_with_a_summary_linking_to_the_fields(cast: Cast, rosa: Case) -> None:
    answer = client_for(cast.polly).post(
        reverse("casesteps:step_create", args=[rosa.pk, "safety"]), {"safetyassessment-assessed_on": "not a date"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    targets = error_summary_targets(page)
    assert targets == [
        "id_safetyassessment-assessed_on", "id_safetyassessment-risk_level", "id_safetyassessment-review_on",
    ]  # fmt: skip
    assert set(targets) <= ids_in(page)
    assessed_on = re.search(r'<input[^>]*id="id_safetyassessment-assessed_on"[^>]*>', page)
    assert assessed_on and 'aria-invalid="true"' in assessed_on.group(0)
    assert 'aria-describedby="id_safetyassessment-assessed_on_error"' in assessed_on.group(0)
    assert dangling_describedby(page) == set()

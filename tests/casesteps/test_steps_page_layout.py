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


def test_the_closure_form_is_folded_while_other_empty_steps_open(cast: Cast, rosa: Case) -> None:
    page = client_for(cast.polly).get(reverse("casesteps:steps", args=[rosa.pk])).content.decode()
    assert details_of(page, "closure") == "<details>"
    assert details_of(page, "operations") == "<details open>"


def test_a_wrong_step_comes_back_with_a_summary_linking_to_the_fields(cast: Cast, rosa: Case) -> None:
    answer = client_for(cast.polly).post(
        reverse("casesteps:step_create", args=[rosa.pk, "closure"]), {"closure-closed_on": "not a date"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    targets = error_summary_targets(page)
    assert targets == ["id_closure-closed_on", "id_closure-reason"]
    assert set(targets) <= ids_in(page)
    closed_on = re.search(r'<input[^>]*id="id_closure-closed_on"[^>]*>', page)
    assert closed_on and 'aria-invalid="true"' in closed_on.group(0)
    assert 'aria-describedby="id_closure-closed_on_error"' in closed_on.group(0)
    assert dangling_describedby(page) == set()

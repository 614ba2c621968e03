"""The checklist is saved section by section: saving one section never touches the others."""

import re

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.identification.models import Checklist, Indicator
from cases.models import Case
from tests.casesteps.conftest import Cast, cast, client_for, gabi, rosa  # noqa: F401  shared fixtures

pytestmark = pytest.mark.django_db


def indicator(code: str) -> tuple[int, int]:
    """The id of the indicator `code` and of its section (dimension)."""
    with schema_context("zh"):
        found = Indicator.objects.get(code=code)
        return found.pk, found.dimension_id


def observed(case: Case) -> dict[int, str]:
    with schema_context("zh"):
        checklist = Checklist.objects.get(case=case)
        return dict(checklist.observations.values_list("indicator_id", "note"))


def test_saving_one_section_keeps_what_the_other_sections_hold(cast: Cast, rosa: Case) -> None:  # noqa: F811
    police = client_for(cast.polly)
    (doc, doc_section), (debt, debt_section) = indicator("DOC-01"), indicator("DEB-01")
    assert doc_section != debt_section
    url = reverse("identification:checklist", args=[rosa.pk])
    police.post(url, {"dimension": doc_section, "indicator": [doc], f"note-{doc}": "Pass beim Chef"})
    answer = police.post(url, {"dimension": debt_section, "indicator": [debt]})
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"?saved={debt_section}#section-{debt_section}")
    assert observed(rosa) == {doc: "Pass beim Chef", debt: ""}

    police.post(url, {"dimension": debt_section})  # the debt section emptied
    assert observed(rosa) == {doc: "Pass beim Chef"}


def test_a_section_form_cannot_change_another_section(cast: Cast, rosa: Case) -> None:  # noqa: F811
    police = client_for(cast.polly)
    (doc, doc_section), (debt, debt_section) = indicator("DOC-01"), indicator("DEB-01")
    url = reverse("identification:checklist", args=[rosa.pk])
    police.post(url, {"dimension": doc_section, "indicator": [doc]})
    police.post(url, {"dimension": debt_section, "indicator": [debt, doc], f"note-{doc}": "overwritten"})
    assert observed(rosa) == {doc: "", debt: ""}


def test_every_section_is_its_own_form_and_the_saved_one_says_so(cast: Cast, rosa: Case) -> None:  # noqa: F811
    police = client_for(cast.polly)
    _doc, doc_section = indicator("DOC-01")
    page = police.get(reverse("identification:case", args=[rosa.pk]) + f"?saved={doc_section}").content.decode()
    sections = re.findall(r'<form method="post" action="[^"]+/checklist/" id="section-(\d+)"', page)
    hidden = re.findall(r'<input type="hidden" name="dimension" value="(\d+)">', page)
    assert len(sections) > 1 and sections == hidden
    assert str(doc_section) in sections
    assert page.count('class="saved" role="status"') == 1
    saved_form = page[page.index(f'id="section-{doc_section}"') :]
    assert saved_form.index('class="saved"') < saved_form.index("</form>")

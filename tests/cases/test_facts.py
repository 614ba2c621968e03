"""The case page's one question about tables most cases leave empty (cases/facts.py)."""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from cases import facts
from cases.access import access_case
from cases.models import Case, EvidenceNote
from tests.factories import open_test_case

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_fact() -> Iterator[str]:
    """A fact of the test's own, beside those the apps registered."""
    facts.register_case_fact("test.evidence", lambda case: EvidenceNote.objects.filter(case_id=case))
    yield "test.evidence"
    facts._FACTS.pop("test.evidence")


def test_the_sections_of_apps_above_cases_register_their_facts() -> None:
    assert {"caseattachments", "caseproceedings.proceedings", "caseproceedings.claims", "operations.link"} <= set(
        facts._FACTS
    )


def test_every_fact_is_asked_in_one_statement_once_per_request(cast: Cast, rosa: Case, evidence_fact: str) -> None:
    with schema_context("zh"):
        access = access_case(membership=cast.membership(cast.polly), case_id=rosa.pk)
        with CaptureQueriesContext(connection) as queries:
            answers = {name: facts.case_has(access, name) for name in facts._FACTS}
            facts.case_has(access, evidence_fact)
        assert len(queries) == 1
        assert set(answers.values()) == {False}


def test_a_fact_is_true_exactly_for_the_case_that_has_the_row(cast: Cast, rosa: Case, evidence_fact: str) -> None:
    with schema_context("zh"):
        other = open_test_case(organisation=cast.police, pseudonym="Andere")
        EvidenceNote.objects.create(case=other, author_organisation=cast.police, text="Chat gesichert.")
        reader = cast.membership(cast.polly)
        assert facts.case_has(access_case(membership=reader, case_id=other.pk), evidence_fact) is True
        assert facts.case_has(access_case(membership=reader, case_id=rosa.pk), evidence_fact) is False

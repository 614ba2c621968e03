"""The table of what a consent row opens (cases/visibility.py), read by its two renderings.

`opened_parts` (Python: the decision on one case) and `honoured_consents` (SQL: the list filter)
must agree on every row of `OPENINGS`, for every organisation type and every scope; and
`decide` and `readable_filter`, which are built on them, must agree on a case per row. The
tests iterate the table itself, so a row added, changed or dropped is compared too.
"""

from dataclasses import dataclass

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cases import grants
from cases.models import Case, Consent, CounsellingPart
from cases.policy import decide
from cases.queries import cases_with_compartment
from cases.visibility import OPENINGS, Opening, honoured_consents, opened_parts
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation
from tests.factories import OrganisationFactory, open_test_case

from .conftest import Cast

pytestmark = pytest.mark.django_db

# Every part alone, and all of them: a rendering that tested "contained in" instead of "overlaps"
# differs on the second, one that forgot a part on the first.
SCOPES = [[part] for part in CounsellingPart.values] + [sorted(CounsellingPart.values)]
# A type no row names, as an organisation of a type added later (or left over) would have.
RECIPIENT_TYPES = [*Organisation.Type.values, "type_no_row_names"]


def _plant(
    *, case: Case, recorded_by: Organisation, recipient: Organisation, opening: Opening, scope: list[str]
) -> Consent:
    return Consent.objects.create(
        case=case, basis=opening.basis, exception_purpose=opening.purpose, purpose="Abklärung", scope=scope,
        recipient_organisation=recipient, given_on=case.opened_on, justification="Gefahr",
        recorded_by_organisation=recorded_by,
    )  # fmt: skip


def _allow_the_accommodation_under_the_exception() -> None:
    """Rows that ask the exception for the shelter address are refused by a constraint; the table
    must still open nothing of them, so the test plants them, inside its own transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before the ALTER
        cursor.execute("ALTER TABLE cases_consent DROP CONSTRAINT IF EXISTS consent_exception_never_accommodation")


def test_the_filter_and_the_row_evaluation_agree_on_every_row_of_the_table(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        _allow_the_accommodation_under_the_exception()
        rows = [
            _plant(case=rosa, recorded_by=cast.aid, recipient=cast.police, opening=opening, scope=scope)
            for opening in OPENINGS
            for scope in SCOPES
        ]
        opened = 0
        for recipient_type in RECIPIENT_TYPES:
            listed = set(
                Consent.objects.filter(honoured_consents(recipient_type=recipient_type), pk__in=[r.pk for r in rows])
                .values_list("pk", flat=True)
            )  # fmt: skip
            evaluated = {
                row.pk
                for row in rows
                if opened_parts(
                    basis=row.basis, purpose=row.exception_purpose, scope=row.scope, recipient_type=recipient_type
                )
            }
            assert listed == evaluated, recipient_type
            opened += len(evaluated)
    assert 0 < opened < len(rows) * len(RECIPIENT_TYPES)  # the table opens some rows and withholds others


@dataclass(frozen=True)
class _Reader:
    """An organisation reading, as the policy sees one (no person, no scopes)."""

    organisation: Organisation


def test_the_list_filter_and_the_decision_agree_on_a_case_for_every_row_of_the_table(cast: Cast) -> None:
    """A case per row of the table and scope, each party of it (one per organisation type but
    victim aid, which reads counselling by its grant) the recipient of that row."""
    with schema_context("zh"):
        _allow_the_accommodation_under_the_exception()
        recipients = [
            OrganisationFactory(name=f"Empfänger {kind}", type=kind)
            for kind in Organisation.Type.values
            if kind != Organisation.Type.VICTIM_AID
        ]
        cases: list[Case] = []
        for opening in OPENINGS:
            for scope in SCOPES:
                case = open_test_case(organisation=cast.aid, pseudonym=f"Fall {len(cases)}")
                for recipient in recipients:
                    grants.set_grants(case=case, organisation=recipient, read={Compartment.CORE}, write=set())
                    _plant(case=case, recorded_by=cast.aid, recipient=recipient, opening=opening, scope=scope)
                cases.append(case)
        opened = 0
        for recipient in recipients:
            reader = _Reader(organisation=recipient)
            listed = set(
                cases_with_compartment(membership=reader, compartment=Compartment.COUNSELLING)
                .filter(pk__in=[case.pk for case in cases])
                .values_list("pk", flat=True)
            )
            decided = {case.pk for case in cases if decide(reader=reader, case=case).can_read(Compartment.COUNSELLING)}
            assert listed == decided, recipient.type
            opened += len(decided)
    assert 0 < opened < len(cases) * len(recipients)

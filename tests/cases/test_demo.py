import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from cases.policy import readable_compartments
from demo.seed import DEMO_CASES, PEOPLE, demo_email, load_demo
from ksmm.memberships.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_opens_fictitious_cases_in_zurich_geneva_and_ticino_once() -> None:
    load_demo()
    load_demo()
    for code in ("zh", "ge", "ti"):
        with schema_context(code):
            for demo in DEMO_CASES[code.upper()]:
                assert Case.objects.filter(pseudonym=demo.pseudonym).count() == 1
            numbers = Case.objects.filter(pseudonym__in=[demo.pseudonym for demo in DEMO_CASES[code.upper()]])
            assert all(case.case_number.startswith(f"{code.upper()}-2026-") for case in numbers)


def test_the_demo_police_officer_reads_the_consented_counselling_notes_of_aurora() -> None:
    load_demo()
    police = next(person for person in PEOPLE if person.key == "police")
    with schema_context("zh"):
        membership = Membership.objects.select_related("organisation").get(user__email=demo_email(police, "ZH"))
        aurora = Case.objects.get(pseudonym="Aurora")
        birke = Case.objects.get(pseudonym="Birke")
        assert "counselling" in readable_compartments(membership=membership, case=aurora)
        assert "counselling" not in readable_compartments(membership=membership, case=birke)
        assert birke.is_minor

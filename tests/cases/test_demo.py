import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from cases.policy import readable_compartments
from ksmm.demo import DEMO_CASES, PEOPLE, demo_email, load_demo
from ksmm.memberships.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_opens_fictitious_cases_in_zurich_and_geneva_once() -> None:
    load_demo()
    load_demo()
    for code in ("zh", "ge"):
        with schema_context(code):
            pseudonyms = sorted(Case.objects.values_list("pseudonym", flat=True))
            assert pseudonyms == sorted(demo.pseudonym for demo in DEMO_CASES[code.upper()])
            assert all(number.startswith(f"{code.upper()}-2026-") for number in Case.objects.values_list(
                "case_number", flat=True))  # fmt: skip


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

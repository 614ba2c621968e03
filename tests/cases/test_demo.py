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


def _work_of(key: str, code: str) -> dict[str, list[str]]:
    from ksmm.accounts.models import User
    from tests.auth import sign_in
    from tests.conftest import canton_client

    person = next(person for person in PEOPLE if person.key == key)
    user = User.objects.get(email=demo_email(person, code))
    response = sign_in(canton_client(code), user).get("/work/")
    assert response.status_code == 200
    return {section.key: [row.title for row in section.rows] for section in response.context["sections"]}


@pytest.mark.parametrize("code", ["ZH", "GE", "TI"])
def test_the_demo_gives_each_caseworker_something_waiting_on_my_work(code: str) -> None:
    from ksmm.notifications.models import Reminder

    load_demo()
    load_demo()  # once: no second referral, assignment or notification
    aid = _work_of("victimaid", code)
    assert len(aid["referrals"]) == 1, aid  # the police's referral, to accept or decline
    assert aid["inbox"], aid
    migration = _work_of("migration", code)
    assert migration["decisions"], migration  # a reflection-period or permit request to decide
    with schema_context(code.lower()):
        assigned = Case.objects.filter(assignments__ended_at__isnull=True).distinct().count()
        assert assigned == Case.objects.count()
        kinds = set(Reminder.objects.values_list("kind", flat=True))
        assert {Reminder.Kind.REFERRAL_RECEIVED, Reminder.Kind.CASE_ASSIGNED} <= kinds


def test_the_demo_shows_aurora_before_the_court_with_her_claim_window_open() -> None:
    from cases.proceedings.models import CriminalProceeding, OhgClaim
    from ksmm.deadlines.models import Deadline, RuleKey

    load_demo()
    load_demo()
    with schema_context("zh"):
        aurora = Case.objects.get(pseudonym="Aurora")
        assert CriminalProceeding.objects.get(case=aurora).stage == "at_court"
        claim = OhgClaim.objects.get(case=aurora)
        window = Deadline.objects.get(rule_key=RuleKey.OHG_CLAIM_WINDOW, subject_id=claim.pk, status="open")
        assert window.responsible_organisation.type == "victim_aid"

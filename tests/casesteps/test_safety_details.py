"""Safety details (issue 15, point 3): victim aid reads the threats and protective measures of the
police's and the prosecution's safety assessments under a sub-grant of the agreement's matrix;
every such read is audited; the review date opens a deadline of the assessing organisation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from cases import grants
from cases.actions import do_add_party
from cases.models import Case
from cases.policy import decide
from cases.steps.actions import check_save_step
from cases.steps.kinds import AUTHORITIES
from cases.steps.models import SafetyAssessment
from ksmm.audit.models import AuditEntry
from ksmm.compartments import SubGrant
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from roundtables.matrix import conservative_grants
from tests.factories import open_test_case
from tests.personas import new_organisation
from tests.queries import assert_count, statements_of

from .conftest import Cast, client_for

pytestmark = pytest.mark.django_db

Type = Organisation.Type
DETAILS = SubGrant.SAFETY_DETAILS


def assess(case: Case, by: Organisation, *, threats: str = "THREAT-MARKER", review_in: int = 20) -> SafetyAssessment:
    today = timezone.localdate()
    return check_save_step(  # type: ignore[return-value]
        acting_user=None,
        organisation=by,
        step=SafetyAssessment(
            case=case, assessed_on=today, risk_level="high", review_on=today + timedelta(days=review_in),
            threats=threats, measures="MEASURE-MARKER",
        ),
    )  # fmt: skip


def steps_url(case: Case) -> str:
    return reverse("casesteps:steps", args=[case.pk])


def api_url(case: Case, pk: int | None = None) -> str:
    return f"/api/v1/cases/{case.pk}/safety/" + (f"{pk}/" if pk else "")


def detail_reads(user_id: int) -> int:
    return AuditEntry.objects.filter(
        action="read", compartment="investigation", purpose="safety details", actor_user_id=user_id
    ).count()


def test_the_conservative_matrix_gives_the_safety_details_to_victim_aid_only() -> None:
    for organisation_type in Type.values:
        granted = DETAILS in conservative_grants(organisation_type=organisation_type)
        assert granted == (organisation_type == Type.VICTIM_AID), organisation_type


@pytest.mark.parametrize("recorder_type", sorted(Type.values))
def test_victim_aid_reads_the_details_of_exactly_the_authorities_assessments(
    cast: Cast, rosa: Case, recorder_type: str
) -> None:
    with schema_context("zh"):
        recorder = new_organisation("zh", Type(recorder_type))
        SafetyAssessment.objects.create(
            case=rosa, recorded_by_organisation=recorder, assessed_on=date(2026, 3, 1), risk_level="high",
            review_on=date(2026, 4, 1), threats="THREAT-MARKER", measures="MEASURE-MARKER",
        )  # fmt: skip
    page = client_for(cast.vera).get(steps_url(rosa)).content.decode()
    api = client_for(cast.vera).get(api_url(rosa)).content.decode()
    expected = recorder_type in AUTHORITIES
    for shown in (page, api):
        assert ("THREAT-MARKER" in shown) == expected
        assert ("MEASURE-MARKER" in shown) == expected
    with schema_context("zh"):
        assert detail_reads(cast.vera.pk) == (2 if expected else 0)


@pytest.mark.parametrize("reader", ["mia", "vera"])
def test_only_a_holder_of_the_sub_grant_reads_the_details(cast: Cast, rosa: Case, reader: str) -> None:
    with schema_context("zh"):
        assess(rosa, cast.police)
    user = getattr(cast, reader)
    holds = reader == "vera"
    page = client_for(user).get(steps_url(rosa)).content.decode()
    assert ("THREAT-MARKER" in page) == holds
    with schema_context("zh"):
        assert detail_reads(user.pk) == (1 if holds else 0)


def test_an_agreement_without_the_sub_grant_leaves_victim_aid_the_summary(cast: Cast) -> None:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Sina")
        # As an adopted agreement that does not grant the details would: the aid's grants without them.
        do_add_party(acting_user=None, case=case, organisation=cast.aid)
        current = grants.granted(organisation_id=cast.aid.pk, case_id=case.pk)
        read = {c for c in grants.COMPARTMENTS if grants.read_codename(c) in current}
        grants.set_grants(case=case, organisation=cast.aid, read=read, write=read, sub_grants=())
        assess(case, cast.police)
        aid = cast.membership(cast.vera)
        assert not decide(reader=aid, case=case).holds(DETAILS)
    page = client_for(cast.vera).get(steps_url(case)).content.decode()
    assert "THREAT-MARKER" not in page and "MEASURE-MARKER" not in page
    assert "THREAT-MARKER" not in client_for(cast.vera).get(api_url(case)).content.decode()


def test_a_party_that_leaves_loses_the_sub_grant(cast: Cast, rosa: Case) -> None:
    from cases.actions import do_remove_party

    with schema_context("zh"):
        aid = cast.membership(cast.vera)
        assert decide(reader=aid, case=rosa).holds(DETAILS)
        do_remove_party(acting_user=None, case=rosa, organisation=cast.aid)
        assert grants.granted(organisation_id=cast.aid.pk, case_id=rosa.pk) == frozenset()


def test_an_outsider_and_a_stranger_get_404_for_the_details(cast: Cast, rosa: Case, gabi: object) -> None:
    with schema_context("zh"):
        safety = assess(rosa, cast.police)
    for user in (gabi, cast.nora):
        client = client_for(user)  # type: ignore[arg-type]
        for path in (steps_url(rosa), api_url(rosa), api_url(rosa, safety.pk)):
            assert client.get(path).status_code == 404, path


def test_victim_aid_cannot_write_a_safety_assessment(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        safety = assess(rosa, cast.police)
    response = client_for(cast.vera).patch(api_url(rosa, safety.pk), {"threats": "x"}, content_type="application/json")
    assert response.status_code == 404  # investigation is not readable: 404, as for a stranger
    with schema_context("zh"):
        assert SafetyAssessment.objects.get(case=rosa).threats == "THREAT-MARKER"


def test_the_steps_page_of_victim_aid_with_details_runs_the_same_queries_for_1_and_50(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        assess(rosa, cast.police)
    aid = client_for(cast.vera)
    one = statements_of(aid, steps_url(rosa))
    with schema_context("zh"):
        for _ in range(49):
            assess(rosa, cast.prosecution)
    fifty = statements_of(aid, steps_url(rosa), warm_up=False)
    assert len(one) == len(fifty)
    assert_count(one, 14, without_search_path=13)


def test_the_review_date_opens_a_deadline_of_the_assessing_organisation(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        first = assess(rosa, cast.police, review_in=20)
        deadline = Deadline.objects.get(rule_key=RuleKey.SAFETY_REVIEW, status="open", case=rosa)
        assert (deadline.subject_id, deadline.case_id) == (first.pk, rosa.pk)
        assert deadline.due_on == first.review_on
        assert deadline.responsible_organisation == cast.police
        assert deadline.rule.reminder_days == [7, 1]


def test_a_new_assessment_closes_the_previous_review_and_opens_its_own(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        first = assess(rosa, cast.police, review_in=20)
        second = assess(rosa, cast.prosecution, review_in=40)
        deadlines = {d.subject_id: d for d in Deadline.objects.filter(rule_key=RuleKey.SAFETY_REVIEW, case=rosa)}
        assert deadlines[first.pk].status == Deadline.Status.DONE
        assert deadlines[second.pk].status == Deadline.Status.OPEN
        assert deadlines[second.pk].responsible_organisation == cast.prosecution
        assert deadlines[second.pk].due_on == second.review_on


def test_a_changed_review_date_moves_the_deadline(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        safety = assess(rosa, cast.police, review_in=20)
        safety.review_on += timedelta(days=10)
        check_save_step(acting_user=None, organisation=cast.police, step=safety)
        open_ = Deadline.objects.get(rule_key=RuleKey.SAFETY_REVIEW, status="open", case=rosa)
        assert open_.due_on == safety.review_on
        assert Deadline.objects.filter(rule_key=RuleKey.SAFETY_REVIEW, status="cancelled", case=rosa).count() == 1

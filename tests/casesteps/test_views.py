from datetime import date

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.models import Case
from cases.steps.kinds import KINDS
from cases.steps.models import Accommodation, Closure, Interview, Operation, SafetyAssessment
from ksmm.audit.models import AuditEntry
from tests.queries import assert_count, statements_of

from .conftest import Cast, client_for

pytestmark = pytest.mark.django_db

OPERATION = {
    "operation-planned_for": "2026-03-10T22:00",
    "operation-place": "Milieu Langstrasse",
    "operation-announced": "on",
    "operation-announced_at": "2026-03-09T10:00",
}
INTERVIEW = {
    "interview-held_on": "2026-03-12",
    "interview-kind": "police",
    "interview-person_of_trust_offered": "on",
    "interview-confrontation_avoided": "on",
    "interview-note": "INTERVIEW-MARKER",
}
ACCOMMODATION = {
    "accommodation-kind": "shelter",
    "accommodation-address": "ADDRESS-MARKER Schutzhaus",
    "accommodation-starts_on": "2026-03-11",
    "accommodation-medical_help": "on",
}
SAFETY = {
    "safetyassessment-assessed_on": "2026-03-12",
    "safetyassessment-risk_level": "high",
    "safetyassessment-review_on": "2026-04-12",
    "safetyassessment-threats": "THREAT-MARKER",
}


def create_url(case: Case, kind: str) -> str:
    return reverse("casesteps:step_create", args=[case.pk, kind])


def steps_url(case: Case) -> str:
    return reverse("casesteps:steps", args=[case.pk])


def test_the_police_record_an_operation_announced_in_advance_and_it_is_audited(cast: Cast, rosa: Case) -> None:
    response = client_for(cast.polly).post(
        create_url(rosa, "operations"), {**OPERATION, "operation-announced_to": cast.aid.pk}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        operation = Operation.objects.get(case=rosa)
        assert operation.announced_to == cast.aid and operation.recorded_by_organisation == cast.police
        entry = AuditEntry.objects.get(object_type="casesteps.operation", object_id=str(operation.pk))
        assert (entry.action, entry.compartment, entry.actor_user_id) == ("create", "investigation", cast.polly.pk)


def test_an_unannounced_operation_needs_its_reason_and_the_input_is_kept(cast: Cast, rosa: Case) -> None:
    data = {**OPERATION, "operation-announced": "", "operation-place": "Hinterhof Kreis 4"}
    response = client_for(cast.polly).post(create_url(rosa, "operations"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hinterhof Kreis 4" in page and 'role="alert"' in page
    with schema_context("zh"):
        assert not Operation.objects.exists()
    data["operation-not_announced_reason"] = "Ankündigung hätte die Ermittlung gefährdet"
    assert client_for(cast.polly).post(create_url(rosa, "operations"), data).status_code == 302


def test_victim_aid_cannot_write_interviews(cast: Cast, rosa: Case) -> None:
    response = client_for(cast.vera).post(create_url(rosa, "interviews"), INTERVIEW)
    assert response.status_code == 404
    with schema_context("zh"):
        assert not Interview.objects.exists()


def test_the_police_cannot_write_accommodation(cast: Cast, rosa: Case) -> None:
    assert client_for(cast.polly).post(create_url(rosa, "accommodation"), ACCOMMODATION).status_code == 404
    with schema_context("zh"):
        assert not Accommodation.objects.exists()


def test_the_migration_office_sees_the_safety_summary_but_no_investigation(cast: Cast, rosa: Case) -> None:
    police = client_for(cast.polly)
    assert police.post(create_url(rosa, "interviews"), INTERVIEW).status_code == 302
    assert police.post(create_url(rosa, "safety"), SAFETY).status_code == 302
    with schema_context("zh"):
        interview = Interview.objects.get(case=rosa)
        safety = SafetyAssessment.objects.get(case=rosa)
    migration = client_for(cast.mia)
    page = migration.get(steps_url(rosa)).content.decode()
    assert "INTERVIEW-MARKER" not in page and "THREAT-MARKER" not in page
    assert "Hoch" in page  # the risk level is core
    assert migration.get(reverse("casesteps:step_edit", args=[rosa.pk, "interviews", interview.pk])).status_code == 404
    assert migration.get(reverse("casesteps:step_edit", args=[rosa.pk, "safety", safety.pk])).status_code == 404
    assert migration.post(create_url(rosa, "safety"), SAFETY).status_code == 404
    police_page = police.get(steps_url(rosa)).content.decode()
    assert "INTERVIEW-MARKER" in police_page and "THREAT-MARKER" in police_page


def test_accommodation_stays_with_victim_aid_and_its_read_is_audited(cast: Cast, rosa: Case) -> None:
    aid = client_for(cast.vera)
    assert aid.post(create_url(rosa, "accommodation"), ACCOMMODATION).status_code == 302
    assert "ADDRESS-MARKER" in aid.get(steps_url(rosa)).content.decode()
    with schema_context("zh"):
        read = AuditEntry.objects.filter(action="read", compartment="counselling", actor_user_id=cast.vera.pk)
        assert read.exists()
    for user in (cast.polly, cast.mia, cast.piet):
        assert "ADDRESS-MARKER" not in client_for(user).get(steps_url(rosa)).content.decode()


def test_the_police_read_of_investigation_steps_is_audited(cast: Cast, rosa: Case) -> None:
    client_for(cast.polly).get(steps_url(rosa))
    with schema_context("zh"):
        entry = AuditEntry.objects.filter(action="read", actor_user_id=cast.polly.pk).order_by("-sequence").first()
        assert entry is not None and entry.compartment == "investigation" and entry.object_id == str(rosa.pk)


def test_an_outsider_gets_404_on_every_step_page(cast: Cast, rosa: Case, gabi: object) -> None:
    with schema_context("zh"):
        operation = Operation.objects.create(
            case=rosa, recorded_by_organisation=cast.police, planned_for="2026-03-10T22:00Z", place="x",
            announced=False, not_announced_reason="y",
        )  # fmt: skip
    outsider = client_for(gabi)  # type: ignore[arg-type]
    urls = [steps_url(rosa), reverse("casesteps:step_edit", args=[rosa.pk, "operations", operation.pk])]
    urls += [create_url(rosa, kind.key) for kind in KINDS]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert outsider.post(url, {}).status_code == 404, url


def test_an_organisation_that_is_not_party_gets_404(cast: Cast, rosa: Case) -> None:
    stranger = client_for(cast.nora)
    assert stranger.get(steps_url(rosa)).status_code == 404
    assert stranger.post(reverse("casesteps:close", args=[rosa.pk]), {"action": "close"}).status_code == 404


def test_a_childs_third_hearing_and_a_hearing_without_video_need_a_reason(cast: Cast, lina: Case) -> None:
    police = client_for(cast.polly)
    child = {**INTERVIEW, "interview-video_recorded": "on", "interview-specialist_present": "on"}
    no_video = {**child, "interview-video_recorded": ""}
    response = police.post(create_url(lina, "interviews"), no_video)
    assert response.status_code == 400
    assert police.post(create_url(lina, "interviews"), child).status_code == 302
    assert police.post(create_url(lina, "interviews"), child).status_code == 302
    third = police.post(create_url(lina, "interviews"), child)
    assert third.status_code == 400
    with schema_context("zh"):
        assert Interview.objects.filter(case=lina).count() == 2
    justified = {**child, "interview-deviation_reason": "Neue Beweise erfordern eine Ergänzung"}
    assert police.post(create_url(lina, "interviews"), justified).status_code == 302


def test_a_minor_has_the_kesb_task_until_the_referral_is_recorded(cast: Cast, lina: Case, rosa: Case) -> None:
    police = client_for(cast.polly)
    assert "KESB" in police.get(steps_url(lina)).content.decode()
    assert police.post(create_url(rosa, "kesb"), {"kesbreferral-referred_on": "2026-03-02"}).status_code == 404
    assert police.post(create_url(lina, "kesb"), {"kesbreferral-referred_on": "2026-03-02"}).status_code == 302
    assert "still open" not in police.get(steps_url(lina)).content.decode()
    aid = client_for(cast.vera)
    data = {"bestinterestsassessment-assessed_on": "2026-03-03", "bestinterestsassessment-assessment": "BEST-MARKER"}
    assert aid.post(create_url(lina, "best-interests"), data).status_code == 302
    assert "BEST-MARKER" not in police.get(steps_url(lina)).content.decode()


def test_the_old_closure_form_leads_to_the_closing_page(cast: Cast, rosa: Case) -> None:
    data = {"closure-closed_on": "2026-05-01", "closure-reason": "proceedings_ended"}
    answer = client_for(cast.polly).post(create_url(rosa, "closure"), data)
    assert answer.status_code == 302 and answer["Location"] == reverse("casesteps:close", args=[rosa.pk])
    with schema_context("zh"):
        assert not Closure.objects.filter(case=rosa).exists()


def test_the_steps_page_runs_the_same_queries_for_1_and_50_interviews(cast: Cast, rosa: Case) -> None:
    """Counted with tests/queries.py after a warm-up request: 1 interview and 50 both run 14
    statements (13 besides SET search_path; one lists the register's operations on the form)."""
    police = client_for(cast.polly)

    def interviews(count: int) -> None:
        with schema_context("zh"):
            Interview.objects.bulk_create(
                Interview(case=rosa, recorded_by_organisation=cast.police, held_on=date(2026, 3, 1))
                for _ in range(count)
            )

    interviews(1)
    one = statements_of(police, steps_url(rosa))
    interviews(49)
    fifty = statements_of(police, steps_url(rosa), warm_up=False)
    assert len(one) == len(fifty)
    assert_count(one, 14, without_search_path=13)
    assert_count(fifty, 14, without_search_path=13)

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from cases.steps.kinds import KINDS
from cases.steps.models import Interview, SafetyAssessment
from ksmm.api.actions import do_create_api_client
from ksmm.audit.models import AuditEntry
from tests.api.conftest import bearer, obtain_token
from tests.queries import assert_count, captured

from .conftest import Cast, client_for

pytestmark = pytest.mark.django_db

INTERVIEW = {
    "held_on": "2026-03-12",
    "kind": "police",
    "person_of_trust_offered": True,
    "confrontation_avoided": True,
    "note": "INTERVIEW-MARKER",
}


def url(case: Case, kind: str, pk: int | None = None) -> str:
    return f"/api/v1/cases/{case.pk}/{kind}/" + (f"{pk}/" if pk else "")


def test_the_police_record_and_read_interviews_over_the_api_audited(cast: Cast, rosa: Case) -> None:
    police = client_for(cast.polly)
    created = police.post(url(rosa, "interviews"), INTERVIEW, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by_organisation"] == cast.police.pk
    listed = police.get(url(rosa, "interviews"))
    assert [row["note"] for row in listed.json()] == ["INTERVIEW-MARKER"]
    detail = police.get(url(rosa, "interviews", created.json()["id"]))
    assert detail.json()["person_of_trust_offered"] is True
    with schema_context("zh"):
        reads = AuditEntry.objects.filter(action="read", compartment="investigation", actor_user_id=cast.polly.pk)
        assert reads.count() >= 2


def test_a_missing_protection_without_reason_is_a_problem_with_the_field(cast: Cast, rosa: Case) -> None:
    data = {**INTERVIEW, "confrontation_avoided": False}
    response = client_for(cast.polly).post(url(rosa, "interviews"), data, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "deviation_reason" in response.content.decode()


def test_victim_aid_can_neither_write_nor_read_interviews(cast: Cast, rosa: Case) -> None:
    aid = client_for(cast.vera)
    assert aid.post(url(rosa, "interviews"), INTERVIEW, content_type="application/json").status_code == 404
    assert aid.get(url(rosa, "interviews")).status_code == 404
    with schema_context("zh"):
        assert not Interview.objects.exists()


def test_the_migration_office_gets_the_safety_summary_only(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        safety = SafetyAssessment.objects.create(
            case=rosa, recorded_by_organisation=cast.police, assessed_on=date(2026, 3, 1), risk_level="high",
            review_on=date(2026, 4, 1), threats="THREAT-MARKER",
        )  # fmt: skip
    migration = client_for(cast.mia)
    rows = migration.get(url(rosa, "safety")).json()
    assert rows == [{"id": safety.pk, "assessed_on": "2026-03-01", "risk_level": "high", "review_on": "2026-04-01",
                     "recorded_at": rows[0]["recorded_at"]}]  # fmt: skip
    assert "THREAT-MARKER" not in migration.get(url(rosa, "safety", safety.pk)).content.decode()
    assert migration.get(url(rosa, "interviews")).status_code == 404
    assert (
        migration.patch(
            url(rosa, "safety", safety.pk), {"risk_level": "low"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert "THREAT-MARKER" in client_for(cast.piet).get(url(rosa, "safety")).content.decode()


def test_an_outsider_gets_404_on_every_step_endpoint(cast: Cast, rosa: Case, gabi: object) -> None:
    outsider = client_for(gabi)  # type: ignore[arg-type]
    for kind in KINDS:
        for path in (url(rosa, kind.key), url(rosa, kind.key, 1)):
            assert outsider.get(path).status_code == 404, path
    assert outsider.post(url(rosa, "closure"), {}, content_type="application/json").status_code == 404


def test_a_cantonal_system_reads_steps_but_cannot_write_them(cast: Cast, rosa: Case, zh_client: Client) -> None:
    with schema_context("zh"):
        system = do_create_api_client(
            organisation=cast.police, name="Polizei-Fallsystem", scopes=["core", "investigation"]
        )
    token = obtain_token(zh_client, system).json()["access_token"]
    assert zh_client.get(url(rosa, "interviews"), **bearer(token)).status_code == 200
    response = zh_client.post(url(rosa, "interviews"), INTERVIEW, content_type="application/json", **bearer(token))
    assert response.status_code == 403


def test_a_closure_over_the_api_is_the_leads_and_cannot_be_changed(cast: Cast, rosa: Case) -> None:
    closure = {"closed_on": "2026-06-01", "reason": "lost_contact"}
    refused = client_for(cast.vera).post(url(rosa, "closure"), closure, content_type="application/json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    aid = client_for(cast.polly)  # the police opened the case: they lead it
    unasked = aid.post(url(rosa, "closure"), closure, content_type="application/json")
    assert unasked.status_code == 400 and "override_reason" in unasked.content.decode()
    created = aid.post(
        url(rosa, "closure"), {**closure, "override_reason": "Kontakt seit Monaten abgebrochen"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    with schema_context("zh"):
        rosa.refresh_from_db()
        assert rosa.status == Case.Status.CLOSED
    change = aid.patch(url(rosa, "closure", created.json()["id"]), {"reason": "other"}, content_type="application/json")
    assert change.status_code == 405


def test_the_interview_list_runs_the_same_queries_for_1_and_50(cast: Cast, rosa: Case) -> None:
    """Counted with tests/queries.py after a warm-up request: 1 interview and 50 both run 10
    statements (9 besides SET search_path)."""
    police = client_for(cast.polly)

    def add(count: int) -> None:
        with schema_context("zh"):
            Interview.objects.bulk_create(
                Interview(case=rosa, recorded_by_organisation=cast.police, held_on=date(2026, 3, 1))
                for _ in range(count)
            )

    add(1)
    police.get(url(rosa, "interviews"))
    with captured() as one:
        assert len(police.get(url(rosa, "interviews")).json()) == 1
    add(49)
    with captured() as fifty:
        assert len(police.get(url(rosa, "interviews")).json()) == 50
    assert len(one) == len(fifty)
    assert_count(one, 10, without_search_path=9)
    assert_count(fifty, 10, without_search_path=9)

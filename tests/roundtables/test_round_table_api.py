"""The round table, its members, meetings, decisions and action items over the API."""

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.partners.models import Organisation
from roundtables.meetings.actions import check_approve
from roundtables.models import ActionItem, Decision, Meeting, MeetingAttendee, RoundTable, RoundTableMember
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.factories import (
    ActionItemFactory,
    ContactPersonFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    RoundTableMemberFactory,
)
from tests.queries import assert_statements

from .conftest import dangerously_clear_round_table

pytestmark = pytest.mark.django_db

JSON: dict[str, Any] = {"content_type": "application/json"}


def test_a_member_reads_the_round_table_with_its_groups(
    zh_client: Client, alice: User, zh_round_table: RoundTable
) -> None:
    sign_in(zh_client, alice)
    listing = zh_client.get("/api/v1/round-tables/").json()["results"]
    assert [row["name"] for row in listing] == ["Runder Tisch Testhausen"]
    detail = zh_client.get(f"/api/v1/round-tables/{zh_round_table.pk}/").json()
    assert {member["role"] for member in detail["members"]} == {"chair", "police"}
    assert zh_client.get("/api/v1/round-table-members/?group=core").json()["results"][0]["group"] == "core"


def test_a_coordinator_creates_the_round_table_once_and_changes_it(zh_client: Client, carla: User) -> None:
    with schema_context("zh"):
        dangerously_clear_round_table()
    sign_in(zh_client, carla)
    body = {"name": "Runder Tisch", "mandate_authority": "Regierungsrat", "scope": "cantons", "scope_cantons": ["ZH"]}
    refused = zh_client.post("/api/v1/round-tables/", body, **JSON)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "scope_cantons"
    body["scope_cantons"] = ["ZH", "SH"]
    created = zh_client.post("/api/v1/round-tables/", body, **JSON)
    assert created.status_code == 201, created.content
    assert zh_client.post("/api/v1/round-tables/", body, **JSON).status_code == 409
    changed = zh_client.patch(
        f"/api/v1/round-tables/{created.json()['id']}/", {"mandate_document": "RRB 12/2020"}, **JSON
    )
    assert changed.status_code == 200
    assert changed.json()["mandate_document"] == "RRB 12/2020"


def test_a_coordinator_adds_changes_and_removes_a_member(
    zh_client: Client, carla: User, zh_round_table: RoundTable
) -> None:
    with schema_context("zh"):
        ngo = OrganisationFactory(name="FIZ API", type=Organisation.Type.NGO, group=Organisation.Group.NONE)
        nina, nora = ContactPersonFactory.create_batch(2, organisation=ngo)
        stranger = ContactPersonFactory()
    sign_in(zh_client, carla)
    body = {"organisation": ngo.pk, "group": "associate", "role": "victim_aid", "representative": stranger.pk}
    refused = zh_client.post("/api/v1/round-table-members/", body, **JSON)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "representative"
    body.update(representative=nina.pk, deputy=nora.pk)
    created = zh_client.post("/api/v1/round-table-members/", body, **JSON)
    assert created.status_code == 201, created.content
    path = f"/api/v1/round-table-members/{created.json()['id']}/"
    assert zh_client.patch(path, {"role": "prevention"}, **JSON).json()["role"] == "prevention"
    assert zh_client.delete(path).status_code == 204
    with schema_context("zh"):
        assert not RoundTableMember.objects.filter(organisation=ngo).exists()


def test_a_coordinator_records_a_meeting_and_approves_it(
    zh_client: Client, carla: User, zh_round_table: RoundTable, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        officer = ContactPersonFactory(organisation=zh_org)
    sign_in(zh_client, carla)
    created = zh_client.post(
        "/api/v1/meetings/",
        {
            "date": "2026-01-20",
            "kind": "annual_assessment",
            "attendees": [{"organisation": zh_org.pk, "contact": officer.pk}],
        },
        **JSON,
    )
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["attendees"] == [{"organisation": zh_org.pk, "contact": officer.pk}]
    incomplete = zh_client.post(f"/api/v1/meetings/{meeting['id']}/approve/", **JSON)
    assert incomplete.status_code == 400  # no minutes yet
    assert zh_client.patch(f"/api/v1/meetings/{meeting['id']}/", {"minutes": "Bericht"}, **JSON).status_code == 200
    decision = zh_client.post("/api/v1/decisions/", {"meeting": meeting["id"], "text": "Annehmen"}, **JSON)
    assert decision.status_code == 201, decision.content
    item = zh_client.post(
        "/api/v1/action-items/",
        {"meeting": meeting["id"], "description": "Bericht versenden", "owner": zh_org.pk, "due_date": "2026-02-28"},
        **JSON,
    )
    assert item.status_code == 201, item.content
    approved = zh_client.post(f"/api/v1/meetings/{meeting['id']}/approve/", **JSON)
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert [row["text"] for row in approved.json()["decisions"]] == ["Annehmen"]


def test_approved_minutes_answer_409_but_an_action_item_can_still_be_done(
    zh_client: Client, carla: User, zh_meeting: Meeting, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        decision = zh_meeting.decisions.get()
        item = zh_meeting.action_items.get()
    sign_in(zh_client, carla)
    refusals = [
        zh_client.patch(f"/api/v1/meetings/{zh_meeting.pk}/", {"minutes": "Neu"}, **JSON),
        zh_client.post(f"/api/v1/meetings/{zh_meeting.pk}/approve/", **JSON),
        zh_client.patch(f"/api/v1/decisions/{decision.pk}/", {"text": "Neu"}, **JSON),
        zh_client.post("/api/v1/decisions/", {"meeting": zh_meeting.pk, "text": "Neu"}, **JSON),
        zh_client.delete(f"/api/v1/decisions/{decision.pk}/"),
        zh_client.patch(f"/api/v1/action-items/{item.pk}/", {"description": "Neu"}, **JSON),
        zh_client.patch(f"/api/v1/action-items/{item.pk}/", {"status": "done", "due_date": "2030-01-01"}, **JSON),
        zh_client.delete(f"/api/v1/action-items/{item.pk}/"),
    ]
    assert [response.status_code for response in refusals] == [409] * len(refusals)
    assert all(response["Content-Type"].startswith("application/problem+json") for response in refusals)
    done = zh_client.patch(f"/api/v1/action-items/{item.pk}/", {"status": "done"}, **JSON)
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["done_at"] is not None
    with schema_context("zh"):
        assert Decision.objects.get(pk=decision.pk).text != "Neu"


def _paths(meeting: Meeting) -> list[tuple[str, str, dict[str, Any]]]:
    with schema_context("zh"):
        decision = meeting.decisions.get()
        item = meeting.action_items.get()
        member = RoundTableMember.objects.first()
        assert member is not None
    return [
        ("post", "/api/v1/round-tables/", {"name": "X", "mandate_authority": "Y"}),
        ("patch", f"/api/v1/round-tables/{meeting.round_table_id}/", {"name": "X"}),
        (
            "post",
            "/api/v1/round-table-members/",
            {"organisation": member.organisation_id, "group": "core", "role": "police"},
        ),
        ("patch", f"/api/v1/round-table-members/{member.pk}/", {"role": "health"}),
        ("delete", f"/api/v1/round-table-members/{member.pk}/", {}),
        ("post", "/api/v1/meetings/", {"date": "2026-01-01"}),
        ("patch", f"/api/v1/meetings/{meeting.pk}/", {"minutes": "X"}),
        ("post", f"/api/v1/meetings/{meeting.pk}/approve/", {}),
        ("post", "/api/v1/decisions/", {"meeting": meeting.pk, "text": "X"}),
        ("patch", f"/api/v1/decisions/{decision.pk}/", {"text": "X"}),
        ("delete", f"/api/v1/decisions/{decision.pk}/", {}),
        ("post", "/api/v1/action-items/", {"meeting": meeting.pk, "description": "X"}),
        ("patch", f"/api/v1/action-items/{item.pk}/", {"status": "done"}),
        ("delete", f"/api/v1/action-items/{item.pk}/", {}),
    ]


def _reads(meeting: Meeting) -> list[str]:
    with schema_context("zh"):
        decision = meeting.decisions.get()
        item = meeting.action_items.get()
        member = RoundTableMember.objects.first()
        assert member is not None
    return [
        "/api/v1/round-tables/", f"/api/v1/round-tables/{meeting.round_table_id}/",
        "/api/v1/round-table-members/", f"/api/v1/round-table-members/{member.pk}/",
        "/api/v1/meetings/", f"/api/v1/meetings/{meeting.pk}/", "/api/v1/decisions/",
        f"/api/v1/decisions/{decision.pk}/", "/api/v1/action-items/", f"/api/v1/action-items/{item.pk}/",
    ]  # fmt: skip


def test_a_member_reads_everything_but_writes_nothing(zh_client: Client, alice: User, zh_meeting: Meeting) -> None:
    sign_in(zh_client, alice)
    for path in _reads(zh_meeting):
        assert zh_client.get(path).status_code == 200, path
    for method, path, body in _paths(zh_meeting):
        assert getattr(zh_client, method)(path, body, **JSON).status_code == 403, path
    with schema_context("zh"):
        assert Meeting.objects.get(pk=zh_meeting.pk).status == Meeting.Status.DRAFT


def test_an_outsider_finds_nothing(zh_client: Client, bob: User, zh_meeting: Meeting) -> None:
    sign_in(zh_client, bob)
    for path in _reads(zh_meeting):
        assert zh_client.get(path).status_code == 404, path
    for method, path, body in _paths(zh_meeting):
        assert getattr(zh_client, method)(path, body, **JSON).status_code == 404, path


def test_an_oauth2_client_reads_the_minutes_but_may_not_write(
    zh_client: Client, zh_meeting: Meeting, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=zh_org, name="Fallsystem", scopes=["directory"])
    token = obtain_token(zh_client, api_client).json()["access_token"]
    for path in _reads(zh_meeting):
        assert zh_client.get(path, **bearer(token)).status_code == 200, path
    for method, path, body in _paths(zh_meeting):
        assert getattr(zh_client, method)(path, body, **JSON, **bearer(token)).status_code == 403, path


@pytest.mark.parametrize("rows", [1, 50])
def test_the_meeting_list_costs_the_same_queries_for_1_and_50_meetings(
    zh_client: Client, alice: User, zh_round_table: RoundTable, zh_org: Organisation, rows: int
) -> None:
    with schema_context("zh"):
        for _number in range(rows):
            meeting = MeetingFactory(round_table=zh_round_table)
            MeetingAttendee.objects.create(meeting=meeting, organisation=zh_org)
            DecisionFactory(meeting=meeting)
            ActionItemFactory(meeting=meeting, owner=zh_org)
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), meetings, attendees, decisions, action items
    assert_statements(zh_client, "/api/v1/meetings/", 7, without_search_path=6, warm_up=False)


LISTS = {
    "members": ("/api/v1/round-table-members/", 4, 3),
    "decisions": ("/api/v1/decisions/", 4, 3),
    "items": ("/api/v1/action-items/", 4, 3),
    "round tables": ("/api/v1/round-tables/", 5, 4),
}


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("rows", [1, 50])
def test_the_other_lists_cost_the_same_queries_for_1_and_50_rows(
    zh_client: Client, alice: User, zh_meeting: Meeting, rows: int, name: str
) -> None:
    path, statements, without_search_path = LISTS[name]
    with schema_context("zh"):
        for _number in range(rows):
            if name == "decisions":
                DecisionFactory(meeting=zh_meeting)
            elif name == "items":
                ActionItemFactory(meeting=zh_meeting)
            else:  # members, and the members nested in the round table
                RoundTableMemberFactory(round_table=zh_meeting.round_table)
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), the rows (and the members of the round table)
    assert_statements(zh_client, path, statements, without_search_path=without_search_path, warm_up=False)


def test_an_action_items_person_must_work_for_its_owner(
    zh_client: Client, carla: User, zh_meeting: Meeting, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        stranger = ContactPersonFactory()
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/api/v1/action-items/",
        {
            "meeting": zh_meeting.pk,
            "description": "X",
            "owner": zh_org.pk,
            "owner_contact": stranger.pk,
            "due_date": "2026-05-01",
        },
        **JSON,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "owner_contact"
    with schema_context("zh"):
        assert not ActionItem.objects.filter(owner_contact=stranger).exists()

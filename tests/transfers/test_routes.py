"""Every page and endpoint of transfers: the right people in, the wrong role 403, an outsider
(a third canton, or the other canton where it has no business) 404; bad input a clear 400."""

import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from cases.transfers.models import IncomingTransfer, TransferRequest
from ksmm.notifications.models import Reminder
from ksmm.transfers.models import Transfer
from tests.queries import assert_statements

from .conftest import MARKER, World, client_for
from .test_copy import accept_and_copy, request_transfer

pytestmark = pytest.mark.django_db


def form_data(world: World, **extra: object) -> dict[str, object]:
    return {"recipient": f"GE:{world.ge_aid.pk}", "reason": "Shelter in Geneva", "compartments": ["identity"], **extra}


def test_a_lead_asks_for_a_transfer_on_the_case_page(world: World) -> None:
    client = client_for(world.lena, "zh")
    page = client.get(f"/cases/{world.case.pk}/transfer/")
    assert page.status_code == 200
    assert "Centre LAVI Transfert" in page.content.decode()  # the other canton's directory, names only
    response = client.post(f"/cases/{world.case.pk}/transfer/", form_data(world))
    assert response.status_code == 302
    with schema_context("zh"):
        assert TransferRequest.objects.get(case=world.case).receiving_canton == "GE"


def test_counselling_without_consent_is_refused_on_the_page_with_a_clear_message(world: World) -> None:
    client = client_for(world.lena, "zh")
    response = client.post(f"/cases/{world.case.pk}/transfer/", form_data(world, counselling_parts=["notes"]))
    assert response.status_code == 400
    assert "only with the person&#x27;s consent" in response.content.decode()
    assert not Transfer.objects.exists()


def test_a_member_sees_the_transfer_status_but_cannot_ask(world: World) -> None:
    client = client_for(world.vera, "zh")
    assert client.get(f"/cases/{world.case.pk}/transfer/").status_code == 200
    assert client.post(f"/cases/{world.case.pk}/transfer/", form_data(world)).status_code == 403
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("canton, who", [("ge", "gino"), ("ti", "tom")])
def test_the_case_transfer_page_is_missing_for_other_cantons(world: World, canton: str, who: str) -> None:
    client = client_for(getattr(world, who), canton)
    assert client.get(f"/cases/{world.case.pk}/transfer/").status_code == 404
    assert client.post(f"/cases/{world.case.pk}/transfer/", form_data(world)).status_code == 404


def test_the_receiving_lead_and_coordinator_see_and_answer_incoming_transfers(world: World) -> None:
    sent = request_transfer(world)
    with schema_context("ge"):
        incoming = IncomingTransfer.objects.get(transfer_id=sent.transfer_id)
    for user in (world.gino, world.cora):
        client = client_for(user, "ge")
        listing = client.get("/transfers/")
        assert listing.status_code == 200 and world.case.case_number in listing.content.decode()
        assert client.get(f"/transfers/{incoming.pk}/").status_code == 200
    # The reason travels; counselling never does without consent.
    assert MARKER not in client_for(world.gino, "ge").get(f"/transfers/{incoming.pk}/").content.decode()
    declined = client_for(world.cora, "ge").post(f"/transfers/{incoming.pk}/", {"step": "decline", "reason": ""})
    assert declined.status_code == 400
    response = client_for(world.cora, "ge").post(
        f"/transfers/{incoming.pk}/", {"step": "decline", "reason": "No place"}
    )
    assert response.status_code == 302
    with schema_context("zh"):
        sent.refresh_from_db()
        assert (sent.status, sent.answer_reason) == ("declined", "No place")
        assert Reminder.objects.filter(recipient=world.vera, kind="transfer_declined").exists()


def test_a_member_of_the_receiving_organisation_has_the_wrong_role(world: World) -> None:
    sent = request_transfer(world)
    with schema_context("ge"):
        incoming = IncomingTransfer.objects.get(transfer_id=sent.transfer_id)
    client = client_for(world.gabi, "ge")
    assert client.get("/transfers/").status_code == 403
    assert client.get(f"/transfers/{incoming.pk}/").status_code == 403
    assert client.post(f"/transfers/{incoming.pk}/", {"step": "accept"}).status_code == 403


def test_incoming_transfers_are_missing_for_a_third_canton_and_in_the_sending_one(world: World) -> None:
    sent = request_transfer(world)
    with schema_context("ge"):
        incoming = IncomingTransfer.objects.get(transfer_id=sent.transfer_id)
    tom = client_for(world.tom, "ti")
    assert tom.get(f"/transfers/{incoming.pk}/").status_code == 404
    assert tom.post(f"/transfers/{incoming.pk}/", {"step": "accept"}).status_code == 404
    assert world.case.case_number not in tom.get("/transfers/").content.decode()


def test_the_case_pages_of_both_cantons_show_the_link(world: World) -> None:
    received = accept_and_copy(world, request_transfer(world))
    with schema_context("ge"):
        number = Case.objects.get(pk=received).case_number
    zh_page = client_for(world.lena, "zh").get(f"/cases/{world.case.pk}/").content.decode()
    assert f"Transferred to canton GE (case {number})" in zh_page
    ge_page = client_for(world.gino, "ge").get(f"/cases/{received}/").content.decode()
    assert f"Transferred from canton ZH (case {world.case.case_number})" in ge_page


def test_the_transferred_case_refuses_writes(world: World) -> None:
    accept_and_copy(world, request_transfer(world))
    client = client_for(world.lena, "zh")
    # The identity form of a case the lead's service wrote: now read-only.
    assert client.post(f"/cases/{world.case.pk}/identity/", {"official_name": "X"}).status_code == 403
    assert client.post(f"/cases/{world.case.pk}/transfer/", form_data(world)).status_code in (400, 403)


def test_the_incoming_list_pins_its_query_count(world: World) -> None:
    request_transfer(world)
    assert_statements(client_for(world.cora, "ge"), "/transfers/", 5)


# API ---------------------------------------------------------------------------------------


def test_the_api_requests_lists_and_answers_a_transfer(world: World) -> None:
    lena = client_for(world.lena, "zh")
    body = {"case": world.case.pk, "receiving_canton": "GE", "receiving_organisation": world.ge_aid.pk,
            "reason": "Shelter", "compartments": ["identity"]}  # fmt: skip
    created = lena.post("/api/v1/transfers/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert created.status_code == 201, created.content
    transfer_id = created.json()["id"]
    replay = lena.post("/api/v1/transfers/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert replay.status_code == 201 and replay.json()["id"] == transfer_id
    assert Transfer.objects.count() == 1
    assert [row["id"] for row in lena.get("/api/v1/transfers/").json()] == [transfer_id]
    gino = client_for(world.gino, "ge")
    assert gino.get(f"/api/v1/transfers/{transfer_id}/").json()["direction"] == "incoming"
    accepted = gino.post(
        f"/api/v1/transfers/{transfer_id}/accept/", content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"


def test_the_api_refuses_counselling_without_consent_as_a_problem(world: World) -> None:
    body = {"case": world.case.pk, "receiving_canton": "GE", "receiving_organisation": world.ge_aid.pk,
            "reason": "Shelter", "counselling_parts": ["notes"]}  # fmt: skip
    response = client_for(world.lena, "zh").post("/api/v1/transfers/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "consent" in response.content.decode()


def test_the_api_answers_outsiders_and_wrong_roles(world: World) -> None:
    sent = request_transfer(world)
    tom = client_for(world.tom, "ti")
    assert tom.get(f"/api/v1/transfers/{sent.transfer_id}/").status_code == 404
    assert tom.post(f"/api/v1/transfers/{sent.transfer_id}/accept/", content_type="application/json").status_code == 404
    assert tom.get("/api/v1/transfers/").json() == []
    gabi = client_for(world.gabi, "ge")
    assert (
        gabi.post(f"/api/v1/transfers/{sent.transfer_id}/accept/", content_type="application/json").status_code == 404
    )
    vera = client_for(world.vera, "zh")
    body = {"case": world.case.pk, "receiving_canton": "GE", "receiving_organisation": world.ge_aid.pk,
            "reason": "x"}  # fmt: skip
    assert vera.post("/api/v1/transfers/", body, content_type="application/json").status_code == 400
    ge_case = client_for(world.gino, "ge").post("/api/v1/transfers/", body, content_type="application/json")
    assert ge_case.status_code == 404


def test_the_transferred_case_takes_no_referral_and_no_grant_change(world: World) -> None:
    from cases.actions import GrantRefused, check_change_grant
    from cases.referrals import ReferralRefused, check_request_referral

    accept_and_copy(world, request_transfer(world))
    with schema_context("zh"):
        case = Case.objects.get(pk=world.case.pk)
        with pytest.raises(ReferralRefused, match="transferred"):
            check_request_referral(acting_user=world.lena, membership=world.membership(world.lena), case=case,
                                   recipient=world.zh_migration, compartments=())  # fmt: skip
        with pytest.raises(GrantRefused, match="transferred"):
            check_change_grant(acting_user=world.lena, case=case, organisation=world.zh_police,
                               compartment="identity", granted=False, reason="x")  # fmt: skip

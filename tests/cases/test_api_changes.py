"""GET /api/v1/changes/: the change feed (issue 18, point 4), as a cantonal system walks it.

Rosa (tests/cases/conftest.py) is the police's case; victim aid, migration and prosecution are
parties, the NGO is not. Each test starts at the head of the feed (`since=now`): the feed is the
canton's, and other tests' committed changes may be in it.
"""

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from cases.changes import changes_after
from cases.models import Case
from cases.notes import do_add_counselling_entry
from cases.referrals import check_request_referral
from ksmm.api.actions import do_create_api_client
from ksmm.api.identity import Caller
from ksmm.api.problems import TITLES
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.events.actions import do_emit
from ksmm.events.models import Event
from ksmm.partners.models import Organisation
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_count, besides_search_path, statements_of

from .conftest import Cast

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"


def as_person(user: object) -> Client:
    return sign_in(canton_client("zh"), user)  # type: ignore[arg-type]


def system_of(organisation: Organisation, *scopes: str, canton: str = "zh") -> tuple[Client, dict[str, str]]:
    with schema_context(canton):
        api_client = do_create_api_client(organisation=organisation, name="Fallsystem", scopes=list(scopes))
    client = canton_client(canton)
    response = obtain_token(client, api_client)
    assert response.status_code == 200, response.content
    return client, bearer(response.json()["access_token"])


def head(client: Client, **extra: str) -> str:
    response = client.get(FEED, {"since": "now"}, **extra)  # type: ignore[arg-type]
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["results"] == [] and body["has_more"] is False
    return str(body["next_cursor"])


def walk(client: Client, cursor: str, *, limit: int = 100, **extra: str) -> tuple[list[dict[str, Any]], str]:
    """Every change after `cursor`, page by page; and the cursor to ask with next."""
    seen: list[dict[str, Any]] = []
    while True:
        response = client.get(FEED, {"cursor": cursor, "limit": limit}, **extra)  # type: ignore[arg-type]
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["results"]) <= limit
        seen += body["results"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return seen, cursor


def touch(case: Case, *, compartment: str = Compartment.CORE, count: int = 1) -> list[int]:
    """`count` changes of the case in `compartment`, as audited writes make them."""
    with schema_context("zh"):
        before = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
        for _ in range(count):
            do_record(actor=None, action=AuditAction.UPDATE, obj=case, compartment=compartment)
        return list(Event.objects.filter(id__gt=before).order_by("id").values_list("id", flat=True))


def test_a_system_walks_250_changes_in_order_without_a_gap_or_a_repeat(cast: Cast, rosa: Case) -> None:
    client, token = system_of(cast.police, "core")
    cursor = head(client, **token)
    written = touch(rosa, count=250)
    seen, cursor = walk(client, cursor, limit=100, **token)
    assert [int(change["id"]) for change in seen] == written
    assert seen[0] == {
        "id": str(written[0]),
        "kind": "object.updated",
        "object_type": "cases.case",
        "object_id": str(rosa.pk),
        "case": rosa.pk,
        "occurred_at": seen[0]["occurred_at"],
    }
    # Nothing new: an empty page, and the same place to ask from.
    again, cursor_again = walk(client, cursor, **token)
    assert again == [] and cursor_again == cursor


def test_the_police_never_see_a_counselling_change_the_victim_aid_does(cast: Cast, rosa: Case) -> None:
    police, aid = as_person(cast.polly), as_person(cast.vera)
    police_cursor, aid_cursor = head(police), head(aid)
    with schema_context("zh"):
        entry = do_add_counselling_entry(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, part="notes", occurred_on=date(2026, 3, 3),
            text="Vertraulich",
        )  # fmt: skip
    seen_by_aid, _ = walk(aid, aid_cursor)
    assert ("cases.counsellingentry", str(entry.pk)) in {(c["object_type"], c["object_id"]) for c in seen_by_aid}
    seen_by_police, police_next = walk(police, police_cursor)
    assert seen_by_police == []
    # The cursor went past the hidden change all the same.
    assert police_next != police_cursor


def test_a_client_sees_a_compartment_only_with_its_scope(cast: Cast, rosa: Case) -> None:
    core_only, core_token = system_of(cast.police, "core")
    with_identity, identity_token = system_of(cast.police, "core", "identity")
    cursors = head(core_only, **core_token), head(with_identity, **identity_token)
    written = touch(rosa, compartment=Compartment.IDENTITY)
    assert walk(core_only, cursors[0], **core_token)[0] == []
    assert [int(c["id"]) for c in walk(with_identity, cursors[1], **identity_token)[0]] == written


def test_an_organisation_not_party_to_a_case_sees_none_of_its_changes(cast: Cast, rosa: Case) -> None:
    ngo = as_person(cast.nora)
    cursor = head(ngo)
    touch(rosa)
    with schema_context("zh"):
        do_record(actor=None, action=AuditAction.UPDATE, obj=cast.police)  # the directory: everyone's
    seen, _ = walk(ngo, cursor)
    assert [(c["object_type"], c["object_id"], c["case"]) for c in seen] == [
        ("partners.organisation", str(cast.police.pk), None)
    ]


def test_a_referral_reaches_the_feed_of_the_organisation_it_is_addressed_to(cast: Cast, rosa: Case) -> None:
    ngo = as_person(cast.nora)
    cursor = head(ngo)
    with schema_context("zh"):
        referral = check_request_referral(
            acting_user=cast.polly, membership=cast.membership(cast.polly), case=rosa, recipient=cast.ngo,
            compartments=[],
        )  # fmt: skip
    seen, _ = walk(ngo, cursor)
    # The hand-off only: the referral's own change is the case's, which the NGO does not see yet.
    assert [(c["kind"], c["object_type"], c["object_id"], c["case"]) for c in seen] == [
        ("referral.received", "cases.referral", str(referral.pk), rosa.pk)
    ]


def test_a_directory_change_needs_the_directory_scope(cast: Cast, rosa: Case) -> None:
    core_only, core_token = system_of(cast.police, "core")
    with_directory, directory_token = system_of(cast.police, "core", "directory")
    cursors = head(core_only, **core_token), head(with_directory, **directory_token)
    with schema_context("zh"):
        do_record(actor=None, action=AuditAction.UPDATE, obj=cast.ngo)
    assert walk(core_only, cursors[0], **core_token)[0] == []
    assert [c["object_type"] for c in walk(with_directory, cursors[1], **directory_token)[0]] == [
        "partners.organisation"
    ]


def test_a_case_record_whose_case_is_unknown_is_shown_to_nobody(cast: Cast, rosa: Case) -> None:
    police = as_person(cast.polly)
    cursor = head(police)
    with schema_context("zh"):
        # Named by type and id only, of an object that is not there: no case can be told.
        do_record(actor=None, action=AuditAction.DELETE, object_type="cases.referral", object_id="987654321")
        event = Event.objects.order_by("-id").first()
    assert event is not None and event.case_id is None
    assert walk(police, cursor)[0] == []


def test_a_write_named_by_type_and_id_finds_its_case(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        referral = check_request_referral(
            acting_user=cast.polly, membership=cast.membership(cast.polly), case=rosa, recipient=cast.ngo,
            compartments=[],
        )  # fmt: skip
        do_record(actor=None, action=AuditAction.UPDATE, object_type="cases.referral", object_id=str(referral.pk))
        event = Event.objects.order_by("-id").first()
    assert event is not None
    assert (event.object_type, event.case_id) == ("cases.referral", rosa.pk)


def test_a_member_of_another_canton_gets_404_and_its_systems_token_is_unknown(
    cast: Cast, rosa: Case, gabi: object
) -> None:
    assert sign_in(canton_client("zh"), gabi).get(FEED).status_code == 404  # type: ignore[arg-type]
    with schema_context("ge"):
        geneva = Organisation.objects.get(name="Centre LAVI Genève")
    client, token = system_of(geneva, "core", canton="ge")
    assert client.get(FEED, **token).status_code == 200  # type: ignore[arg-type]
    # Tokens live in each canton's schema: on the ZH host a GE token is no token (as everywhere).
    assert canton_client("zh").get(FEED, **token).status_code == 401  # type: ignore[arg-type]


def test_a_client_without_the_core_scope_gets_403(cast: Cast) -> None:
    client, token = system_of(cast.police, "directory")
    response = client.get(FEED, **token)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_a_bad_cursor_is_a_problem_in_the_callers_language(cast: Cast) -> None:
    system, token = system_of(cast.police, "core")  # a system has no language of its own
    police = as_person(cast.polly)
    for cursor in ("not-a-cursor", "MTIz", ""):
        response = system.get(FEED, {"cursor": cursor}, HTTP_ACCEPT_LANGUAGE="de", **token)  # type: ignore[arg-type]
        assert response.status_code == 400, cursor
        assert response["Content-Type"] == "application/problem+json"
        body = response.json()
        with translation.override("de"):
            assert body["title"] == str(TITLES[400])
        assert body["title"] != "Invalid request"
        assert [error["field"] for error in body["errors"]] == ["cursor"]
    assert police.get(FEED, {"limit": "201"}).status_code == 400
    assert police.get(FEED, {"since": "yesterday"}).status_code == 400


def test_a_cursor_of_another_canton_is_no_cursor_here(cast: Cast, gabi: object) -> None:
    geneva = sign_in(canton_client("ge"), gabi)  # type: ignore[arg-type]
    cursor = head(geneva)
    response = as_person(cast.polly).get(FEED, {"cursor": cursor})
    assert response.status_code == 400


def test_the_feed_costs_the_same_for_1_and_for_50_changes(cast: Cast, rosa: Case) -> None:
    police = as_person(cast.polly)
    cursor = head(police)
    touch(rosa)
    one = besides_search_path(statements_of(police, f"{FEED}?cursor={cursor}"))
    touch(rosa, count=49)
    fifty = besides_search_path(statements_of(police, f"{FEED}?cursor={cursor}"))
    assert police.get(FEED, {"cursor": cursor}).json()["results"].__len__() == 50
    assert len(one) == len(fifty)
    assert_count(fifty, 3)  # the session, its user, the page


# --- a change that commits late is not skipped ------------------------------------------------


def on_own_connection(work: Any, *, done: threading.Event | None = None) -> threading.Thread:
    """Runs `work` in a thread with its own connection (its commits are real)."""

    def run() -> None:
        try:
            with schema_context("zh"):
                work()
        finally:
            connections.close_all()
            if done is not None:
                done.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_on_an_advisory_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return int(cursor.fetchone()[0])


def test_a_change_committed_late_is_after_the_cursor_not_skipped(cast: Cast) -> None:
    """Transaction A records an event and stays open; B records one after it. The feed read in
    between ends before A's event; once both commit, the next page holds both, in order. Without
    the chain lock B's later id would commit first and the cursor would pass A's for good."""
    reader = Caller(organisation=cast.police)
    emitted, release = threading.Event(), threading.Event()

    def slow() -> None:
        with transaction.atomic():
            do_emit(kind=Event.Kind.UPDATED, object_type="partners.organisation", object_id="1")
            emitted.set()
            assert release.wait(30)

    def quick() -> None:
        do_emit(kind=Event.Kind.UPDATED, object_type="partners.organisation", object_id="2")

    a = on_own_connection(slow)
    assert emitted.wait(30)
    b = on_own_connection(quick)
    try:
        with schema_context("zh"):
            for _ in range(100):  # until B waits for A's lock
                if waiting_on_an_advisory_lock():
                    break
                threading.Event().wait(0.05)
            assert waiting_on_an_advisory_lock() == 1
            page = changes_after(reader=reader, directory=True, position=0, limit=200)
            cursor = page.position
            while page.has_more:
                page = changes_after(reader=reader, directory=True, position=cursor, limit=200)
                cursor = page.position
            assert not changes_after(reader=reader, directory=True, position=cursor, limit=200).changes
    finally:
        release.set()
        a.join(30)
        b.join(30)
    try:
        with schema_context("zh"):
            late = changes_after(reader=reader, directory=True, position=cursor, limit=200).changes
            assert [(c.object_type, c.object_id) for c in late] == [
                ("partners.organisation", "1"),
                ("partners.organisation", "2"),
            ]
            assert late[0].id < late[1].id
    finally:
        on_own_connection(
            lambda: Event.objects.filter(id__gt=cursor, object_type="partners.organisation").delete()
        ).join(30)

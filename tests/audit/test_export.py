"""The audit trail in words (who, which case) and its CSV export."""

import csv
import io
import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.export import safe_cell
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case
from tests.personas import ALICE, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def carol() -> User:
    """The canton administrator of ZH."""
    with schema_context("zh"):
        return MembershipFactory(role=Membership.Role.CANTON_ADMIN).user


def _exported(client: Client, query: str = "") -> list[list[str]]:
    response = client.get(f"/audit/export.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(text)))


def _case_and_identity_read_by_alice() -> tuple[str, User]:
    alice = member(ALICE)
    with schema_context("zh"):
        case = open_test_case(organisation=OrganisationFactory())
        do_save_identity(acting_user=None, case=case, data=IdentityData(official_name="Geheim", first_name="Ana"))
        identity = case.identity
        do_record(actor=alice, action=AuditEntry.Action.READ, obj=identity, compartment="identity")
        do_record(actor=alice, action=AuditEntry.Action.READ, obj=case)
    return case.case_number, alice


def test_the_log_names_the_case_by_its_number_and_the_actor_by_name(zh_client: Client, carol: User) -> None:
    number, alice = _case_and_identity_read_by_alice()
    page = sign_in(zh_client, carol).get(f"/audit/?actor={alice.pk}").content.decode()
    assert page.count(number) >= 2  # the case and the identity of the case
    assert alice.full_name in page
    assert "cases.identity" not in page.replace("object_type=cases.identity", "")
    assert "Identität" in page  # the kind of object in carol's language, not "cases.identity"
    assert "Geheim" not in page


def test_the_export_holds_the_filtered_entries_in_words(zh_client: Client, carol: User) -> None:
    number, alice = _case_and_identity_read_by_alice()
    rows = _exported(sign_in(zh_client, carol), f"?actor={alice.pk}")
    header, *lines = rows
    assert len(header) == 11 and len(lines) == 2
    assert all(line[3] == alice.full_name and line[7] == number for line in lines)
    assert {line[6] for line in lines} == {"Fall", "Identität"}
    assert "Geheim" not in str(rows) and "Ana" not in str(rows)
    assert all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", line[1]) for line in lines)  # Swiss time


def test_the_export_is_recorded_as_its_own_entry(zh_client: Client, carol: User) -> None:
    _exported(sign_in(zh_client, carol))
    with schema_context("zh"):
        entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.action, entry.object_type, entry.actor_user_id) == ("export", "audit.log", carol.pk)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(start: str) -> None:
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert safe_cell("Kantonspolizei") == "Kantonspolizei"


def test_a_purpose_starting_with_a_formula_is_exported_defused(zh_client: Client, carol: User) -> None:
    with schema_context("zh"):
        do_record(actor=None, action=AuditEntry.Action.EXPORT, object_type="cases.case", purpose="=cmd|' /C calc'!A0")
    rows = _exported(sign_in(zh_client, carol), "?action=export")
    assert any(line[9] == "'=cmd|' /C calc'!A0" for line in rows[1:])


def test_a_plain_member_cannot_export_and_the_refusal_is_recorded(zh_client: Client) -> None:
    alice = member(ALICE)
    assert sign_in(zh_client, alice).get("/audit/export.csv").status_code == 403
    with schema_context("zh"):
        [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS_DENIED)
    assert (entry.actor_user_id, entry.object_type) == (alice.pk, "audit.log")


def test_an_administrator_of_another_canton_gets_404_for_the_export(zh_client: Client) -> None:
    with schema_context("ge"):
        dave = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
    assert sign_in(zh_client, dave).get("/audit/export.csv").status_code == 404

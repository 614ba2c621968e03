"""The round table: mandate, scope, chair, steward and its core and associate groups."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.partners.models import Organisation
from roundtables.models import RoundTable, RoundTableMember
from roundtables.round_tables.actions import (
    RoundTableExists,
    check_save_member,
    check_save_round_table,
    do_remove_member,
)
from tests.auth import sign_in
from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory, RoundTableMemberFactory
from tests.queries import assert_statements

from .conftest import dangerously_clear_round_table

pytestmark = pytest.mark.django_db


def test_a_canton_has_one_round_table(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        with pytest.raises(RoundTableExists):
            check_save_round_table(acting_user=None, round_table=RoundTable(name="Zweiter", mandate_authority="X"))
        with pytest.raises(IntegrityError), transaction.atomic():
            RoundTable.objects.create(name="Zweiter", mandate_authority="X")


@pytest.mark.parametrize(
    ("scope", "communes", "cantons", "field"),
    [
        ("communes", [], [], "scope_communes"),
        ("cantons", [], ["ZH"], "scope_cantons"),
        ("cantons", [], ["ZH", "XX"], "scope_cantons"),
    ],
)
def test_a_scope_needs_its_list(scope: str, communes: list[str], cantons: list[str], field: str) -> None:
    with schema_context("ti"):
        dangerously_clear_round_table()
        round_table = RoundTable(
            name="Tavola rotonda", mandate_authority="Consiglio di Stato", scope=scope,
            scope_communes=communes, scope_cantons=cantons,
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            check_save_round_table(acting_user=None, round_table=round_table)
        assert field in error.value.message_dict
        assert not RoundTable.objects.exists()


def test_the_database_refuses_a_scope_without_its_list() -> None:
    with schema_context("ti"):
        dangerously_clear_round_table()
        with pytest.raises(IntegrityError), transaction.atomic():
            RoundTable.objects.create(name="Tavola", mandate_authority="CdS", scope="communes")


def test_lists_the_scope_does_not_use_are_emptied_and_codes_upper_cased() -> None:
    with schema_context("ti"):
        dangerously_clear_round_table()
        saved = check_save_round_table(
            acting_user=None,
            round_table=RoundTable(
                name="Tavola", mandate_authority="CdS", scope="cantons", scope_cantons=["ti", "GR"],
                scope_communes=["Lugano"],
            ),
        )  # fmt: skip
        saved.refresh_from_db()
        assert (saved.scope_cantons, saved.scope_communes) == (["TI", "GR"], [])


def test_the_chairperson_must_work_for_the_chair(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        stranger = ContactPersonFactory()
        zh_round_table.chair_contact = stranger
        with pytest.raises(ValidationError) as error:
            check_save_round_table(acting_user=None, round_table=zh_round_table)
        assert "chair_contact" in error.value.message_dict


def test_a_member_has_its_own_representative_and_a_different_deputy(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        aid = OrganisationFactory(name="Opferhilfe Testhausen", type=Organisation.Type.VICTIM_AID)
        anna, beat = ContactPersonFactory.create_batch(2, organisation=aid)
        member = RoundTableMember(round_table=zh_round_table, organisation=aid, group="core", role="victim_aid")
        member.representative = member.deputy = anna
        with pytest.raises(ValidationError) as same:
            check_save_member(acting_user=None, member=member)
        assert set(same.value.message_dict) == {"deputy"}
        member.deputy = ContactPersonFactory()
        with pytest.raises(ValidationError) as foreign:
            check_save_member(acting_user=None, member=member)
        assert set(foreign.value.message_dict) == {"deputy"}
        member.deputy = beat
        check_save_member(acting_user=None, member=member)
        assert AuditEntry.objects.filter(object_type="roundtables.roundtablemember", object_id=str(member.pk)).exists()


def test_a_role_of_other_kind_must_be_described(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        member = RoundTableMember(round_table=zh_round_table, organisation=OrganisationFactory(), group="associate")
        member.role = RoundTableMember.Role.OTHER
        with pytest.raises(ValidationError):
            check_save_member(acting_user=None, member=member)
        member.role_description = "Begleitet Betroffene zu Behörden"
        check_save_member(acting_user=None, member=member)


def test_the_directory_group_follows_the_round_table(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        ngo = OrganisationFactory(name="FIZ Testhausen", group=Organisation.Group.NONE, type=Organisation.Type.NGO)
        member = check_save_member(
            acting_user=None,
            member=RoundTableMember(round_table=zh_round_table, organisation=ngo, group="associate", role="victim_aid"),
        )
        ngo.refresh_from_db()
        assert ngo.group == Organisation.Group.ASSOCIATE
        do_remove_member(acting_user=None, member=member)
        ngo.refresh_from_db()
        assert ngo.group == Organisation.Group.NONE


def test_a_member_reads_the_round_table(zh_client: Client, alice: User, zh_round_table: RoundTable) -> None:
    sign_in(zh_client, alice)
    page = zh_client.get("/roundtable/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Runder Tisch Testhausen" in page
    assert "Stefanie Staatsanwältin" in page
    assert "Kerngruppe" in page
    assert "/roundtable/edit/" not in page


def test_a_coordinator_describes_the_round_table_first(zh_client: Client, carla: User) -> None:
    with schema_context("zh"):
        dangerously_clear_round_table()
    sign_in(zh_client, carla)
    assert "noch nicht beschrieben" in zh_client.get("/roundtable/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "/roundtable/edit/" in zh_client.get("/roundtable/").content.decode()
    with schema_context("zh"):
        prosecution = OrganisationFactory(name="StA", type=Organisation.Type.PUBLIC_PROSECUTOR)
    response = zh_client.post(
        "/roundtable/edit/",
        {
            "name": "Runder Tisch Menschenhandel",
            "mandate_authority": "Regierungsrat",
            "mandate_date": "2019-05-15",
            "mandate_document": "RRB Nr. 456/2019",
            "scope": "communes",
            "scope_communes": "Winterthur\nUster\n",
            "chair_organisation": prosecution.pk,
            "steward_kind": "external_moderator",
        },
    )
    assert response.status_code == 302, response.content.decode()
    with schema_context("zh"):
        round_table = RoundTable.objects.get()
        assert round_table.scope_communes == ["Winterthur", "Uster"]
        assert round_table.chair_organisation == prosecution


def test_a_scope_without_its_list_is_a_field_error(zh_client: Client, carla: User, zh_round_table: RoundTable) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/roundtable/edit/",
        {"name": "X", "mandate_authority": "Y", "scope": "cantons", "scope_cantons": ["ZH"], "steward_kind": "steward"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "mindestens zwei Kantone" in response.content.decode(), response.context["form"].errors
    with schema_context("zh"):
        zh_round_table.refresh_from_db()
        assert zh_round_table.name == "Runder Tisch Testhausen"


def test_a_coordinator_adds_edits_and_removes_a_member(
    zh_client: Client, carla: User, zh_round_table: RoundTable
) -> None:
    with schema_context("zh"):
        migration = OrganisationFactory(name="Migrationsamt Testhausen", type=Organisation.Type.MIGRATION_OFFICE)
        mira = ContactPersonFactory(organisation=migration, name="Mira Migration")
    sign_in(zh_client, carla)
    data = {"organisation": migration.pk, "group": "core", "role": "migration", "representative": mira.pk}
    assert zh_client.post("/roundtable/members/new/", data).status_code == 302
    with schema_context("zh"):
        member = RoundTableMember.objects.get(organisation=migration)
    assert zh_client.post("/roundtable/members/new/", data).status_code == 400  # already a member
    data["role_description"] = "Entscheidet über die Bedenkzeit"
    assert zh_client.post(f"/roundtable/members/{member.pk}/", data).status_code == 302
    assert "Entscheidet über die Bedenkzeit" in zh_client.get("/roundtable/").content.decode()
    assert zh_client.post(f"/roundtable/members/{member.pk}/remove/").status_code == 302
    with schema_context("zh"):
        assert not RoundTableMember.objects.filter(pk=member.pk).exists()


def _paths(member_id: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    reader = [("get", "/roundtable/")]
    writer = [
        ("get", "/roundtable/edit/"),
        ("post", "/roundtable/edit/"),
        ("get", "/roundtable/members/new/"),
        ("get", f"/roundtable/members/{member_id}/"),
        ("post", f"/roundtable/members/{member_id}/remove/"),
    ]
    return reader, writer


def test_a_member_may_not_edit_the_round_table(zh_client: Client, alice: User, zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        member_id = zh_round_table.members.first().pk  # type: ignore[union-attr]
    reader, writer = _paths(member_id)
    sign_in(zh_client, alice)
    for method, path in reader:
        assert getattr(zh_client, method)(path).status_code == 200, path
    for method, path in writer:
        assert getattr(zh_client, method)(path).status_code == 403, path


def test_an_outsider_finds_no_round_table(zh_client: Client, bob: User, zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        member_id = zh_round_table.members.first().pk  # type: ignore[union-attr]
    reader, writer = _paths(member_id)
    sign_in(zh_client, bob)
    for method, path in reader + writer:
        assert getattr(zh_client, method)(path).status_code == 404, path


def test_a_member_of_another_canton_cannot_reach_zhs_member_from_geneva(
    ge_client: Client, bob: User, zh_round_table: RoundTable
) -> None:
    with schema_context("ge"):
        coordinator = MembershipFactory(role="coordinator").user
    with schema_context("zh"):
        member_id = zh_round_table.members.first().pk  # type: ignore[union-attr]
    sign_in(ge_client, coordinator)
    assert ge_client.get(f"/roundtable/members/{member_id}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_the_round_table_page_costs_the_same_queries_for_1_and_50_members(
    zh_client: Client, alice: User, zh_round_table: RoundTable, rows: int
) -> None:
    with schema_context("zh"):
        zh_round_table.members.all().delete()
        for _number in range(rows):
            organisation = OrganisationFactory()
            RoundTableMemberFactory(
                round_table=zh_round_table, organisation=organisation,
                representative=ContactPersonFactory(organisation=organisation),
                deputy=ContactPersonFactory(organisation=organisation),
            )  # fmt: skip
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered),
    # round table with chair and steward, its members, open action items
    assert_statements(zh_client, "/roundtable/", 7, without_search_path=6, warm_up=False)

"""The specialised NGO for victims of trafficking (guidelines 2005, 3.3) joins the core group unless
the coordinator picks another group: in the directory, over the API and at the round table."""

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from roundtables.round_tables.actions import member_group
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

ENTRY = {"type": "ngo", "level": "ngo", "country": "CH", "is_active": "on"}


def _create(client: Client, name: str, **fields: Any) -> Organisation:
    response = client.post("/partners/new/", {"name": name, **ENTRY, **fields})
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context("zh"):
        return Organisation.objects.get(name=name)


@pytest.mark.parametrize(
    "case",
    [
        (True, "ngo", "", "core"),
        (False, "ngo", "", "none"),
        (False, "victim_aid", "", "none"),
        (True, "ngo", "associate", "associate"),
        (True, "ngo", "none", "none"),
        (False, "ngo", "core", "core"),
    ],
)
def test_a_new_entry_gets_the_core_group_only_if_specialised_and_no_group_picked(
    zh_client: Client, carla: User, case: tuple[bool, str, str, str]
) -> None:
    """(specialised, type, group picked, group expected)"""
    specialised, type, picked, group = case
    sign_in(zh_client, carla)
    fields = {"type": type, "group": picked, **({"specialised_in_trafficking": "on"} if specialised else {})}
    assert _create(zh_client, f"Neu {specialised} {type} {picked or '-'}", **fields).group == group


def test_marking_an_existing_ngo_specialised_moves_it_to_the_core_group_unless_picked(
    zh_client: Client, carla: User
) -> None:
    sign_in(zh_client, carla)
    left = _create(zh_client, "Fachstelle A", group="none")
    picked = _create(zh_client, "Fachstelle B", group="none")
    assert (left.group, picked.group) == ("none", "none")
    data = {**ENTRY, "specialised_in_trafficking": "on"}
    assert zh_client.post(f"/partners/{left.pk}/edit/", {**data, "name": left.name, "group": "none"}).status_code == 302
    response = zh_client.post(f"/partners/{picked.pk}/edit/", {**data, "name": picked.name, "group": "associate"})
    assert response.status_code == 302
    with schema_context("zh"):
        left.refresh_from_db()
        picked.refresh_from_db()
    assert (left.specialised_in_trafficking, left.group) == (True, "core")
    assert picked.group == "associate"
    # Once specialised, leaving the group as it is keeps the coordinator's choice.
    response = zh_client.post(f"/partners/{left.pk}/edit/", {**data, "name": left.name, "group": "associate"})
    assert response.status_code == 302
    assert (
        zh_client.post(f"/partners/{left.pk}/edit/", {**data, "name": left.name, "group": "associate"}).status_code
        == 302
    )
    with schema_context("zh"):
        left.refresh_from_db()
    assert left.group == "associate"


def test_only_an_ngo_is_marked_specialised(zh_client: Client, carla: User) -> None:
    carla.language = "de"
    carla.save(update_fields=["language"])
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/partners/new/", {"name": "Polizei X", **ENTRY, "type": "cantonal_police", "specialised_in_trafficking": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["specialised_in_trafficking"] == [
        "Nur eine NGO kann als auf Opfer von Menschenhandel spezialisiert markiert werden."
    ]
    with schema_context("zh"), pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Polizei Y", type="cantonal_police", specialised_in_trafficking=True)


@pytest.mark.parametrize(
    ("specialised", "directory_group", "expected"),
    [(True, "none", "core"), (False, "none", "associate"), (True, "associate", "associate"), (False, "core", "core")],
)
def test_a_member_without_a_group_picked_takes_the_directorys_or_the_specialised_default(
    db: None, specialised: bool, directory_group: str, expected: str
) -> None:
    organisation = Organisation(type="ngo", specialised_in_trafficking=specialised, group=directory_group)
    assert member_group(organisation) == expected

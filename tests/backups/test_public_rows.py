"""Merging the public rows of an archive keeps every existing account and refuses a clash."""

import json
from typing import Any

import pytest
from django.db import connection

from ksmm.accounts.models import User
from ksmm.backups.public_rows import MergeReport, PublicRowsConflict, do_merge_public_rows
from ksmm.backups.removal import delete_public_rows
from ksmm.cantons.models import Canton
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def archived(user: User, **changes: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(u)::text FROM accounts_user u WHERE id = %s", [user.pk])
        return {**json.loads(cursor.fetchone()[0]), **changes}


def rows_with(users: list[dict[str, Any]]) -> dict[str, Any]:
    zh = Canton.objects.get(code="ZH")
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(c)::text FROM cantons_canton c WHERE id = %s", [zh.pk])
        canton = json.loads(cursor.fetchone()[0])
    return {"canton": canton, "domains": [], "users": users, "groups": [], "permissions": {}, "content_types": {}}


def test_an_existing_account_is_kept_as_it_is_now_and_a_missing_one_is_added_with_its_id() -> None:
    kept = UserFactory(full_name="Now")
    gone = UserFactory()
    row = archived(gone, id=gone.pk + 500)  # an id past the sequence, as from another installation
    delete_public_rows(User._meta.db_table, [gone.pk])
    report = MergeReport()

    do_merge_public_rows(rows=rows_with([archived(kept, full_name="Then"), row]), report=report)

    assert User.objects.get(pk=kept.pk).full_name == "Now"
    assert User.objects.get(pk=row["id"]).email == row["email"]
    assert report.line() == "cantons: 1 kept, 0 added, users: 1 kept, 1 added"
    assert UserFactory().pk > row["id"]  # the id sequence does not hand the restored id out again


def test_an_id_or_an_address_that_belongs_to_someone_else_stops_the_merge_without_naming_anyone() -> None:
    someone = UserFactory(email="someone@example.test")
    with pytest.raises(PublicRowsConflict, match=f"users: id {someone.pk} belongs to someone else") as clash:
        do_merge_public_rows(rows=rows_with([archived(someone, email="other@example.test")]), report=MergeReport())
    assert "example.test" not in str(clash.value)
    with pytest.raises(PublicRowsConflict, match=f"exists here under id {someone.pk}"):
        do_merge_public_rows(rows=rows_with([archived(someone, id=someone.pk + 1000)]), report=MergeReport())


def test_a_permission_id_that_means_another_permission_here_is_refused() -> None:
    rows = {**rows_with([]), "permissions": {"1": "cases.case.not_a_permission"}}
    with pytest.raises(PublicRowsConflict, match="permission ids mean something else"):
        do_merge_public_rows(rows=rows, report=MergeReport())

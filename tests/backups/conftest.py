"""A committed world in ZH and GE for the restore drill, and the canton put back afterwards.

Backup and restore run pg_dump and pg_restore in processes of their own: they see committed rows
only, so the drill's data is committed (as the transfer kill tests do) into a storage directory
of this module. Both cantons are backed up before anything is written and restored from those
archives at the end, so the tests after these find ZH and GE as they were.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.attachments.actions import do_upload
from cases.models import CounsellingEntry, CounsellingPart, Identity
from ksmm.accounts.models import User
from ksmm.backups.backup import do_backup_canton
from ksmm.backups.removal import delete_public_rows
from ksmm.backups.restore import do_restore_canton
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.caseattachments.conftest import pdf_bytes
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, open_test_case


@dataclass
class Drill:
    storage: Path
    archives: Path
    cases: list[int]
    names: dict[int, str]  # case id -> official name, as typed
    only_zh_email: str
    both_email: str
    user_ids: list[int]


def quiet(line: str) -> None:
    """Progress lines are not what these tests look at."""


@pytest.fixture(scope="module")
def drill(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[Drill]:  # type: ignore[no-untyped-def]
    storage = tmp_path_factory.mktemp("attachments")
    archives = tmp_path_factory.mktemp("archives")
    overridden = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "attachments": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": storage}},
        }
    )
    overridden.enable()
    with django_db_blocker.unblock():
        pristine = {
            code: do_backup_canton(code=code, output=archives / "pristine", progress=quiet) for code in ("ZH", "GE")
        }
        world = _seed(storage, archives)
        connection.set_schema_to_public()
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            for path in pristine.values():
                do_restore_canton(path=path, replace=True, progress=quiet)
            delete_public_rows(User._meta.db_table, world.user_ids)
            connection.set_schema_to_public()
        overridden.disable()


def _seed(storage: Path, archives: Path) -> Drill:
    only_zh = UserFactory(email="drill.zh@example.test", full_name="Drill Zurich")
    both = UserFactory(email="drill.both@example.test", full_name="Drill Both")
    cases, names = [], {}
    with schema_context("zh"):
        aid = OrganisationFactory(name="Drill Opferhilfe", type=Organisation.Type.VICTIM_AID)
        police = OrganisationFactory(name="Drill Kantonspolizei", type=Organisation.Type.CANTONAL_POLICE)
        MembershipFactory(organisation=aid, user=only_zh, role=Membership.Role.LEAD)
        MembershipFactory(organisation=police, user=both)
        for number, name in enumerate(("Ana Drill", "Bea Drill", "Cleo Drill"), start=1):
            case = open_test_case(organisation=aid, pseudonym=f"Drill{number}", opened_on=date(2026, 2, number))
            do_add_party(acting_user=None, case=case, organisation=aid)
            Identity.objects.create(case=case, official_name=name)
            CounsellingEntry.objects.create(case=case, author_organisation=aid, part=CounsellingPart.NOTES,
                                            occurred_on=date(2026, 2, 2), text=f"Notiz {number}")  # fmt: skip
            do_upload(acting_user=None, organisation=aid, case=case, compartment="counselling",
                      counselling_part="notes", kind="other", title=f"Bericht {number}",
                      data=pdf_bytes(f"drill-{number}"))  # fmt: skip
            cases.append(case.pk)
            names[case.pk] = name
    with schema_context("ge"):
        centre = OrganisationFactory(name="Drill Centre LAVI", type=Organisation.Type.VICTIM_AID)
        MembershipFactory(organisation=centre, user=both)
        case = open_test_case(organisation=centre, pseudonym="DrillGe", opened_on=date(2026, 2, 1))
        do_add_party(acting_user=None, case=case, organisation=centre)
        Identity.objects.create(case=case, official_name="Dora Drill")
        do_upload(acting_user=None, organisation=centre, case=case, compartment="counselling",
                  counselling_part="notes", kind="other", title="Rapport", data=pdf_bytes("drill-ge"))  # fmt: skip
    return Drill(storage, archives, cases, names, only_zh.email, both.email, [only_zh.pk, both.pk])


@dataclass(frozen=True)
class Fingerprint:
    """Every row of every table (as text, sorted), every sequence, every file's bytes."""

    tables: dict[str, list[str]]
    sequences: dict[str, object]
    files: dict[str, bytes]


def fingerprint(schema: str, *, storage: Path) -> Fingerprint:
    q = connection.ops.quote_name
    tables: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY 1",
            [schema],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"SELECT r::text FROM {q(schema)}.{q(table)} r ORDER BY 1")  # noqa: S608 - names from the catalogue
            tables[table] = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s ORDER BY 1", [schema])
        sequences = dict(cursor.fetchall())
    root = storage / schema
    files = {str(p.relative_to(storage)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    return Fingerprint(tables, sequences, files)

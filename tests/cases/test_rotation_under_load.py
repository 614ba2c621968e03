"""The keys rotate while another process works: a writer (tests/cases/rotation_writer.py, a real
process on the test database) keeps opening cases, saving identities and counselling notes and
running the duplicate check, while this test rewrites the canton's fields and blind index under
a new key version. Afterwards nothing written is lost or stale, every row is of the new version,
every duplicate check of the writer found what it should, and the data reads with the new key
alone.

The data is committed (the writer is another process) in JU, the test run's deactivated canton
that no other test writes to, and removed afterwards.
"""

import base64
import fcntl
import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cases.actions import do_open_case
from cases.identity import IdentityData, do_save_identity
from cases.models import BlindIndexEntry, Case, CounsellingEntry, CounsellingPart, Identity, KeyRotation
from cases.queries import CaseSearch, search_cases
from cases.rotation.fields import encrypted_tables
from cases.rotation.runs import Part, do_rotate_keys
from cases.tasks import rotate_keys
from ksmm.accounts.models import User
from ksmm.cantons.models import Canton
from ksmm.matching.models import FederalDigest
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests import processes
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SCHEMA = "ju"
OLD = base64.urlsafe_b64encode(b"old-key-of-the-rotation-test-32b").decode()
NEW = base64.urlsafe_b64encode(b"new-key-of-the-rotation-test-32b").decode()
SEEDS = 40
SEEDS_FOR_THE_WORKER = 6
BATCH = 2  # small batches: many short transactions interleave with the writer's


pytestmark = [pytest.mark.django_db, pytest.mark.celery]


@pytest.fixture(autouse=True)
def jura_to_ourselves() -> Iterator[None]:
    """Both tests rotate every row of JU's schema: under pytest-xdist they would rotate each
    other's rows, so one waits for the other (a file lock, shared by the test processes)."""
    with open(Path("/tmp") / "ksmm-rotation-tests.lock", "w") as lock:  # noqa: S108 - a lock file, no data
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


T = TypeVar("T")


def committed(work: Callable[[], T]) -> T:
    """`work()` in the canton on a connection of its own, committed (the test's own connection
    runs in a transaction the writer never sees); its exception is raised here."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            with schema_context(SCHEMA):
                outcome.append(work())
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return cast(T, outcome[0])


@pytest.fixture
def jura(settings: Any) -> Iterator[Organisation]:
    """A police organisation in JU with committed data only this test touches; cleaned up after."""
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"1:{OLD}"
    organisation = committed(
        lambda: OrganisationFactory(
            name=f"Police cantonale (rotation {uuid.uuid4().hex[:8]})", type=Organisation.Type.CANTONAL_POLICE
        )
    )
    yield organisation
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW},1:{OLD}"  # whatever the test left: read both

    def clean_up() -> None:
        Case.objects.filter(intake_organisation=organisation).delete()
        KeyRotation.objects.all().delete()
        users = list(Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True))
        Membership.objects.filter(organisation=organisation).delete()
        User.objects.filter(pk__in=users).delete()
        FederalDigest.objects.filter(canton=Canton.objects.get(schema_name=SCHEMA)).delete()

    committed(clean_up)


def _seed(organisation: Organisation, count: int = SEEDS) -> list[dict[str, Any]]:
    """Cases written under the old key: identity, counselling note, blind index of version 1."""
    seeds = []
    for n in range(count):
        case = do_open_case(acting_user=None, organisation=organisation, pseudonym=f"S{n}", opened_on=date(2026, 3, 1))
        name, born = f"Seed{n} Person", f"19{60 + n % 40}-0{1 + n % 9}-1{n % 10}"
        do_save_identity(
            acting_user=None,
            case=case,
            data=IdentityData(official_name=name, date_of_birth=born, interpreter_notes=f"seed {n}"),
        )
        CounsellingEntry.objects.create(
            case=case, author_organisation=organisation, part=CounsellingPart.NOTES,
            occurred_on=date(2026, 3, 2), text=f"seed counselling {n}",
        )  # fmt: skip
        seeds.append({"case": case.pk, "name": name, "born": born})
    return seeds


def _log(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def _wait_for(path: Path, *, steps: int, writer: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while sum(entry["op"] == "create" for entry in _log(path)) < steps:
        assert writer.poll() is None, f"the writer stopped: {_log(path)[-1:]}"
        assert time.monotonic() < deadline, "the writer made no progress"
        time.sleep(0.1)


def _old_ciphertext() -> dict[str, int]:
    """Per table, the rows holding a value of key version 1."""
    quote = connection.ops.quote_name
    left = {}
    with connection.cursor() as cursor:
        for table in encrypted_tables():
            where = " OR ".join(f"{quote(column)} LIKE 'v1:%%'" for column in table.columns)
            cursor.execute(f"SELECT count(*) FROM {quote(table.table)} WHERE {where}")  # noqa: S608
            count = int(cursor.fetchone()[0])
            if count:
                left[table.label] = count
    return left


def test_keys_rotate_while_another_process_writes_and_checks_duplicates(
    jura: Organisation, settings: Any, tmp_path: Path
) -> None:
    committed(lambda: _rotate_under_load(jura, settings=settings, tmp_path=tmp_path))


def _rotate_under_load(jura: Organisation, *, settings: Any, tmp_path: Path) -> None:
    plan, log, stop = tmp_path / "plan.json", tmp_path / "writer.jsonl", tmp_path / "stop"
    if True:
        seeds = _seed(jura)
        plan.write_text(json.dumps({"organisation": jura.pk, "seeds": seeds}))

        # Ops: the new key first in the ring, deployed everywhere (here: the writer and this process).
        ring = f"2:{NEW},1:{OLD}"
        settings.KSMM_FIELD_ENCRYPTION_KEYS = ring
        with (tmp_path / "writer.stderr").open("wb") as errors_file:
            writer = subprocess.Popen(
                [sys.executable, "-m", "tests.cases.rotation_writer", SCHEMA, str(plan), str(log), str(stop)],
                cwd=processes.PROJECT_DIR,
                env=processes.process_env(KSMM_FIELD_ENCRYPTION_KEYS=ring),
                stderr=errors_file,
            )
        try:
            _wait_for(log, steps=3, writer=writer, timeout=60)  # its start-up included
            rotation_started = time.time()
            results = do_rotate_keys(size=BATCH)
            rotation_finished = time.time()
            done = sum(entry["op"] == "create" for entry in _log(log))
            _wait_for(log, steps=done + 3, writer=writer)
        finally:
            stop.touch()
            writer.wait(timeout=60)
        entries = _log(log)
        assert writer.returncode == 0, (entries[-1:], (tmp_path / "writer.stderr").read_text(errors="replace")[-3000:])
        assert {result.part: result.remaining for result in results} == {
            Part.FIELDS: 0, Part.ATTACHMENTS: 0, Part.BLIND_INDEX: 0
        }  # fmt: skip
        # At least the seed notes, which the writer never touches; identities it saved are current.
        assert sum(result.rewritten for result in results) >= SEEDS
        overlapping = [entry for entry in entries if rotation_started <= entry["at"] <= rotation_finished]
        assert overlapping, "the writer did nothing while the keys rotated: the test proves nothing"
        print(  # shown with -s: what the run measured
            f"rotation {rotation_finished - rotation_started:.2f} s, {len(overlapping)} writer steps during it, "
            f"{sum(entry['op'] == 'create' for entry in _log(log))} cases written, "
            f"rewritten {[(result.part, result.rewritten) for result in results]}"
        )

        # No write was lost, and each row holds what was written last.
        creates = [entry for entry in entries if entry["op"] == "create"]
        expected = {seed["case"]: {"name": seed["name"], "born": seed["born"]} for seed in seeds}
        notes = {seed["case"]: f"seed {n}" for n, seed in enumerate(seeds)}
        counselling = {seed["case"]: f"seed counselling {n}" for n, seed in enumerate(seeds)}
        for entry in creates:
            expected[entry["case"]] = {"name": entry["name"], "born": entry["born"]}
            notes[entry["case"]] = entry["notes"]
            counselling[entry["case"]] = entry["counselling"]
        for entry in entries:
            if entry["op"] == "update":
                notes[entry["case"]] = entry["notes"]
        assert Case.objects.filter(intake_organisation=jura).count() == SEEDS + len(creates)
        stored = {row.case_id: row for row in Identity.objects.filter(case_id__in=list(expected))}
        assert {pk: {"name": row.official_name, "born": row.date_of_birth} for pk, row in stored.items()} == expected
        assert {pk: row.interpreter_notes for pk, row in stored.items()} == notes
        assert dict(CounsellingEntry.objects.values_list("case_id", "text")) == counselling

        # Every duplicate check of the writer, before, during and after the rotation, found them.
        checks = [entry for entry in entries if entry["op"] == "check"]
        assert len(checks) == len(creates)
        assert [entry for entry in checks if entry["found"] != entry["expected"]] == []
        assert sum(bool(entry["expected"]) for entry in checks) >= len(checks) // 2

        # Nothing of the old version is left; the old key can go.
        assert _old_ciphertext() == {}
        without_current = Identity.objects.exclude(
            case_id__in=BlindIndexEntry.objects.filter(key_version=2).values("case_id")
        )
        assert not without_current.exists()
        settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW}"
        (pruned,) = do_rotate_keys(parts=[Part.BLIND_INDEX], size=50)
        assert pruned.remaining == 0
        assert set(BlindIndexEntry.objects.values_list("key_version", flat=True)) == {2}
        assert {row.case_id: row.official_name for row in Identity.objects.all()} == {
            pk: value["name"] for pk, value in expected.items()
        }
        assert len(list(CounsellingEntry.objects.all())) == len(counselling)
        # A committed user of its own: the factory's sequence would collide with later tests'.
        user = UserFactory(email=f"rotation-{uuid.uuid4().hex[:8]}@example.test", full_name="Rotation Reader")
        membership = MembershipFactory(user=user, organisation=jura, role=Membership.Role.LEAD)
        first = seeds[0]
        found = search_cases(membership=membership, search=CaseSearch(name=first["name"], birth=first["born"]))
        again = [entry["case"] for entry in creates if entry["name"] == first["name"]]
        assert sorted(case.pk for case in found) == sorted([first["case"], *again])


def test_a_celery_worker_rotates_a_canton_in_the_background(jura: Organisation, settings: Any) -> None:
    def seed() -> list[dict[str, Any]]:
        return _seed(jura, SEEDS_FOR_THE_WORKER)

    seeds = committed(seed)
    ring = f"2:{NEW},1:{OLD}"
    settings.KSMM_FIELD_ENCRYPTION_KEYS = ring
    # A queue of its own: the run's shared worker, which holds the suite's key ring, must not
    # take the task (it would find nothing of its version to rotate and answer "done").
    queue = f"key-rotation-{uuid.uuid4().hex[:8]}"
    worker = processes.start_celery_worker(
        queue=queue, name="celery-key-rotation", concurrency=1, KSMM_FIELD_ENCRYPTION_KEYS=ring
    )
    try:
        with schema_context(SCHEMA):
            queued = rotate_keys.apply_async(kwargs={"parts": [Part.FIELDS, Part.BLIND_INDEX]}, queue=queue)
        assert queued.get(timeout=60) == {Part.FIELDS: 0, Part.BLIND_INDEX: 0}
    finally:
        worker.stop()
    settings.KSMM_FIELD_ENCRYPTION_KEYS = f"2:{NEW}"

    seeded = [seed["case"] for seed in seeds]

    def read_back() -> tuple[list[str], dict[int, str], list[str]]:
        # Only the seeded cases: other tests of the run may commit identities in JU meanwhile,
        # written with the suite's own key, which this test's ring does not hold.
        states = list(KeyRotation.objects.order_by("part").values_list("state", flat=True))
        with connection.cursor() as cursor:
            cursor.execute("SELECT official_name FROM cases_identity WHERE case_id = ANY(%s)", [seeded])
            stored = [str(row[0]) for row in cursor.fetchall()]
        names = dict(Identity.objects.filter(case_id__in=seeded).values_list("case_id", "official_name"))
        return stored, names, states

    stored, names, states = committed(read_back)
    assert stored and not any(value.startswith("v1:") for value in stored)
    assert {seed["case"]: seed["name"] for seed in seeds}.items() <= names.items()
    assert states == [KeyRotation.State.FINISHED, KeyRotation.State.FINISHED]

"""The hash chain: how an entry's hash is computed, and how a schema's chain is checked.

An entry's hash is sha256 over a canonical JSON of its fields, the schema it belongs to and the
previous entry's hash. Entries that name the kind of their actor (every entry since audit
migration 0003) also cover `ATTRIBUTION_FIELDS`; older entries keep the hash they were written
with, and blanking the kind of a newer one changes the hashed text, so it cannot pass as old.
Binding the schema name keeps a chain from being copied into another
canton. A removed tail is invisible to the chain alone; compare `head_hash` with a noted value.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton

from .models import GENESIS_HASH, AuditEntry

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_user_id",
    "actor_organisation_id",
    "action",
    "object_type",
    "object_id",
    "compartment",
    "purpose",
    "recipient_organisation_id",
    "request_host",
    "request_id",
    "previous_hash",
)
ATTRIBUTION_FIELDS = ("actor_kind", "actor_client_id")


def canonical_time(moment: datetime.datetime) -> str:
    """Microseconds in UTC: what PostgreSQL stores, so the text survives the round trip."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry, *, schema_name: str) -> str:
    fields = HASHED_FIELDS if not entry.actor_kind else HASHED_FIELDS + ATTRIBUTION_FIELDS
    payload: dict[str, Any] = {name: getattr(entry, name) for name in fields}
    payload["occurred_at"] = canonical_time(entry.occurred_at)
    payload["schema"] = schema_name
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """The result of checking one schema's chain; `first_broken` is None when it is intact."""

    schema_name: str
    entries: int
    head_hash: str
    first_broken: int | None = None
    reason: str = ""

    @property
    def is_intact(self) -> bool:
        return self.first_broken is None


def verify_current_schema() -> ChainReport:
    """Recomputes the chain of the schema the connection is in, oldest entry first."""
    schema_name = current_schema()
    previous_hash = GENESIS_HASH
    count = 0
    for count, entry in enumerate(AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000), start=1):
        problem = _problem_with(entry, expected_sequence=count, previous_hash=previous_hash, schema_name=schema_name)
        if problem:
            return ChainReport(schema_name, count - 1, previous_hash, first_broken=entry.sequence, reason=problem)
        previous_hash = entry.entry_hash
    return ChainReport(schema_name, count, previous_hash)


def _problem_with(entry: AuditEntry, *, expected_sequence: int, previous_hash: str, schema_name: str) -> str:
    if entry.sequence != expected_sequence:
        return f"sequence gap: expected {expected_sequence}"
    if entry.previous_hash != previous_hash:
        return "previous hash does not match the entry before"
    if entry.entry_hash != entry_hash(entry, schema_name=schema_name):
        return "entry hash does not match its contents"
    return ""


def verify_schema(schema_name: str) -> ChainReport:
    with schema_context(schema_name):
        return verify_current_schema()


def audited_schemas() -> list[str]:
    """The public schema and every canton whose schema exists, inactive cantons included."""
    cantons = Canton.objects.cantons().order_by("bfs_number").values_list("schema_name", flat=True)
    return [get_public_schema_name(), *(name for name in cantons if schema_exists(name))]


def verify_all() -> list[ChainReport]:
    return [verify_schema(name) for name in audited_schemas()]

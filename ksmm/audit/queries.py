"""Reading the audit trail of the current schema."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ksmm.accounts.models import User
from ksmm.api.models import ApiClient
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .models import ActorKind, AuditEntry
from .objects import describe_objects, object_type_label


def audit_entries(*, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries of the current schema, newest first, narrowed by the viewer's cleaned filters.

    Dates are whole days in the canton's time zone, both ends included.
    """
    entries = AuditEntry.objects.order_by("-sequence")
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("compartment"):
        entries = entries.filter(compartment=filters["compartment"])
    if filters.get("actor"):
        entries = entries.filter(actor_user_id=filters["actor"])
    if filters.get("client"):
        entries = entries.filter(actor_client_id=filters["client"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(occurred_at__lt=_start_of(filters["date_to"] + datetime.timedelta(days=1)))
    return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class EntryRow:
    """An entry in words for the viewer: the names of its actor, the actor's organisation and
    the recipient, what kind of object it is about and which one (a case by its number)."""

    entry: AuditEntry
    actor: str
    organisation: str
    object_type: str = ""
    object_label: str = ""
    recipient: str = ""


def with_actor_names(entries: Iterable[AuditEntry]) -> list[EntryRow]:
    """Resolves the ids an entry keeps to names: one query each for people, clients and
    organisations, and one per kind of object named. An id whose row is gone is shown as the id."""
    entries = list(entries)
    user_ids = {entry.actor_user_id for entry in entries if entry.actor_user_id is not None}
    client_ids = {entry.actor_client_id for entry in entries if entry.actor_client_id is not None}
    organisation_ids = {
        pk
        for entry in entries
        for pk in (entry.actor_organisation_id, entry.recipient_organisation_id)
        if pk is not None
    }
    people = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name")) if user_ids else {}
    clients = (
        dict(ApiClient.objects.filter(pk__in=client_ids).values_list("pk", "application__name")) if client_ids else {}
    )
    organisations = (
        dict(Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")) if organisation_ids else {}
    )
    objects = describe_objects(entries)
    return [
        EntryRow(
            entry=entry,
            actor=_actor_name(entry, people=people, clients=clients),
            organisation=_named(entry.actor_organisation_id, organisations),
            object_type=object_type_label(entry.object_type) if entry.object_type else "",
            object_label=objects.get((entry.object_type, entry.object_id), ""),
            recipient=_named(entry.recipient_organisation_id, organisations),
        )
        for entry in entries
    ]


def _actor_name(entry: AuditEntry, *, people: dict[int, str], clients: dict[int, str]) -> str:
    if entry.actor_client_id is not None and entry.actor_user_id is not None:
        return _("%(person)s via %(client)s") % {
            "person": _named(entry.actor_user_id, people),
            "client": _named(entry.actor_client_id, clients),
        }
    if entry.actor_client_id is not None:
        return _("%(name)s (API client)") % {"name": _named(entry.actor_client_id, clients)}
    if entry.actor_user_id is not None:
        return _named(entry.actor_user_id, people)
    if not entry.actor_kind:  # written before actors were attributed
        return ""
    return str(ActorKind(entry.actor_kind).label)


def _named(pk: int | None, names: dict[int, str]) -> str:
    if pk is None:
        return ""
    return names.get(pk) or f"#{pk}"


def filter_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The people (members of the canton, former ones included) and the API clients the viewer
    filters by, by name: one query each."""
    people = list(
        User.objects.filter(pk__in=Membership.objects.values("user_id"))
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")
    )
    clients = list(ApiClient.objects.order_by("application__name", "pk").values_list("pk", "application__name"))
    return people, clients

"""Publishing a canton's federal digests, looking them up in the other cantons, and telling the
round-table coordinators of both sides.

The canton side (cases/matching.py) knows which case holds which digest and calls in here; this
module never sees a name, a date or a case number. A lookup is rate-limited per person and
recorded in the canton's audit chain and, metadata only, in the public one.
"""

import hashlib
import zlib
from collections.abc import Callable, Collection, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder

from .keys import key_version
from .models import FederalDigest

PURPOSE = "possible match across cantons"
# Second key of the advisory lock: the first is derived from the canton's schema name.
_LOCK_NAMESPACE = 0x4B534D48  # "KSMH"
_WINDOW_SECONDS = 3600

# Called in another canton's schema with the digests that changed there, to recompute the
# signals of that canton's cases holding them (cases/matching.py registers it).
SignalListener = Callable[..., None]
_LISTENERS: list[SignalListener] = []


class LookupLimitReached(Exception):
    """The person looked up too many identities against the other cantons in the last hour."""

    message = _(
        "Too many identities were checked against other cantons in the last hour. "
        "Try again later or ask the round-table coordination."
    )


def register_signal_listener(listener: SignalListener) -> SignalListener:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def lock_canton_digests() -> None:
    """Serialises the changes of the current canton's digests until the transaction ends, so
    two cases giving up and taking up one digest at once never leave it missing in public."""
    key = zlib.crc32(current_schema().encode()) - 2**31
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, key])


def cantons_holding(*, digests: Collection[str], excluding: str) -> list[str]:
    """The schema names of the active cantons other than `excluding` holding any of `digests`."""
    if not digests:
        return []
    return list(
        FederalDigest.objects.filter(key_version=key_version(), digest__in=list(digests), canton__is_active=True)
        .exclude(canton__schema_name=excluding)
        .order_by("canton__schema_name")
        .values_list("canton__schema_name", flat=True)
        .distinct()
    )


def do_publish_digests(*, add: Iterable[str], remove: Iterable[str], removed_version: int | None = None) -> None:
    """Adds the current canton's new digests (current key version) and removes those none of its
    cases holds any more, of `removed_version` (default: the current one). The caller knows which
    and holds `lock_canton_digests`."""
    version = key_version()
    canton = Canton.objects.only("pk").get(schema_name=current_schema())
    removed = set(remove)
    if removed:
        FederalDigest.objects.filter(canton=canton, key_version=removed_version or version, digest__in=removed).delete()
    FederalDigest.objects.bulk_create(
        [FederalDigest(canton=canton, digest=digest, key_version=version) for digest in sorted(set(add))],
        ignore_conflicts=True,
    )


def spend_lookup(*, user: User) -> None:
    """Counts one lookup of `user` in the current hour; raises LookupLimitReached past the limit.

    A fixed window in the shared cache, per person and not per canton: someone with memberships
    in several cantons does not get several allowances."""
    key = f"ksmm:matching:lookups:{user.pk}"
    cache.add(key, 0, timeout=_WINDOW_SECONDS)
    try:
        spent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_WINDOW_SECONDS)
        spent = 1
    if spent > settings.KSMM_MATCH_LOOKUPS_PER_HOUR:
        raise LookupLimitReached(str(LookupLimitReached.message))


def do_lookup(
    *, acting_user: User | None, digests: Collection[str], subject: Model, request: HttpRequest | None = None
) -> list[str]:
    """The other cantons holding one of `digests`: rate-limited for a person, recorded in the
    canton's chain (the subject, no digest) and in the public chain (the canton, nothing of the case)."""
    if acting_user is not None:
        spend_lookup(user=acting_user)
    schema = current_schema()
    found = cantons_holding(digests=digests, excluding=schema)
    do_record(actor=acting_user, action=AuditAction.READ, obj=subject, purpose=PURPOSE, request=request)
    with schema_context(get_public_schema_name()):
        do_record(
            actor=acting_user,
            action=AuditAction.READ,
            object_type="matching.lookup",
            object_id=schema,
            purpose=PURPOSE,
            request=request,
        )
    return found


def do_signal_cantons(*, cantons: Iterable[str], digests: Collection[str], matched: Collection[str]) -> None:
    """In each of `cantons`: the listeners recompute the signals of its cases holding `digests`;
    the coordinators of those in `matched` learn of a possible match with the current canton,
    as do the current canton's coordinators of one with them."""
    here = current_schema()
    for canton in sorted(set(cantons)):
        with schema_context(canton):
            for listener in _LISTENERS:
                listener(digests=digests)
            if canton in matched:
                _tell_coordinators(other=here, digests=digests)
        if canton in matched:
            _tell_coordinators(other=canton, digests=digests)


def _tell_coordinators(*, other: str, digests: Collection[str]) -> None:
    """Tells the current canton's coordinators of a possible match with `other`: the kind and a
    link to that canton's coordination contact, never a case. Once per person and canton pair:
    the event key is a digest of the digests, so a retried save tells nobody twice."""
    here = current_schema()
    pair = "/".join(sorted((here, other)))
    tag = hashlib.sha256(f"{pair}\x1f{'|'.join(sorted(digests))}".encode()).hexdigest()[:32]
    recipients = Membership.objects.filter(
        role=Membership.Role.COORDINATOR, is_active=True, organisation__is_active=True, user__is_active=True
    ).values_list("user_id", flat=True)
    with transaction.atomic():
        do_notify(
            kind=Reminder.Kind.POSSIBLE_MATCH,
            case_id=None,
            recipient_ids=list(recipients),
            link=reverse("matching:contact", args=[other], urlconf=settings.ROOT_URLCONF),
            event_key=f"possible-match:{other}:{tag}",
        )

"""The duplicate signal across cantons, on the canton's side (DESIGN.md 11, ksmm/matching).

When an identity changes, its federal digests (HMAC under the federal key of the normalised
name and the full date of birth) are published in `public` as digest and canton, the ones it
gave up are withdrawn, and the other cantons holding one of them are looked up once; the result
is kept per case (`FederalMatch`) and shown to readers of the identity compartment as "a possible
match is known in canton X" with that canton's coordination contact, nothing more.

Only a full date of birth gives a federal digest. A year or a month with a common name fits many
people: across 26 cantons such a signal would mostly point at strangers, and every false signal
makes two coordinators talk about a person who is not the same. It would also make the digest
cheap to confirm by guessing should the key leak (a year has 100 values, a full date 36,500).
A partial date still finds duplicates inside the canton (cases/identity.py).
"""

import re

from django.http import HttpRequest
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment
from ksmm.matching.actions import (
    cantons_holding,
    do_lookup,
    do_publish_digests,
    do_signal_cantons,
    lock_canton_digests,
)
from ksmm.matching.contacts import CoordinationContact, coordination_contact
from ksmm.matching.keys import key_version, person_digest

from .encryption import normalise
from .models import Case, FederalMatch, Identity
from .policy import CaseAccess

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def federal_names(identity: Identity) -> list[str]:
    """The full name and each alias; not the family name alone, which a sibling born the same
    day (twins) would share."""
    full = f"{identity.first_name} {identity.official_name}".strip()
    return [name for name in (full, *identity.alias_list) if name]


def federal_digests(identity: Identity) -> set[str]:
    """One digest per name, word order, case and accents ignored; none without a full date."""
    if not _FULL_DATE.match(identity.date_of_birth or ""):
        return set()
    digests = set()
    for name in federal_names(identity):
        words = normalise(name).split()
        if words:
            digests.add(person_digest(name=" ".join(sorted(words)), born=identity.date_of_birth))
    return digests


def do_refresh_federal_match(
    *, acting_user: User | None, case: Case, identity: Identity | None, request: HttpRequest | None = None
) -> FederalMatch | None:
    """Publishes the case's federal digests, withdraws those it gave up, looks the new ones up in
    the other cantons and tells the coordinators of a new match; None when it has none.

    Called inside the identity's transaction: nothing happens when the digests did not change
    (a page view or a save of other fields looks nothing up). Raises LookupLimitReached
    (ksmm/matching) when the person has looked up too many identities this hour: the caller's
    transaction then stores nothing.
    """
    lock_canton_digests()
    record = FederalMatch.objects.select_for_update().filter(case=case).first()
    version = key_version()
    new = federal_digests(identity) if identity is not None else set()
    old = set(record.digests) if record else set()
    old_version = record.key_version if record else version
    if record and old_version == version and old == new:
        return record
    still_held = {
        digest
        for digests in FederalMatch.objects.filter(digests__overlap=list(old), key_version=old_version)
        .exclude(case=case)
        .values_list("digests", flat=True)
        for digest in digests
    }
    unused = old - still_held - (new if old_version == version else set())
    here = current_schema()
    affected = set(cantons_holding(digests=new | unused, excluding=here))
    do_publish_digests(add=new, remove=unused, removed_version=old_version)
    if not new:
        if record:
            record.delete()
        do_signal_cantons(cantons=affected, digests=unused, matched=())
        return None
    cantons = do_lookup(acting_user=acting_user, digests=new, subject=case, request=request)
    previous = set(record.cantons) if record else set()
    record, _created = FederalMatch.objects.update_or_create(
        case=case,
        defaults={"digests": sorted(new), "key_version": version, "cantons": cantons, "computed_at": timezone.now()},
    )
    do_signal_cantons(cantons=affected | set(cantons), digests=new | unused, matched=set(cantons) - previous)
    return record


def refresh_signals(*, digests: set[str] | list[str]) -> None:
    """In the current canton: the cases holding one of `digests`, changed in another canton,
    get their signal recomputed from `public` (no identity is read, nothing is shown).
    Registered with ksmm/matching in CasesConfig.ready."""
    here = current_schema()
    for record in FederalMatch.objects.filter(digests__overlap=list(digests)).select_for_update():
        cantons = cantons_holding(digests=record.digests, excluding=here)
        if cantons != record.cantons:
            record.cantons = cantons
            record.computed_at = timezone.now()
            record.save(update_fields=["cantons", "computed_at"])


def federal_signal(*, access: CaseAccess) -> list[CoordinationContact]:
    """What a reader of the case learns: the cantons where a possible match is known and their
    coordination contacts, if the reader may read the identity compartment; else nothing."""
    if not access.can_read(Compartment.IDENTITY):
        return []
    cantons = FederalMatch.objects.filter(case=access.case).values_list("cantons", flat=True).first() or []
    return [coordination_contact(code=code) for code in cantons]

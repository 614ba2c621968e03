"""Onboarding a canton: provision its schema and host, then invite its first canton administrator.

The federal administrator works from the bare host; the invitation itself is an ordinary canton
invitation (ksmm/memberships) inside the canton's schema, for a membership in the canton's
coordination unit, so the invitee accepts, chooses a password and enrols the second factor on
the canton's own host. What the federal level learns about a canton is whether it has an
administrator or a pending invitation: never who.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.cantons.actions import do_provision_canton
from ksmm.cantons.models import Canton, Domain
from ksmm.cantons.registry import CANTONS, CantonRecord, record_for
from ksmm.memberships.actions import do_invite, do_renew_invitation
from ksmm.memberships.models import Invitation, Membership
from ksmm.notifications.emails import public_url
from ksmm.partners.models import Organisation


class OnboardingError(Exception):
    """A request the federal administrator can correct; the message is translated."""


class AdminState(StrEnum):
    """Whether a canton has someone to run it: an administrator who accepted, an invitation
    still open, one that expired unused, or nobody yet."""

    ACTIVE = "active"
    PENDING = "pending"
    EXPIRED = "expired"
    NONE = "none"


@dataclass(frozen=True, kw_only=True)
class CantonState:
    record: CantonRecord
    is_registered: bool
    is_provisioned: bool
    is_active: bool
    domain: str
    admin_state: AdminState

    @property
    def name(self) -> str:
        """The canton's name in the reader's language (the registry's own four)."""
        language = (translation.get_language() or "de")[:2]
        return str(getattr(self.record, f"name_{language}", self.record.name_de))

    @property
    def may_onboard(self) -> bool:
        return self.admin_state in (AdminState.NONE, AdminState.EXPIRED)


# Per canton schema: does an accepted administrator exist (created directly, or whose invitation
# was used), is an invitation open, or did one expire unused. Counts only, never who.
_ADMIN_STATE_SQL = """
    SELECT %s,
      EXISTS (SELECT FROM {s}.memberships_membership m
              WHERE m.role = 'canton_admin' AND m.is_active
                AND (NOT EXISTS (SELECT FROM {s}.memberships_invitation i WHERE i.membership_id = m.id)
                     OR EXISTS (SELECT FROM {s}.memberships_invitation i
                                WHERE i.membership_id = m.id AND i.used_at IS NOT NULL))),
      EXISTS (SELECT FROM {s}.memberships_membership m JOIN {s}.memberships_invitation i ON i.membership_id = m.id
              WHERE m.role = 'canton_admin' AND m.is_active AND i.used_at IS NULL AND i.expires_at > now()),
      EXISTS (SELECT FROM {s}.memberships_membership m JOIN {s}.memberships_invitation i ON i.membership_id = m.id
              WHERE m.role = 'canton_admin' AND m.is_active AND i.used_at IS NULL)
"""


def canton_states() -> list[CantonState]:
    """The 26 cantons in BFS order with their state on the platform, in three queries."""
    cantons = {c.code: c for c in Canton.objects.cantons().prefetch_related("domains")}
    schemas = [record.code.lower() for record in CANTONS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [schemas])
        provisioned = {row[0] for row in cursor.fetchall()}
    admin_states = _admin_states(sorted(provisioned))
    states = []
    for record in CANTONS:
        canton = cantons.get(record.code)
        domains = list(canton.domains.all()) if canton else []
        primary = next((d.domain for d in domains if d.is_primary), "")
        schema = record.code.lower()
        states.append(
            CantonState(
                record=record,
                is_registered=canton is not None,
                is_provisioned=schema in provisioned,
                is_active=bool(canton and canton.is_active),
                domain=primary,
                admin_state=admin_states.get(schema, AdminState.NONE),
            )
        )
    return states


def _admin_states(schemas: list[str]) -> dict[str, AdminState]:
    if not schemas:
        return {}
    union = " UNION ALL ".join(_ADMIN_STATE_SQL.format(s=connection.ops.quote_name(s)) for s in schemas)
    with connection.cursor() as cursor:
        cursor.execute(union, schemas)
        rows = cursor.fetchall()
    states = {}
    for schema, active, pending, unused in rows:
        if active:
            states[schema] = AdminState.ACTIVE
        elif pending:
            states[schema] = AdminState.PENDING
        elif unused:
            states[schema] = AdminState.EXPIRED
        else:
            states[schema] = AdminState.NONE
    return states


def check_onboard_canton(
    *, acting_user: User | None, code: str, admin_email: str, admin_name: str, language: str
) -> Canton:
    """Refuses an unknown canton and one that already has an administrator or an open
    invitation (a deactivated canton too: `manage.py canton provision` brings it back); a canton
    whose only invitation expired unused may be onboarded again."""
    try:
        record = record_for(code.strip())
    except KeyError:
        raise OnboardingError(gettext("There is no canton with the abbreviation %(code)s.") % {"code": code}) from None
    state = _admin_states_if_provisioned(record.code.lower())
    if state == AdminState.ACTIVE:
        raise OnboardingError(gettext("This canton already has a canton administrator."))
    if state == AdminState.PENDING:
        raise OnboardingError(gettext("An invitation to this canton's first administrator is still open."))
    return do_onboard_canton(
        acting_user=acting_user, record=record, admin_email=admin_email, admin_name=admin_name, language=language
    )


def _admin_states_if_provisioned(schema: str) -> AdminState:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = %s)", [schema])
        exists = cursor.fetchone()[0]
    return _admin_states([schema]).get(schema, AdminState.NONE) if exists else AdminState.NONE


def do_onboard_canton(
    *, acting_user: User | None, record: CantonRecord, admin_email: str, admin_name: str, language: str
) -> Canton:
    """Provisions the canton (idempotent: a copy of the template schema, only if missing) and
    invites its first canton administrator into the coordination unit, created if missing."""
    canton = do_provision_canton(code=record.code)
    email = User.objects.normalize_email(admin_email).strip().lower()
    host = Domain.objects.filter(tenant=canton, is_primary=True).values_list("domain", flat=True).get()
    base_url = public_url(host=host, path="")
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, full_name=admin_name, language=language)
        with schema_context(canton.schema_name), translation.override(language):
            _invite_first_admin(acting_user=acting_user, user=user, record=record, base_url=base_url)
        do_record(
            actor=acting_user,
            action=AuditEntry.Action.GRANT,
            obj=canton,
            purpose="canton onboarded: first canton administrator invited",
        )
    return canton


def _invite_first_admin(*, acting_user: User | None, user: User, record: CantonRecord, base_url: str) -> None:
    existing = Membership.objects.select_related("user").filter(user=user).first()
    if existing is None:
        do_invite(
            acting_user=acting_user, email=user.email, full_name=user.full_name,
            organisation=coordination_unit(record=record), role=Membership.Role.CANTON_ADMIN,
            base_url=base_url, user=user,
        )  # fmt: skip
        return
    never_accepted = not Invitation.objects.filter(membership=existing, used_at__isnull=False).exists()
    if existing.role == Membership.Role.CANTON_ADMIN and existing.is_active and never_accepted:
        do_renew_invitation(acting_user=acting_user, membership=existing, base_url=base_url)
        return
    raise OnboardingError(gettext("This person already has a membership in this canton."))


def coordination_unit(*, record: CantonRecord) -> Organisation:
    """The canton's coordination unit, created under its name in the canton's language if the
    canton has none: a canton administrator's membership needs an organisation."""
    unit = Organisation.objects.filter(type=Organisation.Type.COORDINATION_UNIT, is_active=True).first()
    if unit is not None:
        return unit
    with translation.override(record.default_language):
        name = gettext("Coordination unit against human trafficking, canton of %(canton)s") % {
            "canton": getattr(record, f"name_{record.default_language}", record.name_de)
        }
    unit, _created = Organisation.objects.get_or_create(
        name=name, defaults={"type": Organisation.Type.COORDINATION_UNIT, "cantons_served": [record.code]}
    )
    return unit

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ksmm.compartments import Compartment

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    """What an entry records; the labels are shown in the viewer."""

    LOGIN = "login", _("Signed in")
    LOGOUT = "logout", _("Signed out")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    ACCESS_DENIED = "access_denied", _("Access denied")
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    PRINT = "print", _("Printed")
    GRANT = "grant", _("Access granted")
    REVOKE = "revoke", _("Access revoked")


class ActorKind(models.TextChoices):
    """Who acted: a signed-in person, a cantonal system (OAuth2 client), a system acting for a
    person who granted it (`delegated`: both are named) or the platform itself.

    `unidentified` is a failed sign-in or a refused access by nobody known; it never reads or
    writes anything.
    """

    PERSON = "person", _("Person")
    CLIENT = "client", _("API client")
    DELEGATED = "delegated", _("Person via API client")
    SYSTEM = "system", pgettext_lazy("audit actor", "System")
    UNIDENTIFIED = "unidentified", _("Unidentified")


# What an unidentified party can cause to be recorded: nothing but its failure to get in.
UNIDENTIFIED_ACTIONS = (AuditAction.LOGIN_FAILED, AuditAction.ACCESS_DENIED)


def actor_is_named() -> Q:
    """Every entry names its actor (entries from before migration 0003 have a blank kind; the
    constraint is not checked on them, as they cannot change).

    A person has a user id; a client its id and its organisation; a delegated call all three;
    the system acts outside any request; an unidentified party only fails to get in.
    """
    no_user, no_client = Q(actor_user_id__isnull=True), Q(actor_client_id__isnull=True)
    return (
        (Q(actor_kind=ActorKind.PERSON) & Q(actor_user_id__isnull=False) & no_client)
        | (
            Q(actor_kind=ActorKind.CLIENT)
            & Q(actor_client_id__isnull=False)
            & Q(actor_organisation_id__isnull=False)
            & no_user
        )
        | (
            Q(actor_kind=ActorKind.DELEGATED)
            & Q(actor_user_id__isnull=False)
            & Q(actor_client_id__isnull=False)
            & Q(actor_organisation_id__isnull=False)
        )
        | (Q(actor_kind=ActorKind.SYSTEM) & no_user & no_client & Q(request_id=""))
        | (Q(actor_kind=ActorKind.UNIDENTIFIED) & no_user & no_client & Q(action__in=UNIDENTIFIED_ACTIONS))
    )


class AuditEntry(models.Model):
    """One link of the append-only, hash-chained audit trail of a schema.

    Every canton schema and the public schema (federal level) keep their own chain. Actors and
    organisations are plain ids, not foreign keys, so that an entry outlives the user or the
    organisation it names. `actor_kind` says whether a person, an API client (acting for
    `actor_organisation_id`) or the system acted. A trigger refuses UPDATE, DELETE and TRUNCATE
    (migration 0002);
    `entry_hash` covers every field and the previous entry's hash (see chain.py).
    """

    Action = AuditAction
    ActorKind = ActorKind
    Compartment = Compartment

    sequence = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    # Blank only on entries written before actors were attributed (migration 0003).
    actor_kind = models.CharField(_("kind of actor"), max_length=16, choices=ActorKind.choices, blank=True)
    actor_user_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    actor_client_id = models.BigIntegerField(_("API client"), null=True, blank=True)
    actor_organisation_id = models.BigIntegerField(_("actor's organisation"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    compartment = models.CharField(_("compartment"), max_length=16, choices=Compartment.choices, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    recipient_organisation_id = models.BigIntegerField(_("recipient organisation"), null=True, blank=True)
    request_host = models.CharField(_("host"), max_length=253, blank=True)
    request_id = models.CharField(_("request id"), max_length=36, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_entry_occurred_at"),
            models.Index(fields=["actor_user_id", "-sequence"], name="audit_entry_actor"),
            models.Index(fields=["object_type", "object_id"], name="audit_entry_object"),
        ]
        constraints = [
            models.CheckConstraint(name="audit_entry_sequence_positive", condition=Q(sequence__gte=1)),
            # Added NOT VALID (migration 0003): it holds for every entry written since.
            models.CheckConstraint(name="audit_entry_actor_is_named", condition=actor_is_named()),
            models.CheckConstraint(name="audit_entry_action_is_known", condition=Q(action__in=AuditAction.values)),
            models.CheckConstraint(
                name="audit_entry_compartment_is_known", condition=Q(compartment__in=["", *Compartment.values])
            ),
            models.CheckConstraint(
                name="audit_entry_hashes_are_sha256_hex",
                condition=Q(previous_hash__regex=r"^[0-9a-f]{64}$") & Q(entry_hash__regex=r"^[0-9a-f]{64}$"),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.occurred_at.isoformat()}"

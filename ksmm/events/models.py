"""What happened in a canton, in the order it was committed (DESIGN.md 11, "Events").

One table per canton feeds the change feed (`/api/v1/changes/`) and the webhooks of cantonal
systems. A row names things by type and id only: nothing a person typed can be stored here (the
database checks every text column), so a payload built from it carries no personal data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Model labels ("cases.case") and ids: lowercase letters, digits, dots, underscores, hyphens.
LABEL_PATTERN = r"^[a-z0-9_.]*$"
ID_PATTERN = r"^[A-Za-z0-9_-]*$"
# Event keys ("deadline.due:12:7"): a kind, then ids.
KEY_PATTERN = r"^[a-z0-9_.]+(:[A-Za-z0-9_-]+)+$"


class EventKind(models.TextChoices):
    # What a cantonal system subscribes to (webhooks): hand-offs and decisions.
    REFERRAL_RECEIVED = "referral.received", _("Referral received")
    REQUEST_WAITING = "request.waiting", _("Request waiting for a decision")
    DECISION_TAKEN = "decision.taken", _("Decision taken")
    DEADLINE_DUE = "deadline.due", _("Deadline due")
    # In both cantons: the sending one's case (now read-only) and the receiving one's new case.
    CASE_TRANSFERRED = "case.transferred", _("Case transferred between cantons")
    CASE_CLOSED = "case.closed", _("Case closed")
    # Every audited write: what the change feed lists.
    CREATED = "object.created", _("Created")
    UPDATED = "object.updated", _("Changed")
    DELETED = "object.deleted", _("Deleted")


# The kinds a webhook subscription may name.
HAND_OFF_KINDS = (
    EventKind.REFERRAL_RECEIVED,
    EventKind.REQUEST_WAITING,
    EventKind.DECISION_TAKEN,
    EventKind.DEADLINE_DUE,
    EventKind.CASE_TRANSFERRED,
    EventKind.CASE_CLOSED,
)


class Event(models.Model):
    """One change or hand-off, committed in the canton's order.

    `id` is the cursor: rows are inserted while the canton's audit-chain lock is held, and that
    lock is held until commit, so a row with a higher id is never visible before a lower one.
    A rolled-back action leaves a gap in the ids, never a row.
    """

    Kind = EventKind

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    # The case the object belongs to, when it does: the change feed shows a case's events only
    # to callers who may see that case.
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    # The organisation an event is addressed to (the receiver of a referral, the office that
    # decides a request), when it has one.
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    compartment = models.CharField(_("compartment"), max_length=16, blank=True)
    occurred_at = models.DateTimeField(_("time"), db_default=models.functions.Now())
    # Names a hand-off once ("referral.received:12"): an action replayed, or the deadline scan
    # run again, records nothing twice. NULL for changes, which happen as often as they happen.
    event_key = models.CharField(_("event"), max_length=100, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["id"]
        indexes = [models.Index(fields=["case_id", "id"], name="events_event_case")]
        constraints = [
            models.CheckConstraint(name="events_event_kind_known", condition=Q(kind__in=EventKind.values)),
            models.CheckConstraint(
                name="events_event_labels_only",
                condition=Q(object_type__regex=LABEL_PATTERN)
                & Q(object_id__regex=ID_PATTERN)
                & Q(compartment__regex=r"^[a-z_]*$"),
            ),
            models.CheckConstraint(
                name="events_event_key_ids_only", condition=Q(event_key__isnull=True) | Q(event_key__regex=KEY_PATTERN)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_type} {self.object_id}"

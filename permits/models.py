"""Residence matters of a case (compartment "residence", DESIGN.md 3 and 4; REFERENCE.md 1.2, 6).

Recovery and reflection periods (Art. 35 VZAE), the notice on continued presence (Art. 36
para. 1 VZAE), the stay during the proceedings, and permit requests (L, B with the SEM approval
step) with the federal decisions (F, N) recorded beside them. Parties of a case see status and
dates; the grounds, reasons and documents as `CaseAccess.sees_residence_details` decides.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.deadlines.models import REFLECTION_MINIMUM_DAYS
from ksmm.deadlines.rules import add_months
from ksmm.partners.models import Organisation

from .ech0006 import ech0006_code

Type = Organisation.Type

# Who files a reflection-period or permit request with the migration office (Art. 35 VZAE
# practice: the police or the victim counselling centre; the issue adds the prosecution).
REQUESTING_TYPES = frozenset({Type.VICTIM_AID, Type.PUBLIC_PROSECUTOR, Type.CANTONAL_POLICE, Type.CITY_POLICE})
# Who tells the migration office whether the person's presence is needed (Art. 36 para. 1 VZAE).
NOTIFYING_TYPES = frozenset({Type.PUBLIC_PROSECUTOR, Type.CANTONAL_POLICE, Type.CITY_POLICE})
# Who decides: the cantonal migration authority (Art. 88 para. 1 VZAE).
DECIDING_TYPES = frozenset({Type.MIGRATION_OFFICE})


class EndReason(models.TextChoices):
    """Why a recovery and reflection period ended (Art. 35 paras. 2 and 3 VZAE)."""

    COOPERATION_DECLARED = (
        "cooperation_declared_and_ties_cut",
        _("Willing to cooperate and all ties with the suspects cut (Art. 35 para. 2 VZAE)"),
    )
    REFUSES_COOPERATION = "refuses_cooperation", _("Declares not to cooperate (Art. 35 para. 3 let. a VZAE)")
    RESUMED_CONTACT = (
        "resumed_contact_with_suspects",
        _("Voluntarily resumed contact with the suspects (Art. 35 para. 3 let. b VZAE)"),
    )
    NOT_VICTIM = "not_victim_new_evidence", _("Not a victim or witness on new evidence (Art. 35 para. 3 let. c VZAE)")
    PUBLIC_ORDER = (
        "serious_threat_public_order",
        _("Seriously threatens public security and order (Art. 35 para. 3 let. d VZAE)"),
    )
    EXPIRED = "expired", _("The period expired")


class ReflectionPeriod(models.Model):
    """A recovery and reflection period (Art. 35 VZAE): requested by a partner, decided by the
    migration office; while it runs, no removal or other enforcement measure is taken."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        ENDED = "ended", _("Ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EndReason = EndReason

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reflection_periods", verbose_name=_("case"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    requested_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_by_user_id = models.BigIntegerField(_("requested by person"), null=True, blank=True)
    addressed_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("migration office")
    )
    requested_on = models.DateField(_("requested on"))
    grounds = models.TextField(_("reasonable grounds"), blank=True)
    proposed_days = models.PositiveSmallIntegerField(_("proposed length in days"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_user_id = models.BigIntegerField(_("decided by"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    length_days = models.PositiveSmallIntegerField(_("length in days"), null=True, blank=True)
    # Days added by granted extensions; the minimum applies to length_days, the first grant.
    extended_days = models.PositiveSmallIntegerField(_("days added by extensions"), default=0)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for the end"), max_length=40, choices=EndReason.choices, blank=True)
    end_notes = models.TextField(_("notes on the end"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("recovery and reflection period")
        verbose_name_plural = _("recovery and reflection periods")
        permissions = [("review_requests", _("Review and decide reflection-period and permit requests"))]
        indexes = [models.Index(fields=["addressed_to", "status"], name="reflection_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_days__isnull=True) | Q(length_days__gte=REFLECTION_MINIMUM_DAYS),
                name="reflection_period_at_least_30_days",
            ),
            models.CheckConstraint(
                condition=Q(proposed_days__isnull=True) | Q(proposed_days__gte=REFLECTION_MINIMUM_DAYS),
                name="reflection_proposal_at_least_30_days",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "ended"])
                | Q(
                    length_days__isnull=False,
                    starts_on__isnull=False,
                    ends_on__isnull=False,
                    decided_on__isnull=False,
                ),
                name="reflection_granted_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="reflection_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(decision_reasons="") & Q(decided_on__isnull=False)),
                name="reflection_refusal_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False) & ~Q(end_reason="")
                | ~Q(status="ended") & Q(ended_on__isnull=True, end_reason=""),
                name="reflection_end_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "granted", "refused", "ended", "withdrawn"]),
                name="reflection_status_known",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status__in=["requested", "granted"]), name="reflection_one_active_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"reflection period {self.pk} of {self.case_id}"

    @property
    def total_days(self) -> int | None:
        """The length granted first plus every extension."""
        return None if self.length_days is None else self.length_days + self.extended_days

    def is_running_on(self, day: date) -> bool:
        """Whether the period protects from removal on `day` (Art. 35 para. 1 VZAE)."""
        if self.status != self.Status.GRANTED or self.starts_on is None or self.ends_on is None:
            return False
        return self.starts_on <= day < self.ends_on


class ReflectionExtension(models.Model):
    """A request to extend a running recovery and reflection period (Art. 35 para. 1 VZAE: the
    length is set per case), with its reason, decided by the migration office that granted it.
    A granted extension moves the period's end and the Art. 36 notice; the first grant, with its
    minimum of 30 days, stays as it was."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    period = models.ForeignKey(
        ReflectionPeriod, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("period")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    requested_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_by_user_id = models.BigIntegerField(_("requested by person"), null=True, blank=True)
    requested_on = models.DateField(_("requested on"))
    requested_days = models.PositiveSmallIntegerField(_("days requested"))
    reason = models.TextField(_("reason for the extension"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_user_id = models.BigIntegerField(_("decided by"), null=True, blank=True)
    granted_days = models.PositiveSmallIntegerField(_("days granted"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["requested_on", "pk"]
        verbose_name = _("extension of a reflection period")
        verbose_name_plural = _("extensions of reflection periods")
        constraints = [
            models.CheckConstraint(condition=Q(requested_days__gte=1), name="reflection_extension_days_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="reflection_extension_has_reason"),
            models.CheckConstraint(
                condition=Q(status="requested", decided_on__isnull=True, granted_days__isnull=True)
                | Q(status="granted", decided_on__isnull=False, granted_days__gte=1)
                | Q(status="refused", decided_on__isnull=False, granted_days__isnull=True) & ~Q(decision_reasons=""),
                name="reflection_extension_decision_complete",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(status="requested"), name="reflection_extension_one_open_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"extension {self.pk} of period {self.period_id}"


class PresenceNotice(models.Model):
    """Police or prosecution tell the migration office whether and for how long the person's
    presence is needed (Art. 36 para. 1 VZAE), before the reflection period ends."""

    period = models.ForeignKey(
        ReflectionPeriod, on_delete=models.CASCADE, related_name="presence_notices", verbose_name=_("period")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    given_by_user_id = models.BigIntegerField(_("given by"), null=True, blank=True)
    given_on = models.DateField(_("given on"))
    presence_needed = models.BooleanField(_("presence needed"))
    needed_until = models.DateField(_("needed until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("notice on continued presence")
        verbose_name_plural = _("notices on continued presence")
        constraints = [
            models.CheckConstraint(
                condition=Q(presence_needed=True, needed_until__isnull=False)
                | Q(presence_needed=False, needed_until__isnull=True),
                name="presence_notice_until_when_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"presence notice {self.pk} on {self.period_id}"


class Stay(models.Model):
    """The person's stay during the proceedings: a suspended removal or a permit. A stay expected
    or running past three months needs a permit request (deadline three_month_threshold)."""

    class Basis(models.TextChoices):
        SUSPENDED_REMOVAL = "suspended_removal", _("Removal suspended")
        PERMIT = "permit", _("Permit")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stays", verbose_name=_("case"))
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.SUSPENDED_REMOVAL)
    starts_on = models.DateField(_("stay since"))
    expected_until = models.DateField(_("expected until"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_by_user_id = models.BigIntegerField(_("recorded by person"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("stay during the proceedings")
        verbose_name_plural = _("stays during the proceedings")
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_until__isnull=True) | Q(expected_until__gt=F("starts_on")),
                name="stay_expected_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")), name="stay_ends_after_start"
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(ended_on__isnull=True), name="stay_one_open_per_case"),
        ]

    def __str__(self) -> str:
        return f"stay {self.pk} of {self.case_id}"

    @property
    def threshold_on(self) -> date:
        """Three months after the start: from then on a permit request is due."""
        return add_months(self.starts_on, 3)

    def passes_threshold(self, *, today: date) -> bool:
        """The stay is expected to run, or has run, past three months."""
        last = self.ended_on or max(today, self.expected_until or today)
        return last > self.threshold_on

    def permit_request_due(self, *, today: date, permit_requests: Iterable["PermitRequest"]) -> bool:
        """The three-month rule: an open stay on a suspended removal that runs, or is expected to
        run, past three months needs a permit request; any request of the case not refused meets it."""
        return (
            self.ended_on is None
            and self.basis == self.Basis.SUSPENDED_REMOVAL
            and not any(permit.status != PermitRequest.Status.REFUSED for permit in permit_requests)
            and self.passes_threshold(today=today)
        )


class PermitKind(models.TextChoices):
    L = "L", _("Short-stay permit L (Art. 36 para. 2 VZAE)")
    B = "B", _("Residence permit B, serious personal hardship (Art. 31 VZAE)")
    F = "F", _("Provisional admission F (federal decision)")
    N = "N", _("Asylum seeker N (federal decision)")


FEDERAL_KINDS = frozenset({PermitKind.F, PermitKind.N})


class PermitRequest(models.Model):
    """A permit requested for the person, or a federal decision recorded (F, N).

    L: for the expected duration of the proceedings (Art. 36 para. 2 VZAE). B: serious personal
    hardship (Art. 31, 36 para. 6 VZAE): the canton's approval goes to the SEM, and the permit
    is granted only with the SEM's approval. F and N are decided by the SEM and only recorded.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SEM_PENDING = "sem_pending", _("Awaiting the SEM's approval")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RECORDED = "recorded", _("Federal decision recorded")

    Kind = PermitKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="permit_requests", verbose_name=_("case"))
    kind = models.CharField(_("permit"), max_length=1, choices=PermitKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    stay = models.ForeignKey(
        Stay, on_delete=models.SET_NULL, null=True, blank=True, related_name="permit_requests", verbose_name=_("stay")
    )
    renewal_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals", verbose_name=_("renewal of")
    )
    requested_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_by_user_id = models.BigIntegerField(_("requested by person"), null=True, blank=True)
    addressed_to = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("migration office")
    )
    requested_on = models.DateField(_("requested on"))
    expected_until = models.DateField(_("proceedings expected until"), null=True, blank=True)
    grounds = models.TextField(_("grounds"), blank=True)
    hardship_criteria = models.TextField(_("hardship criteria (Art. 31 VZAE)"), blank=True)
    work_requested = models.BooleanField(_("gainful work requested (Art. 36 para. 4 VZAE)"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by_user_id = models.BigIntegerField(_("decided by"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    work_authorised = models.BooleanField(_("gainful work authorised"), default=False)
    sem_submitted_on = models.DateField(_("submitted to the SEM on"), null=True, blank=True)
    sem_decided_on = models.DateField(_("SEM decision on"), null=True, blank=True)
    sem_approved = models.BooleanField(_("approved by the SEM"), null=True, blank=True)
    federal_reference = models.CharField(_("SEM reference"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("permit request")
        verbose_name_plural = _("permit requests")
        indexes = [models.Index(fields=["addressed_to", "status"], name="permit_request_queue")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["L", "B", "F", "N"]), name="permit_kind_known"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "sem_pending", "granted", "refused", "withdrawn", "recorded"]),
                name="permit_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(kind="L") | Q(expected_until__isnull=False), name="permit_l_has_expected_duration"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "recorded"])
                | Q(valid_from__isnull=False, valid_until__isnull=False, decided_on__isnull=False),
                name="permit_granted_has_validity",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="permit_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(decision_reasons="") & Q(decided_on__isnull=False)),
                name="permit_refusal_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(status="sem_pending") | Q(kind="B", sem_submitted_on__isnull=False),
                name="permit_sem_step_for_hardship_only",
            ),
            models.CheckConstraint(
                condition=~Q(kind="B", status="granted") | Q(sem_approved__isnull=False, sem_approved=True),
                name="permit_b_needs_sem_approval",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["F", "N"], status="recorded") | Q(kind__in=["L", "B"]) & ~Q(status="recorded"),
                name="permit_federal_kinds_are_recorded",
            ),
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(status__in=["requested", "sem_pending"]),
                name="permit_one_open_request_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"permit request {self.pk} ({self.kind}) of {self.case_id}"

    @property
    def ech0006_code(self) -> str:
        return ech0006_code(kind=self.kind, valid_from=self.valid_from, valid_until=self.valid_until)

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.REQUESTED, self.Status.SEM_PENDING}

    @property
    def is_federal(self) -> bool:
        return self.kind in FEDERAL_KINDS


class PermitDocument(models.Model):
    """A document of a permit request, kept in the migration office's file: its reference only."""

    request = models.ForeignKey(
        PermitRequest, on_delete=models.CASCADE, related_name="documents", verbose_name=_("permit request")
    )
    title = models.CharField(_("title"), max_length=200)
    file_reference = models.CharField(_("file reference"), max_length=100)
    added_on = models.DateField(_("added on"))
    added_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_by_user_id = models.BigIntegerField(_("added by person"), null=True, blank=True)

    class Meta:
        ordering = ["added_on", "pk"]
        verbose_name = _("permit document")
        verbose_name_plural = _("permit documents")
        constraints = [
            models.CheckConstraint(condition=~Q(title="") & ~Q(file_reference=""), name="permit_document_complete"),
        ]

    def __str__(self) -> str:
        return self.file_reference


def reflection_end(*, starts_on: date, length_days: int) -> date:
    """The end of a period, as the deadline engine computes reflection_end (start + length)."""
    return starts_on + timedelta(days=length_days)

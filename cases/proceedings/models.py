"""The criminal proceedings against the perpetrators, and the victim's OHG claims (DESIGN.md 4).

A proceeding sits in the investigation compartment (police and prosecution): the offences, the
prosecution office and its file number, the victim's procedural role, the notes. Its stage and
the dates of its stages are the core summary (`CORE_FIELDS`) every party sees, victim aid
included: the counselling centre accompanies the victim to court and advises on the claims,
and needs to know where the proceedings stand, not what they hold.

An OHG claim (compensation, satisfaction: Art. 19-25 OHG) is filed by the victim with the
canton's compensation authority, usually with the counselling centre's help; it is not part of
the criminal file. Its kind, dates, status and the claim window are core, so victim aid records
it and sees its deadline (Art. 25 OHG, the rule `ohg_claim_window`).
"""

from collections.abc import Collection

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation


class Offence(models.TextChoices):
    TRAFFICKING = "stgb_182", _("Trafficking in human beings (Art. 182 StGB)")
    PROSTITUTION = "stgb_195", _("Encouraging prostitution (Art. 195 StGB)")
    USURY = "stgb_157", _("Usury (Art. 157 StGB)")
    FORCED_MARRIAGE = "stgb_181a", _("Forced marriage (Art. 181a StGB)")
    SMUGGLING = "aig_116", _("Facilitating illegal entry or stay (Art. 116 AIG)")
    OTHER = "other", _("Other offence")


class Stage(models.TextChoices):
    """Where a proceeding stands: the latest stage with a date (STAGE_DATES, in order)."""

    OPENED = "opened", _("Investigation opened")
    INDICTED = "indicted", _("Charges brought")
    AT_COURT = "at_court", _("Before the court")
    JUDGED = "judged", _("Judgment of first instance")
    APPEALED = "appealed", _("Appeal")
    FINAL = "final", _("Final judgment")
    DISCONTINUED = "discontinued", _("Discontinued")


# The stages in their legal order and the field holding each date. A later stage needs every
# earlier one; the final judgment ends the sequence. Discontinuation (Art. 319 StPO) ends it
# before a judgment instead.
STAGE_DATES: tuple[tuple[str, str], ...] = (
    (Stage.OPENED, "opened_on"),
    (Stage.INDICTED, "indicted_on"),
    (Stage.AT_COURT, "court_on"),
    (Stage.JUDGED, "judged_on"),
    (Stage.APPEALED, "appealed_on"),
    (Stage.FINAL, "final_on"),
)
ENDED = frozenset({Stage.FINAL, Stage.DISCONTINUED})


class CriminalProceeding(models.Model):
    """Criminal proceedings against the perpetrators, as far as the victim is concerned."""

    COMPARTMENT: str = Compartment.INVESTIGATION
    CORE_FIELDS: tuple[str, ...] = (
        "stage", "opened_on", "indicted_on", "court_on", "judged_on", "appealed_on", "final_on", "discontinued_on",
    )  # fmt: skip

    class JudgmentCopy(models.TextChoices):
        NOT_REQUESTED = "not_requested", _("Not requested yet")
        REQUESTED = "requested", _("Requested")
        SENT = "sent", _("Sent to the victim")
        WAIVED = "waived", _("Waived by the victim")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    prosecution_office = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("public prosecutor's office")
    )
    file_number = models.CharField(_("file number of the prosecution"), max_length=80, blank=True)
    offences = ArrayField(
        models.CharField(max_length=12, choices=Offence.choices), verbose_name=_("offences"), default=list
    )
    offence_note = models.CharField(_("other offences"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.OPENED)
    opened_on = models.DateField(_("investigation opened on"))
    indicted_on = models.DateField(_("charges brought on"), null=True, blank=True)
    court_on = models.DateField(_("main hearing before the court on"), null=True, blank=True)
    judged_on = models.DateField(_("judgment of first instance on"), null=True, blank=True)
    appealed_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    final_on = models.DateField(_("judgment final on"), null=True, blank=True)
    discontinued_on = models.DateField(_("discontinued on (Art. 319 StPO)"), null=True, blank=True)
    claimant_criminal = models.BooleanField(_("private claimant in the criminal matter (Art. 119 StPO)"), default=False)
    claimant_civil = models.BooleanField(_("private claimant in civil matters (Art. 122 StPO)"), default=False)
    judgment_copy = models.CharField(
        _("copy of the judgment (Art. 117(1)(g) StPO)"),
        max_length=16,
        choices=JudgmentCopy.choices,
        default=JudgmentCopy.NOT_REQUESTED,
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by organisation")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("criminal proceeding")
        verbose_name_plural = _("criminal proceedings")
        constraints = [
            models.CheckConstraint(condition=~Q(offences=[]), name="proceeding_names_an_offence"),
            models.CheckConstraint(
                condition=Q(offences__contained_by=Offence.values), name="proceeding_offences_known"
            ),
            # Each stage follows the one before, on the same day or later.
            models.CheckConstraint(
                condition=Q(indicted_on__isnull=True) | Q(indicted_on__gte=F("opened_on")),
                name="proceeding_indicted_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(court_on__isnull=True) | Q(indicted_on__isnull=False, court_on__gte=F("indicted_on")),
                name="proceeding_court_after_indicted",
            ),
            models.CheckConstraint(
                condition=Q(judged_on__isnull=True) | Q(court_on__isnull=False, judged_on__gte=F("court_on")),
                name="proceeding_judged_after_court",
            ),
            models.CheckConstraint(
                condition=Q(appealed_on__isnull=True) | Q(judged_on__isnull=False, appealed_on__gte=F("judged_on")),
                name="proceeding_appealed_after_judged",
            ),
            models.CheckConstraint(
                condition=Q(final_on__isnull=True)
                | (Q(judged_on__isnull=False, final_on__gte=F("judged_on")) & (
                    Q(appealed_on__isnull=True) | Q(final_on__gte=F("appealed_on"))
                )),
                name="proceeding_final_after_judgment",
            ),
            models.CheckConstraint(
                condition=Q(discontinued_on__isnull=True)
                | Q(judged_on__isnull=True, final_on__isnull=True, discontinued_on__gte=F("opened_on")),
                name="proceeding_discontinued_before_judgment",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"proceeding {self.pk}"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        """Skipped: the check constraints repeat rules.py as the database's safety net, and the
        actions check those rules with a translated message on the field. A form would otherwise
        show the constraint's own message, which names it ("proceeding_judged_after_court")."""

    @property
    def has_ended(self) -> bool:
        return self.stage in ENDED

    @property
    def offence_labels(self) -> list[str]:
        return [str(Offence(value).label) for value in self.offences]


class OhgClaim(models.Model):
    """A claim for compensation or satisfaction under the OHG and its five-year window (Art. 25)."""

    COMPARTMENT: str = Compartment.CORE

    class Kind(models.TextChoices):
        COMPENSATION = "compensation", _("Compensation (Art. 19 OHG)")
        SATISFACTION = "satisfaction", _("Satisfaction (Art. 22 OHG)")

    class WindowFrom(models.TextChoices):
        OFFENCE = "offence", _("the offence")
        LEARNED = "learned", _("the day the victim learned of the offence")

    class Status(models.TextChoices):
        TO_FILE = "to_file", _("To be filed")
        FILED = "filed", _("Filed")
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Not pursued")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    proceeding = models.ForeignKey(
        CriminalProceeding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("criminal proceeding"),
    )
    kind = models.CharField(_("claim"), max_length=16, choices=Kind.choices)
    window_from = models.CharField(
        _("the five years run from"), max_length=8, choices=WindowFrom.choices, default=WindowFrom.OFFENCE
    )
    window_anchor = models.DateField(_("date the five years run from"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TO_FILE)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by organisation")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["window_anchor", "pk"]
        verbose_name = _("OHG claim")
        verbose_name_plural = _("OHG claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["to_file", "withdrawn"]) | Q(filed_on__isnull=False),
                name="ohg_claim_filed_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "partly_granted", "refused"])
                | Q(decided_on__isnull=False, decided_on__gte=F("filed_on")),
                name="ohg_claim_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("window_anchor")),
                name="ohg_claim_filed_after_anchor",
            ),
        ]

    def __str__(self) -> str:
        return f"ohg claim {self.pk}"

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        """Skipped, as for CriminalProceeding: rules.claim_errors says the same by field."""

    @property
    def is_pending_filing(self) -> bool:
        return self.status == self.Status.TO_FILE

"""Federal statistics in the public schema: aggregates only, never a person.

A counting run asks every active canton to count inside its own schema (the `counting` app);
each canton writes `Aggregate` rows: canton, period, measure, one dimension value, exploitation
form and a count. Every text column is a slug checked by the database, so nothing but the
catalogue's vocabulary can be stored here (ksmm/statistics/catalogue.py). A `Release` freezes
what may be shown: the dashboard release with cells below the threshold suppressed (primary and
secondary), the open-data release with differentially private noise.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.models import Canton

# Every text stored by the statistics: lower-case slugs of the catalogue, nothing a person typed.
SLUG_PATTERN = r"^[a-z0-9_]*$"


def _slug_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__regex": SLUG_PATTERN}), name=f"%(class)s_{field}_slug")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class CountingRun(models.Model):
    """One round of counting over the active cantons, nightly or asked for by an analyst."""

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nightly")
        ON_DEMAND = "on_demand", _("Asked for by an analyst")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    rules_version = models.CharField(_("version of the counting rules"), max_length=16)
    requested_by_user_id = models.BigIntegerField(_("asked for by"), null=True, blank=True)
    cantons_expected = ArrayField(models.CharField(max_length=2), verbose_name=_("cantons expected"), default=list)
    cantons_done = ArrayField(models.CharField(max_length=2), verbose_name=_("cantons done"), default=list)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("counting run")
        verbose_name_plural = _("counting runs")
        constraints = [
            _slug_check("rules_version"),
            models.CheckConstraint(
                condition=Q(status="running") | Q(finished_at__isnull=False), name="counting_run_finished_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"counting run {self.pk}"


class Aggregate(models.Model):
    """One count of one canton: a measure for one period, one dimension value and one form.

    `dimension` and `value` are empty for the measure's total; `form` is `all` for every
    exploitation form together. The latest run of a canton replaces its earlier rows.
    """

    canton = models.ForeignKey(Canton, on_delete=models.CASCADE, related_name="+", verbose_name=_("canton"))
    run = models.ForeignKey(CountingRun, on_delete=models.SET_NULL, null=True, related_name="+")
    rules_version = models.CharField(_("version of the counting rules"), max_length=16)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts on"))
    measure = models.CharField(_("measure"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    value = models.CharField(_("value"), max_length=40, blank=True)
    form = models.CharField(_("form of exploitation"), max_length=16, default="all")
    count = models.PositiveIntegerField(_("count"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("aggregate")
        verbose_name_plural = _("aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["canton", "period_kind", "period_start", "measure", "dimension", "value", "form"],
                name="aggregate_unique_cell",
            ),
            *(_slug_check(field) for field in ("rules_version", "measure", "dimension", "value", "form")),
            models.CheckConstraint(
                condition=Q(dimension="", value="") | (~Q(dimension="") & ~Q(value="")),
                name="aggregate_value_has_dimension",
            ),
        ]
        indexes = [models.Index(fields=["measure", "period_kind", "period_start"], name="aggregate_measure_period")]

    def __str__(self) -> str:
        return f"{self.measure} {self.period_start}"


class CantonHealth(models.Model):
    """The round table of a canton as of a counting run: institutions, never persons."""

    canton = models.ForeignKey(Canton, on_delete=models.CASCADE, related_name="+", verbose_name=_("canton"))
    run = models.ForeignKey(CountingRun, on_delete=models.SET_NULL, null=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    round_table_exists = models.BooleanField(_("a round table exists"))
    agreement_valid = models.BooleanField(_("a co-operation agreement is adopted and valid"))
    agreement_valid_until = models.DateField(_("agreement valid until"), null=True, blank=True)
    meetings = models.PositiveSmallIntegerField(_("meetings this year"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round-table health")
        verbose_name_plural = _("round-table health")
        constraints = [models.UniqueConstraint(fields=["canton", "year"], name="canton_health_unique_year")]

    def __str__(self) -> str:
        return f"round-table health {self.year}"


class Release(models.Model):
    """What may be shown: a frozen, disclosure-controlled copy of the aggregates."""

    class Kind(models.TextChoices):
        DASHBOARD = "dashboard", _("Dashboard (exact counts, small cells suppressed)")
        OPEN_DATA = "open_data", _("Open data (differentially private noise)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    run = models.ForeignKey(CountingRun, on_delete=models.PROTECT, null=True, related_name="+")
    rules_version = models.CharField(_("version of the counting rules"), max_length=16)
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    # Open data only: the privacy loss of this release and the year whose budget it spends.
    epsilon = models.FloatField(_("epsilon"), null=True, blank=True)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    noise_scale = models.FloatField(_("noise scale"), null=True, blank=True)
    # Recorded only where the noise came from a seeded generator: in tests, never in production.
    seed = models.BigIntegerField(_("seed"), null=True, blank=True)
    created_by_user_id = models.BigIntegerField(_("released by"), null=True, blank=True)
    created_at = models.DateTimeField(_("released at"), auto_now_add=True)
    cells_published = models.PositiveIntegerField(_("cells published"), default=0)
    cells_suppressed = models.PositiveIntegerField(_("cells suppressed"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            _slug_check("rules_version"),
            models.CheckConstraint(
                condition=Q(kind="dashboard") | (Q(epsilon__gt=0) & Q(budget_year__isnull=False)),
                name="release_open_data_has_epsilon",
            ),
        ]

    def __str__(self) -> str:
        return f"release {self.pk}"


class ReleasedCell(models.Model):
    """One cell of a release; `canton` is a canton code or `ch` for Switzerland.

    `count` is null where the cell is suppressed (`suppression` says why); in an open-data
    release it holds the noisy count.
    """

    class Suppression(models.TextChoices):
        NONE = "", _("Shown")
        PRIMARY = "primary", _("Below the threshold")
        SECONDARY = "secondary", _("Suppressed so that a small cell cannot be derived")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="cells")
    canton = models.CharField(_("canton"), max_length=2)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts on"))
    measure = models.CharField(_("measure"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=40, blank=True)
    value = models.CharField(_("value"), max_length=40, blank=True)
    form = models.CharField(_("form of exploitation"), max_length=16, default="all")
    count = models.IntegerField(_("count"), null=True, blank=True)
    suppression = models.CharField(_("suppression"), max_length=16, choices=Suppression.choices, blank=True)

    class Meta:
        verbose_name = _("released cell")
        verbose_name_plural = _("released cells")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "canton", "period_kind", "period_start", "measure", "dimension", "value", "form"],
                name="released_cell_unique",
            ),
            *(_slug_check(field) for field in ("canton", "measure", "dimension", "value", "form", "suppression")),
            models.CheckConstraint(
                condition=Q(suppression="", count__isnull=False) | (~Q(suppression="") & Q(count__isnull=True)),
                name="released_cell_suppressed_has_no_count",
            ),
        ]
        indexes = [
            models.Index(fields=["release", "measure", "period_kind", "canton"], name="released_cell_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.canton} {self.period_start}"

"""The indicator catalogue (versioned data) and the identification of a victim on a case.

Catalogue texts exist in de/fr/it/en (django-modeltranslation, translation.py). The checklist
filled on a case belongs to the identity compartment; the assessment result to the core.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.partners.models import Organisation


class Strength(models.TextChoices):
    STRONG = "strong", _("Strong")
    MEDIUM = "medium", _("Medium")
    WEAK = "weak", _("Weak")


class Target(models.TextChoices):
    ADULTS = "adults", _("Adults")
    CHILDREN = "children", _("Children")
    ALL = "all", _("Adults and children")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    BOTH = "both", _("Sexual and labour exploitation")


class CatalogueVersion(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation swaps the manager class at run time
    """One published version of the indicator catalogue; the newest valid one is in use."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.TextField(_("sources"), blank=True)
    valid_from = models.DateField(_("valid from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: "models.Manager[CatalogueVersion]" = models.Manager()

    class Meta:
        ordering = ["-valid_from", "-version"]
        verbose_name = _("indicator catalogue")
        verbose_name_plural = _("indicator catalogues")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Dimension(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation swaps the manager class at run time
    """A group of indicators following the trafficking definition (recruitment, control, ...)."""

    catalogue = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("catalogue")
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)

    objects: "models.Manager[Dimension]" = models.Manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [models.UniqueConstraint(fields=["catalogue", "key"], name="dimension_key_unique")]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A sign that may point to trafficking; a canton may add its own (`is_cantonal`)."""

    catalogue = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("catalogue")
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("dimension")
    )
    code = models.CharField(_("code"), max_length=16)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("indicator"), max_length=300)
    strength = models.CharField(_("strength"), max_length=8, choices=Strength.choices)
    target = models.CharField(_("target group"), max_length=8, choices=Target.choices, default=Target.ALL)
    exploitation_form = models.CharField(
        _("form of exploitation"), max_length=8, choices=ExploitationForm.choices, default=ExploitationForm.BOTH
    )
    is_cantonal = models.BooleanField(_("added by the canton"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    objects: "models.Manager[Indicator]" = models.Manager()

    class Meta:
        ordering = ["dimension__order", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(is_cantonal=True) | Q(is_active=True), name="indicator_only_cantonal_retired"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Checklist(models.Model):
    """The indicators observed on a case (identity compartment), against one catalogue version."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    catalogue = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("catalogue")
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("identification checklist")
        verbose_name_plural = _("identification checklists")

    def __str__(self) -> str:
        return f"checklist {self.pk}"


class Observation(models.Model):
    """One indicator observed on a case, with what was seen."""

    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="observations", verbose_name=_("checklist")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator__dimension__order", "indicator__order", "pk"]
        verbose_name = _("observed indicator")
        verbose_name_plural = _("observed indicators")
        constraints = [models.UniqueConstraint(fields=["checklist", "indicator"], name="observation_unique")]

    def __str__(self) -> str:
        return f"observation {self.pk}"


class Assessment(models.Model):
    """A decision whether the person is presumed a victim (core); the newest one counts."""

    class Result(models.TextChoices):
        YES = "yes", _("Presumed victim")
        NO = "no", _("Not a presumed victim")
        UNCLEAR = "unclear", _("Unclear")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    result = models.CharField(_("presumed victim"), max_length=8, choices=Result.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by organisation")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    observed_count = models.PositiveSmallIntegerField(_("indicators observed"), default=0)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("identification assessment")
        verbose_name_plural = _("identification assessments")
        indexes = [models.Index(fields=["case", "-decided_at"], name="assessment_case_latest")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.result}"

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class CantonQuerySet(models.QuerySet["Canton"]):
    def cantons(self) -> "CantonQuerySet":
        """Cantons only, without the federal level."""
        return self.filter(level=Canton.Level.CANTON)

    def active(self) -> "CantonQuerySet":
        return self.filter(is_active=True)


class Canton(TenantMixin):
    """A canton with its own PostgreSQL schema, or the federal level on the public schema.

    The federal level is a row too because django-tenants routes every host through this
    model; it owns the public schema and never holds case data.
    """

    class Level(models.TextChoices):
        FEDERAL = "federal", _("Federal level")
        CANTON = "canton", _("Canton")

    code = models.CharField(_("abbreviation"), max_length=2, unique=True)
    bfs_number = models.PositiveSmallIntegerField(_("BFS number"), unique=True, null=True, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.CANTON)
    name = models.CharField(_("name"), max_length=100)
    official_languages = ArrayField(models.CharField(max_length=2), verbose_name=_("official languages"))
    default_language = models.CharField(_("default language"), max_length=2)
    is_active = models.BooleanField(_("active"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are created by the provisioning action, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    objects = CantonQuerySet.as_manager()

    class Meta:
        ordering = ["bfs_number"]
        verbose_name = _("canton")
        verbose_name_plural = _("cantons")
        constraints = [
            models.CheckConstraint(
                name="canton_federal_level_owns_public_schema",
                condition=(Q(level="federal", schema_name="public", bfs_number__isnull=True))
                | (Q(level="canton") & ~Q(schema_name="public") & Q(bfs_number__isnull=False)),
            ),
            models.CheckConstraint(
                name="canton_default_language_is_known",
                condition=Q(default_language__in=["de", "fr", "it", "en", "rm"]),
            ),
            models.CheckConstraint(
                name="canton_code_is_upper_case",
                condition=Q(code__regex=r"^[A-Z]{2}$"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_federal(self) -> bool:
        return self.level == self.Level.FEDERAL


class Domain(DomainMixin):
    """A host name that routes to a canton (or to the federal level)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Heartbeat(models.Model):
    """The last time the periodic task ran inside a canton's schema; /health/ reads it."""

    canton = models.OneToOneField(Canton, on_delete=models.CASCADE, related_name="heartbeat")
    beat_at = models.DateTimeField()
    schema_name = models.CharField(max_length=63)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.canton.code} {self.beat_at.isoformat()}"


class AuditChainCheck(models.Model):
    """The last verification of one schema's audit hash chain (ksmm/audit/checks.py), kept in
    public so that monitoring sees every schema's in one query. Names and counts only."""

    schema_name = models.CharField(max_length=63, unique=True)
    checked_at = models.DateTimeField()
    is_intact = models.BooleanField()
    # When the chain was last found intact; stays put while it is broken.
    verified_at = models.DateTimeField(null=True, blank=True)
    entries = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain check")
        verbose_name_plural = _("audit chain checks")

    def __str__(self) -> str:
        return f"{self.schema_name} {self.checked_at.isoformat()}"

"""The federal blind index of the duplicate signal across cantons (DESIGN.md 11).

One row says: canton X holds a person whose normalised name and full date of birth give this
keyed digest. Nothing else is stored in `public`: no case, no name, no date, no count. The
database refuses anything but a lower-case hex digest, so a value in clear cannot slip in.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.models import Canton

# HMAC-SHA256 in lower-case hex: the only text this table holds.
DIGEST_PATTERN = r"^[0-9a-f]{64}$"


class FederalDigest(models.Model):
    """A keyed digest of one person known in one canton, under one version of the federal key.

    Unique per (canton, key version, digest): two cases of one canton with the same person
    publish one row, so the table does not tell how many there are.
    """

    canton = models.ForeignKey(Canton, on_delete=models.CASCADE, related_name="+", verbose_name=_("canton"))
    digest = models.CharField(_("digest"), max_length=64)
    # A later rotation of the federal key publishes new digests beside the old ones.
    key_version = models.PositiveSmallIntegerField(_("key version"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("federal digest")
        verbose_name_plural = _("federal digests")
        constraints = [
            models.UniqueConstraint(fields=["key_version", "digest", "canton"], name="federal_digest_once_per_canton"),
            models.CheckConstraint(condition=Q(digest__regex=DIGEST_PATTERN), name="federal_digest_hex"),
            models.CheckConstraint(condition=Q(key_version__gte=1), name="federal_digest_key_version_known"),
        ]

    def __str__(self) -> str:
        return f"federal digest {self.pk}"

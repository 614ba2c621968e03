"""Where the rotation of the canton's data to the current key version stands (cases/rotation/)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class KeyRotation(models.Model):
    """One part of the canton's data being rewritten under the current master key version.

    One row per part, kept after the run: ops and the canton's administrators read how far it
    got (`manage.py key_rotation_status`, the admin). A run that was interrupted stays `running`
    with its last progress time; running the rotation again continues where the data stands.
    """

    class Part(models.TextChoices):
        FIELDS = "fields", _("Encrypted fields")
        BLIND_INDEX = "blind_index", _("Blind index")
        ATTACHMENTS = "attachments", _("Attachments")

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    part = models.CharField(_("part"), max_length=16, choices=Part.choices, unique=True)
    target_version = models.PositiveSmallIntegerField(_("key version"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    started_at = models.DateTimeField(_("started at"))
    progressed_at = models.DateTimeField(_("last progress at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rewritten = models.PositiveIntegerField(_("rows rewritten"), default=0)
    remaining = models.PositiveIntegerField(_("rows remaining"), default=0)

    class Meta:
        verbose_name = _("key rotation")
        verbose_name_plural = _("key rotations")
        constraints = [
            models.CheckConstraint(condition=Q(target_version__gte=1), name="key_rotation_version_known"),
            models.CheckConstraint(
                condition=Q(state="running", finished_at__isnull=True)
                | Q(state="finished", finished_at__isnull=False, remaining=0),
                name="key_rotation_finished_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part} to version {self.target_version}"

"""The compartments of a case file (DESIGN.md 3): the platform's shared vocabulary.

Every grant, consent, audit entry and API scope names one of these; the domain apps import them
from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Compartment(models.TextChoices):
    """A part of a case file that is shared as a whole or not at all."""

    CORE = "core", _("Core data")
    IDENTITY = "identity", _("Identity")
    COUNSELLING = "counselling", _("Counselling")
    INVESTIGATION = "investigation", _("Investigation")
    RESIDENCE = "residence", _("Residence")

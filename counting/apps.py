from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountingConfig(AppConfig):
    """Counts inside a canton's schema for the federal statistics; no models of its own."""

    name = "counting"
    verbose_name = _("Counting for the federal statistics")

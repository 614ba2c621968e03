from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Reflection periods and permits")

    def ready(self) -> None:
        from cases.timeline import register_timeline_source

        from .timeline import residence_entries
        from .work_sections import register as register_work_sections

        register_timeline_source(residence_entries)
        register_work_sections()

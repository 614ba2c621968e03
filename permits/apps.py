from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Reflection periods and permits")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section
        from cases.timeline import register_timeline_source

        from .timeline import residence_entries

        register_timeline_source(residence_entries)
        register_case_section(CaseSection(label=_("Residence"), url_name="permits:case", order=50))

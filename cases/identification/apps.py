from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentificationConfig(AppConfig):
    name = "cases.identification"
    label = "identification"
    verbose_name = _("Identification")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section

        from . import panels, timeline  # noqa: F401  register the case-page panel and the timeline source
        from .transfers import register as register_transfer_carrier

        register_transfer_carrier()

        register_case_section(CaseSection(label=_("Identification"), url_name="identification:case", order=35))

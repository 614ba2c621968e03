from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStepsConfig(AppConfig):
    name = "cases.steps"
    label = "casesteps"
    verbose_name = _("Steps of the mechanism")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section

        from . import panels, timeline  # noqa: F401  register the case-page panel and the timeline source
        from .transfers import register as register_transfer_carrier

        register_transfer_carrier()

        register_case_section(CaseSection(label=_("Steps"), url_name="casesteps:steps", order=40))

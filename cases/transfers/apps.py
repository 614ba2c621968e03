from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseTransfersConfig(AppConfig):
    name = "cases.transfers"
    label = "casetransfers"
    verbose_name = _("Transfers to other cantons")

    def ready(self) -> None:
        from cases.panels import CasePanel, CaseSection, register_case_panel, register_case_section

        from . import carrying  # noqa: F401  registers the case's own carriers
        from .panels import register_facts, transfer_panel

        register_facts()
        register_case_panel(CasePanel(template_name="casetransfers/_case_panel.html", context=transfer_panel))
        register_case_section(CaseSection(label=_("Transfer"), url_name="casetransfers:case", order=90))

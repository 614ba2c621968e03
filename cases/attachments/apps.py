from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseAttachmentsConfig(AppConfig):
    name = "cases.attachments"
    label = "caseattachments"
    verbose_name = _("Attachments of a case")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section

        from . import panels  # noqa: F401  register the case-page panel
        from .transfers import register as register_transfer_carrier

        register_transfer_carrier()

        register_case_section(CaseSection(label=_("Attachments"), url_name="caseattachments:list", order=45))

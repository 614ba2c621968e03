from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseAttachmentsConfig(AppConfig):
    name = "cases.attachments"
    label = "caseattachments"
    verbose_name = _("Attachments of a case")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section
        from ksmm.backups.files import register_canton_storage

        from . import panels, sealing  # noqa: F401  register the case-page panel
        from .transfers import register as register_transfer_carrier

        register_transfer_carrier()
        register_canton_storage(sealing.STORAGE)  # its files go into every canton backup

        register_case_section(CaseSection(label=_("Attachments"), url_name="caseattachments:list", order=45))

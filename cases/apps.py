from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.core import checks

        from .encryption import check_master_key
        from .timeline_sources import register

        register()
        checks.register(check_master_key, checks.Tags.security, deploy=False)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.core import checks

        from ksmm.deadlines.responsibility import register_responsible_user

        from .assignments import responsible_user_of
        from .encryption import check_master_key
        from .timeline_sources import register

        register()
        register_responsible_user(responsible_user_of)
        checks.register(check_master_key, checks.Tags.security, deploy=False)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "ksmm.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from . import auth_events

        auth_events.connect()

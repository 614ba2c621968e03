from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "ksmm.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from ksmm.audit.actions import register_write_listener

        from .actions import record_audited_writes

        register_write_listener(record_audited_writes)

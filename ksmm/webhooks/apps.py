from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "ksmm.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from ksmm.events.actions import register_event_listener

        from .delivery import queue_deliveries

        register_event_listener(queue_deliveries)

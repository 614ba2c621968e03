from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "ksmm.work"
    label = "work"
    verbose_name = _("My work")

    def ready(self) -> None:
        from .platform_sections import register

        register()

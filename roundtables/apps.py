from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundtablesConfig(AppConfig):
    name = "roundtables"
    verbose_name = _("Round tables")

    def ready(self) -> None:
        from ksmm.compartments import register_default_grants

        from .matrix import default_grants

        register_default_grants(default_grants)

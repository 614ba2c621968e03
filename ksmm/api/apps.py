from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "ksmm.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Registers the OpenAPI descriptions of the authentication classes.
        from . import schema  # noqa: F401

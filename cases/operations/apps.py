from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "cases.operations"
    label = "operations"
    verbose_name = _("Operations register")

    def ready(self) -> None:
        from . import panels  # noqa: F401  the case-page panel, the intake link and the "My work" section

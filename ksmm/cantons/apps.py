from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CantonsConfig(AppConfig):
    name = "ksmm.cantons"
    verbose_name = _("Cantons")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederalConfig(AppConfig):
    name = "ksmm.federal"
    verbose_name = _("Federal level")

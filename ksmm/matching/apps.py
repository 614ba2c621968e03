from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "ksmm.matching"
    label = "matching"
    verbose_name = _("Possible matches across cantons")

    def ready(self) -> None:
        from .keys import check_federal_key, check_federal_key_deployed

        checks.register(check_federal_key, checks.Tags.security, deploy=False)
        checks.register(check_federal_key_deployed, checks.Tags.security, deploy=True)

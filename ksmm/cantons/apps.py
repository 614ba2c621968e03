from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CantonsConfig(AppConfig):
    name = "ksmm.cantons"
    verbose_name = _("Cantons")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .hosts import bump_registry_version
        from .models import Canton, Domain

        # Signals rather than actions: the admin and `.save()` anywhere must drop cached hosts too.
        for model in (Canton, Domain):
            for signal in (post_save, post_delete):
                signal.connect(bump_registry_version, sender=model, dispatch_uid=f"ksmm_hosts_{model.__name__}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ksmm.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .session_policy import stamp_new_session

        user_logged_in.connect(stamp_new_session, dispatch_uid="ksmm_stamp_new_session")
        self._replace_stamps_on_change()

    @staticmethod
    def _replace_stamps_on_change() -> None:
        """Signals rather than actions: the admin, the shell and every `.save()` must reach the
        stamps too, or a session would keep a revoked right (`.update()` must bump by hand)."""
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from django_otp.models import Device

        from .stamps import bump_organisations, bump_user_of

        user_rows = [model for model in apps.get_models() if issubclass(model, Device)]
        user_rows += [apps.get_model("accounts", "User"), apps.get_model("memberships", "Membership")]
        for model in user_rows:
            for signal in (post_save, post_delete):
                signal.connect(bump_user_of, sender=model, dispatch_uid=f"ksmm_stamp_{model._meta.label_lower}")
        organisation = apps.get_model("partners", "Organisation")
        for signal in (post_save, post_delete):
            signal.connect(bump_organisations, sender=organisation, dispatch_uid="ksmm_stamp_organisation")

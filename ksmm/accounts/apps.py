from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ksmm.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .session_policy import stamp_new_session

        user_logged_in.connect(stamp_new_session, dispatch_uid="ksmm_stamp_new_session")

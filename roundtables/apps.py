from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_deadline_pages() -> None:
    from django.urls import reverse

    from ksmm.deadlines.links import register_deadline_action
    from ksmm.deadlines.models import Deadline, RuleKey

    def round_table_page(deadline: Deadline) -> str | None:
        return reverse("roundtables:round_table")

    for rule in (RuleKey.ANNUAL_ASSESSMENT, RuleKey.ACTION_ITEM):
        register_deadline_action(rule, label=_("Round table"), page=round_table_page)


class RoundtablesConfig(AppConfig):
    name = "roundtables"
    verbose_name = _("Round tables")

    def ready(self) -> None:
        from ksmm.compartments import register_default_grants

        from .matrix import default_grants

        register_default_grants(default_grants)
        register_deadline_pages()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseProceedingsConfig(AppConfig):
    name = "cases.proceedings"
    label = "caseproceedings"
    verbose_name = _("Criminal proceedings")

    def ready(self) -> None:
        from django.urls import reverse

        from cases.panels import CaseSection, register_case_section
        from ksmm.deadlines.links import register_deadline_action
        from ksmm.deadlines.models import Deadline, RuleKey

        from . import panels, timeline  # noqa: F401  register the case-page panel and the timeline source
        from .transfers import register as register_transfer_carrier

        register_transfer_carrier()

        def claims_page(deadline: Deadline) -> str | None:
            return reverse("caseproceedings:page", args=[deadline.case_id]) + "#claims" if deadline.case_id else None

        register_case_section(CaseSection(label=_("Criminal proceedings"), url_name="caseproceedings:page", order=45))
        register_deadline_action(RuleKey.OHG_CLAIM_WINDOW, label=_("OHG claims"), page=claims_page)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_deadline_pages() -> None:
    from django.urls import reverse

    from ksmm.deadlines.links import register_deadline_action
    from ksmm.deadlines.models import Deadline, RuleKey

    def residence_page(deadline: Deadline) -> str | None:
        return reverse("permits:case", args=[deadline.case_id]) if deadline.case_id else None

    for rule in (
        RuleKey.REFLECTION_END, RuleKey.ART36_NOTICE, RuleKey.THREE_MONTH_THRESHOLD, RuleKey.PERMIT_EXPIRY,
    ):  # fmt: skip
        register_deadline_action(rule, label=_("Residence of the case"), page=residence_page)


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Reflection periods and permits")

    def ready(self) -> None:
        from cases.panels import CaseSection, register_case_section
        from cases.steps.closing import register_closing_warning
        from cases.timeline import register_timeline_source

        from .closing import residence_warnings
        from .timeline import residence_entries
        from .transfers import register as register_transfer_carrier
        from .work_sections import register as register_work_sections

        register_timeline_source(residence_entries)
        register_work_sections()
        register_case_section(CaseSection(label=_("Residence"), url_name="permits:case", order=50))
        register_deadline_pages()
        register_closing_warning(residence_warnings)
        register_transfer_carrier()

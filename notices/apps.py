from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from ksmm.deadlines.models import Deadline


def delivery_form(deadline: "Deadline") -> str | None:
    from django.urls import reverse

    return reverse("notices:case", args=[deadline.case_id]) + "#delivery-form" if deadline.case_id else None


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Victims' rights notices")

    def ready(self) -> None:
        from cases.actions import on_case_opened
        from cases.panels import CaseSection, register_case_section
        from cases.timeline import register_timeline_source
        from ksmm.deadlines.links import register_deadline_action
        from ksmm.deadlines.models import RuleKey

        from .actions import do_expect_notice_delivery
        from .timeline import delivery_entries
        from .transfers import register as register_transfer_carrier
        from .work_sections import register as register_work_sections

        register_timeline_source(delivery_entries)
        on_case_opened(do_expect_notice_delivery)
        register_transfer_carrier()
        register_work_sections()
        register_case_section(CaseSection(label=_("Notices delivered"), url_name="notices:case", order=60))
        register_deadline_action(RuleKey.NOTICE_DELIVERY, label=_("Record the delivery"), page=delivery_form)

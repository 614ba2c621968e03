from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Victims' rights notices")

    def ready(self) -> None:
        from cases.actions import on_case_opened
        from cases.panels import CaseSection, register_case_section
        from cases.timeline import register_timeline_source

        from .actions import do_expect_notice_delivery
        from .timeline import delivery_entries

        register_timeline_source(delivery_entries)
        on_case_opened(do_expect_notice_delivery)
        register_case_section(CaseSection(label=_("Notices delivered"), url_name="notices:case", order=60))

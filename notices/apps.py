from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Victims' rights notices")

    def ready(self) -> None:
        from cases.actions import on_case_opened
        from cases.timeline import register_timeline_source

        from .actions import do_expect_notice_delivery
        from .timeline import delivery_entries
        from .work_sections import register as register_work_sections

        register_timeline_source(delivery_entries)
        on_case_opened(do_expect_notice_delivery)
        register_work_sections()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.core import checks

        from ksmm.compartments import Compartment
        from ksmm.deadlines.responsibility import register_responsible_user

        from .assignments import responsible_user_of
        from .encryption import check_master_key
        from .panels import CasePanel, register_case_panel
        from .timeline_sources import register
        from .views.assignment import assignment_panel
        from .work_sections import register as register_work_sections

        register()
        register_responsible_user(responsible_user_of)
        register_work_sections()
        register_case_panel(
            CasePanel(
                template_name="cases/_assignment_panel.html", compartment=Compartment.CORE, context=assignment_panel
            )
        )
        checks.register(check_master_key, checks.Tags.security, deploy=False)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_sections() -> None:
    from ksmm.compartments import Compartment

    from .panels import CaseSection, register_case_section

    for section in (
        CaseSection(label=_("Identity"), url_name="cases:identity", compartment=Compartment.IDENTITY, order=10),
        CaseSection(
            label=_("Counselling"), url_name="cases:counselling", compartment=Compartment.COUNSELLING, order=20
        ),
        CaseSection(label=_("Consents"), url_name="cases:consents", compartment=Compartment.COUNSELLING, order=25),
        CaseSection(
            label=_("Investigation"), url_name="cases:investigation", compartment=Compartment.INVESTIGATION, order=30
        ),
        CaseSection(label=_("Who sees what"), url_name="cases:grants", order=80),
    ):
        register_case_section(section)


def register_deadline_pages() -> None:
    from django.urls import reverse

    from ksmm.deadlines.links import register_case_page, register_deadline_action
    from ksmm.deadlines.models import Deadline, RuleKey

    def case_page(case_id: int) -> str:
        return reverse("cases:detail", args=[case_id])

    def steps_page(deadline: Deadline) -> str | None:
        return reverse("casesteps:steps", args=[deadline.case_id]) if deadline.case_id else None

    register_case_page(case_page)
    register_deadline_action(RuleKey.RETENTION, label=_("Steps of the case"), page=steps_page)


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.core import checks

        from ksmm.audit.objects import register_object_describer
        from ksmm.compartments import Compartment
        from ksmm.deadlines.responsibility import register_responsible_user
        from ksmm.matching.actions import register_signal_listener

        from .assignments import responsible_user_of
        from .audit_objects import describe_case_objects
        from .encryption import check_master_key
        from .matching import refresh_signals
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
        register_sections()
        register_object_describer(describe_case_objects)
        register_signal_listener(refresh_signals)
        register_deadline_pages()
        checks.register(check_master_key, checks.Tags.security, deploy=False)

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


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from django.core import checks

        from ksmm.audit.objects import register_object_describer

        from .audit_objects import describe_case_objects
        from .encryption import check_master_key
        from .timeline_sources import register

        register()
        register_sections()
        register_object_describer(describe_case_objects)
        checks.register(check_master_key, checks.Tags.security, deploy=False)

"""The kinds of step and who sees what of them: the policy applied to each kind.

A reader sees a step in full when the policy lets it read the step's compartment (for
counselling: the part a consent must cover); readers of the core see the `CORE_FIELDS` summary
of a step that has one (safety level and review date, return status); nobody else sees it.

A kind may name a sub-grant of the agreement's matrix (`detail_grant`): a reader of the summary
who holds it also sees `detail_fields` of the steps an organisation of `detail_sources` recorded
(victim aid: the threats and protective measures of the police's and the prosecution's safety
assessments).
"""

from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CounsellingPart
from ksmm.compartments import Compartment, SubGrant
from ksmm.partners.models import Organisation

from . import forms
from .models import (
    Accommodation,
    BestInterestsAssessment,
    Closure,
    Interview,
    KesbReferral,
    Operation,
    Proceeding,
    ReturnAssistance,
    SafetyAssessment,
    Step,
)

# The authorities whose safety assessments the safety-details sub-grant opens.
AUTHORITIES = frozenset(
    {Organisation.Type.CANTONAL_POLICE, Organisation.Type.CITY_POLICE, Organisation.Type.PUBLIC_PROSECUTOR}
)


class Visibility(Enum):
    NONE = 0
    SUMMARY = 1
    FULL = 2


@dataclass(frozen=True, kw_only=True)
class StepKind:
    key: str
    model: type[Step]
    form: type[forms.StepForm]
    title: Promise
    add_label: Promise
    help: Promise
    panel_fields: tuple[str, ...]  # the headline of the latest step on the case page
    counselling_part: str = ""
    minors_only: bool = False
    editable: bool = True
    detail_grant: str = ""
    detail_fields: tuple[str, ...] = ()
    detail_sources: frozenset[str] = frozenset()

    @property
    def compartment(self) -> str:
        return self.model.COMPARTMENT

    @property
    def compartment_label(self) -> str:
        return str(Compartment(self.compartment).label)

    @property
    def core_fields(self) -> tuple[str, ...]:
        return self.model.CORE_FIELDS

    def applies_to(self, case: Case) -> bool:
        return case.is_minor or not self.minors_only

    def shows_details(self, step: Step, *, visibility: Visibility, sub_grants: frozenset[str]) -> bool:
        """Whether a reader of the summary sees `detail_fields` of `step` through the sub-grant."""
        return (
            visibility == Visibility.SUMMARY
            and bool(self.detail_grant)
            and self.detail_grant in sub_grants
            and str(step.recorded_by_organisation.type) in self.detail_sources
        )

    def visibility(self, *, readable: frozenset[str], parts: frozenset[str]) -> Visibility:
        if self.compartment in readable and (
            self.compartment != Compartment.COUNSELLING or self.counselling_part in parts
        ):
            return Visibility.FULL
        if self.core_fields and Compartment.CORE in readable:
            return Visibility.SUMMARY
        return Visibility.NONE


KINDS: tuple[StepKind, ...] = (
    StepKind(
        key="operations",
        panel_fields=("planned_for", "announced"),
        model=Operation,
        form=forms.OperationForm,
        title=_("Operations"),
        add_label=_("Record an operation"),
        help=_("Announce a check on the spot to the victim-aid service in advance, or record why not."),
    ),
    StepKind(
        key="accommodation",
        panel_fields=("kind", "starts_on"),
        model=Accommodation,
        form=forms.AccommodationForm,
        title=_("Accommodation and welfare"),
        add_label=_("Record accommodation"),
        help=_("Where the person stays and which help they receive. The address stays with the victim-aid service."),
        counselling_part=CounsellingPart.ACCOMMODATION,
    ),
    StepKind(
        key="interviews",
        panel_fields=("held_on", "kind"),
        model=Interview,
        form=forms.InterviewForm,
        title=_("Interviews"),
        add_label=_("Record an interview"),
        help=_("Every hearing with the protections of the StPO. For children: at most two hearings, on video."),
    ),
    StepKind(
        key="safety",
        panel_fields=("risk_level", "review_on"),
        model=SafetyAssessment,
        form=forms.SafetyAssessmentForm,
        title=_("Safety assessments"),
        add_label=_("Record a safety assessment"),
        help=_(
            "The risk level and the review date are shown to every party. Threats and measures are investigation"
            " data; the agreement can share those of the police and the prosecution with victim aid."
        ),
        detail_grant=SubGrant.SAFETY_DETAILS,
        detail_fields=("threats", "measures"),
        detail_sources=AUTHORITIES,
    ),
    StepKind(
        key="proceedings",
        panel_fields=("offence", "non_punishment"),
        model=Proceeding,
        form=forms.ProceedingForm,
        title=_("Proceedings against the victim"),
        add_label=_("Record a proceeding"),
        help=_("Proceedings against the person (e.g. illegal stay) and whether they are not to be punished."),
    ),
    StepKind(
        key="return",
        panel_fields=("status", "departure_on"),
        model=ReturnAssistance,
        form=forms.ReturnAssistanceForm,
        title=_("Return assistance"),
        add_label=_("Record return assistance"),
        help=_("Referral to IOM and the risk on return; every party sees the status and the departure date."),
        counselling_part=CounsellingPart.NOTES,
    ),
    StepKind(
        key="kesb",
        panel_fields=("referred_on", "guardian_appointed"),
        model=KesbReferral,
        form=forms.KesbReferralForm,
        title=_("KESB referral"),
        add_label=_("Record the KESB referral"),
        help=_("A minor is referred to the child protection authority for a guardian or legal representative."),
        minors_only=True,
    ),
    StepKind(
        key="best-interests",
        panel_fields=("assessed_on",),
        model=BestInterestsAssessment,
        form=forms.BestInterestsAssessmentForm,
        title=_("Best-interests assessment"),
        add_label=_("Record a best-interests assessment"),
        help=_("What serves the child's best interests, assessed by the victim-aid service."),
        counselling_part=CounsellingPart.NOTES,
        minors_only=True,
    ),
    StepKind(
        key="closure",
        panel_fields=("closed_on", "reason"),
        model=Closure,
        form=forms.ClosureForm,
        title=_("Closure"),
        add_label=_("Close the case"),
        help=_("Closing sets the case's status and closing date for every party."),
        editable=False,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
KIND_OF_MODEL = {kind.model: kind for kind in KINDS}

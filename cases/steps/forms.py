"""Forms of the steps: they parse input only; the rules live in actions.check_save_step."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.operations.models import PlannedOperation
from ksmm.partners.models import Organisation
from ksmm.widgets import DATETIME_INPUT_FORMATS, DateInput, DateTimeInput

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
)

DATE = DateInput()
DATETIME = DateTimeInput()
TEXT = forms.Textarea(attrs={"rows": 3})


class StepForm(forms.ModelForm):  # type: ignore[type-arg]
    """Common to every step form: the case it belongs to, dates typed the Swiss way."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self._meta.model._meta.model_name)
        super().__init__(*args, **kwargs)
        self.case = case
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.widget = DATETIME
                field.input_formats = DATETIME_INPUT_FORMATS
            elif isinstance(field, forms.DateField):
                field.widget = DATE
            elif isinstance(field.widget, forms.Textarea):
                field.widget = TEXT


class OperationForm(StepForm):
    class Meta:
        model = Operation
        fields = [
            "planned_for",
            "place",
            "announced",
            "announced_to",
            "announced_at",
            "not_announced_reason",
            "outcome",
            "register_entry",
        ]
        help_texts = {
            "not_announced_reason": _("Only when the check is not announced: why an announcement would have "
                                      "compromised the prosecution."),
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["announced_to"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type__in=[Organisation.Type.VICTIM_AID, Organisation.Type.NGO]
        )
        # Police and prosecution write this step and see the whole register.
        self.fields["register_entry"].queryset = PlannedOperation.objects.exclude(  # type: ignore[attr-defined]
            status=PlannedOperation.Status.CANCELLED
        ).order_by("-starts_at")


class AccommodationForm(StepForm):
    class Meta:
        model = Accommodation
        fields = [
            "kind", "address", "starts_on", "ends_on",
            "medical_help", "psychosocial_help", "legal_help", "material_help", "note",
        ]  # fmt: skip


class InterviewForm(StepForm):
    class Meta:
        model = Interview
        fields = [
            "held_on", "kind", "interpreter_language", "person_of_trust_offered", "confrontation_avoided",
            "sexual_offence", "same_sex_interviewer", "same_sex_interpreter", "video_recorded",
            "specialist_present", "deviation_reason", "note",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("sexual_offence", getattr(self.case, "exploitation_type", "") == "sexual")


class SafetyAssessmentForm(StepForm):
    class Meta:
        model = SafetyAssessment
        fields = ["assessed_on", "risk_level", "review_on", "threats", "measures"]


class ProceedingForm(StepForm):
    class Meta:
        model = Proceeding
        fields = ["offence", "authority", "reference", "status", "non_punishment", "assessment_note"]


class ReturnAssistanceForm(StepForm):
    class Meta:
        model = ReturnAssistance
        fields = [
            "status", "departure_on", "iom_referred_on", "destination_country", "risk_level", "risk_assessment",
            "reintegration_note",
        ]  # fmt: skip


class KesbReferralForm(StepForm):
    class Meta:
        model = KesbReferral
        fields = ["referred_on", "kesb", "guardian_appointed"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kesb"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type=Organisation.Type.KESB
        )


class BestInterestsAssessmentForm(StepForm):
    class Meta:
        model = BestInterestsAssessment
        fields = ["assessed_on", "assessment"]


class ClosureForm(StepForm):
    class Meta:
        model = Closure
        fields = ["closed_on", "reason", "note", "override_reason"]

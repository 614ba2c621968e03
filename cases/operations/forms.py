"""Forms of the register: they parse input only; the rules live in actions.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation
from ksmm.widgets import DATETIME_INPUT_FORMATS, DateInput, DateTimeInput

from .actions import aid_organisations
from .models import Announcement, PlannedOperation

TEXT = forms.Textarea(attrs={"rows": 3})


class OperationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PlannedOperation
        fields = [
            "starts_at", "ends_at", "municipality", "sector", "expected_victims", "expected_languages",
            "contact_name", "contact_phone", "target", "address", "tactical_notes",
        ]  # fmt: skip
        help_texts = {
            "target": _("Police only: never shown to victim aid."),
            "address": _("Police only: never shown to victim aid."),
            "tactical_notes": _("Police only: never shown to victim aid."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            field = self.fields[name]
            field.widget = DateTimeInput()
            field.input_formats = DATETIME_INPUT_FORMATS  # type: ignore[attr-defined]
        for name in ("target", "tactical_notes"):
            self.fields[name].widget = TEXT
        self.fields["address"].widget = forms.TextInput()


class AnnounceForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Victim-aid organisations to tell"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The counselling centre, and the specialised NGO where the co-operation agreement says so."),
    )

    def __init__(self, *args: Any, already_told: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        field.queryset = aid_organisations().exclude(pk__in=already_told)  # type: ignore[attr-defined]
        if not already_told:
            field.initial = [
                organisation.pk
                for organisation in field.queryset  # type: ignore[attr-defined]
                if organisation.type == Organisation.Type.VICTIM_AID
            ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Our answer"), choices=Announcement.Answer.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note to the police"),
        max_length=300,
        required=False,
        help_text=_("E.g. how many counsellors, from when. No names of victims."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), required=False, widget=TEXT, help_text=_("Police only."))


class CarriedOutForm(forms.Form):
    carried_out_on = forms.DateField(label=_("Carried out on"), widget=DateInput())
    not_announced_reason = forms.CharField(
        label=_("Why it was not announced"),
        required=False,
        widget=TEXT,
        help_text=_("Only for an operation not announced to victim aid: why an announcement would have "
                    "compromised the prosecution. Police only."),
    )  # fmt: skip

"""Forms of the transfer pages: they parse input; the rules live in cases/transfers/actions.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CounsellingPart
from ksmm.compartments import Compartment
from ksmm.transfers.directory import DirectoryName
from ksmm.widgets import DateInput


class TransferRequestForm(forms.Form):
    recipient = forms.ChoiceField(
        label=_("Receiving organisation"),
        help_text=_("From the directory of the other canton's round table."),
    )
    reason = forms.CharField(label=_("Reason for the transfer"), widget=forms.Textarea(attrs={"rows": 3}))
    compartments = forms.MultipleChoiceField(
        label=_("What else goes with the core data"),
        choices=[c for c in Compartment.choices if c[0] not in (Compartment.CORE, Compartment.COUNSELLING)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    counselling_parts = forms.MultipleChoiceField(
        label=_("Counselling data the person consented to send"),
        choices=CounsellingPart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only with the person's consent to this recipient (Art. 11 OHG)."),
    )
    consent_given_on = forms.DateField(label=_("Consent given on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, directory: dict[str, list[DirectoryName]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ChoiceField)  # noqa: S101 - declared above
        recipient.choices = [("", "---------")] + [
            (canton, [(f"{canton}:{entry.organisation_id}", entry.name) for entry in entries])
            for canton, entries in directory.items()
            if entries
        ]

    def clean_recipient(self) -> tuple[str, int]:
        canton, _separator, organisation_id = str(self.cleaned_data["recipient"]).partition(":")
        return canton, int(organisation_id)


class TransferDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3}))

"""Forms of attachments: they parse input only; the rules live in actions.check_upload."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import CounsellingPart
from ksmm.compartments import Compartment

from .rules import kinds_for

ACCEPT = ".pdf,.jpg,.jpeg,.png,.odt,.docx,application/pdf,image/jpeg,image/png"


class UploadForm(forms.Form):
    """Kind, title and file of an upload into one compartment (prefixed by it: one form per
    compartment on a page)."""

    kind = forms.ChoiceField(label=_("Kind of document"))
    counselling_part = forms.ChoiceField(
        label=_("Part of the counselling"),
        choices=CounsellingPart.choices,
        help_text=_("A consent to share counselling data opens parts: the attachment follows its part."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("What the document is, e.g. “Consent to share with the police, signed”."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, ODT or DOCX, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, compartment: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", compartment)
        super().__init__(*args, **kwargs)
        self.compartment = compartment
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - declared above
        kind.choices = kinds_for(compartment)
        if compartment != Compartment.COUNSELLING:
            del self.fields["counselling_part"]


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"),
        max_length=160,
        help_text=_("Recorded in the audit trail, e.g. “uploaded to the wrong case”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

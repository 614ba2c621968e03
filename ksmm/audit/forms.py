from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ksmm.widgets import DateInput

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """The viewer's filters; every field is optional. People and API clients are chosen by name."""

    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditEntry.Action.choices])
    compartment = forms.ChoiceField(
        label=_("Compartment"), required=False, choices=[("", _("All")), *AuditEntry.Compartment.choices]
    )
    actor = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    client = forms.TypedChoiceField(label=_("API client"), required=False, coerce=int, empty_value=None)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100, widget=forms.HiddenInput)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], clients: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("All")), *people]  # type: ignore[attr-defined]
        self.fields["client"].choices = [("", _("All")), *clients]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

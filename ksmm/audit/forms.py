from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ksmm.widgets import DateInput

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """The viewer's filters; every field is optional."""

    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditEntry.Action.choices])
    compartment = forms.ChoiceField(
        label=_("Compartment"), required=False, choices=[("", _("All")), *AuditEntry.Compartment.choices]
    )
    actor = forms.IntegerField(label=_("Actor id"), required=False, min_value=1)
    client = forms.IntegerField(label=_("API client id"), required=False, min_value=1)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

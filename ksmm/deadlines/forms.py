from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.widgets import DateInput

from .models import Rule, SourceKind


class RuleVersionForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    months = forms.IntegerField(label=_("Months after the event"), min_value=0, max_value=600)
    days = forms.IntegerField(
        label=_("Days after the event"),
        min_value=-365,
        max_value=3650,
        help_text=_("Negative: days before the event."),
    )
    reminder_days = forms.CharField(
        label=_("Reminders, days before the due date"),
        required=False,
        help_text=_("Separated by commas, for instance 7, 3, 1."),
    )
    escalate_when_overdue = forms.BooleanField(label=_("Escalate to the coordinators when overdue"), required=False)
    source_kind = forms.ChoiceField(
        label=_("Kind of source"),
        choices=SourceKind.choices,
        help_text=_("A convention of the round table or a canton practice is not law: do not label it law in force."),
    )
    source_reference = forms.CharField(
        label=_("Source"), max_length=200, help_text=_("The article or text, for instance Art. 35 para. 1 VZAE.")
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)

    @classmethod
    def initial_from(cls, rule: Rule | None) -> dict[str, Any]:
        if rule is None:
            return {"months": 0, "days": 0, "escalate_when_overdue": True}
        return {
            "months": rule.months,
            "days": rule.days,
            "reminder_days": ", ".join(str(day) for day in rule.reminder_days),
            "escalate_when_overdue": rule.escalate_when_overdue,
            "source_kind": rule.source_kind,
            "source_reference": rule.source_reference,
        }

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("reminder_days") or ""
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(part.isdigit() and int(part) <= 365 for part in parts):
            raise forms.ValidationError(_("Enter whole numbers of days from 0 to 365, separated by commas."))
        return [int(part) for part in parts]

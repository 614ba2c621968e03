"""Forms of closing and withdrawing: input only; the rules live in closing.py."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ksmm.deadlines.models import Deadline
from ksmm.partners.models import Organisation
from ksmm.widgets import DateInput

from .closing import ANSWER_DAYS_DEFAULT, CANCEL
from .models import Closure

TEXT = forms.Textarea(attrs={"rows": 3})


class ProposeClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Closure.Reason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)
    answer_days = forms.IntegerField(
        label=_("Days for the answers"), initial=ANSWER_DAYS_DEFAULT, help_text=_("Between 3 and 30 days.")
    )


class AnswerProposalForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("yes", _("We agree to close the case")), ("no", _("We object"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Reason"), required=False, widget=TEXT, help_text=_("Needed for an objection."))


class _DeadlineChoices(forms.Form):
    """One choice per open deadline: cancel it, or hand it over to an organisation."""

    def __init__(
        self, *args: Any, deadlines: list[Deadline], organisations: list[Organisation], default: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.default = default
        self.organisations = {str(org.pk): org for org in organisations}
        choices = [(CANCEL, _("Cancel it"))] + [
            (str(org.pk), _("Hand it over to %(organisation)s") % {"organisation": org}) for org in organisations
        ]
        for deadline in deadlines:
            self.fields[f"deadline_{deadline.pk}"] = forms.ChoiceField(
                label=_deadline_label(deadline), choices=choices, initial=default, required=False
            )

    def hand_overs(self) -> dict[int, Organisation | None]:
        """Per deadline: the organisation it goes to, None to cancel it; unanswered: the default."""
        return {
            deadline.pk: self.organisations.get(self.cleaned_data.get(f"deadline_{deadline.pk}") or self.default)
            for deadline in self.deadlines
        }


def _deadline_label(deadline: Deadline) -> str:
    """The deadline as the closing page names it: on the case's own page, without its number."""
    return _("%(deadline)s, due on %(date)s (%(organisation)s)") % {
        "deadline": deadline.get_rule_key_display(),
        "date": date_format(deadline.due_on, "SHORT_DATE_FORMAT"),
        "organisation": deadline.responsible_organisation,
    }


class CloseCaseForm(_DeadlineChoices):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=Closure.Reason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)
    override_reason = forms.CharField(
        label=_("Why you close without the parties' agreement"),
        required=False,
        widget=TEXT,
        help_text=_("Needed unless every other party agreed or the answer period passed without objection."),
    )
    confirm = forms.BooleanField(label=_("I have read the warnings above and close the case."))

    def __init__(self, *args: Any, settled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if settled:  # every other party agreed: nothing to override
            del self.fields["override_reason"]
        # The settlement of each deadline, then the confirmation last, above the button.
        self.order_fields(["closed_on", "reason", "note", "override_reason"])
        self.fields["confirm"] = self.fields.pop("confirm")


class WithdrawForm(_DeadlineChoices):
    reason = forms.CharField(label=_("Why your organisation withdraws"), widget=TEXT)
    successor = forms.ModelChoiceField(
        label=_("Lead organisation after you"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only when your organisation leads the case."),
    )

    field_order = ["reason", "successor"]

    def __init__(self, *args: Any, successors: list[Organisation], leading: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Organisation.objects.filter(pk__in=[org.pk for org in successors])  # type: ignore[attr-defined]
        if not leading:
            del self.fields["successor"]

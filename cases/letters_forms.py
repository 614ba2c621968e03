"""Forms of the letter path: they parse input; the rules live in cases/letters.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment
from ksmm.widgets import DateInput

from .models import Referral, ReferralDispatch


class DispatchForm(forms.Form):
    method = forms.ChoiceField(label=_("How it went out"), choices=ReferralDispatch.Method.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example the e-mail address or who took it; needed for another way."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Referral.Status.ACCEPTED, _("Takes the case on")),
            (Referral.Status.DECLINED, _("Declines")),
            (Referral.Status.DONE, _("Has done its part")),
        ],
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason for declining"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LetterReferralForm(forms.Form):
    """A referral to a recipient already chosen (the KESB of the step): what to share, and why."""

    compartments = forms.MultipleChoiceField(
        label=_("Share"),
        choices=[choice for choice in Compartment.choices if choice[0] != Compartment.CORE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The core data are always shared; the rest only within the agreement's matrix."),
    )
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

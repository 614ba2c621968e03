from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.events.models import HAND_OFF_KINDS

from .addresses import RefusedEndpoint, check_endpoint


class SubscriptionForm(forms.Form):
    url = forms.URLField(
        label=_("Endpoint URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https address reachable from the internet."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(kind.value, kind.label) for kind in HAND_OFF_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For this list only; never sent to the endpoint. No personal data."),
    )

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        try:
            check_endpoint(url)
        except RefusedEndpoint as error:
            raise forms.ValidationError(str(error)) from None
        return url

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    error_messages = {
        # The same message whether the address is unknown, the password wrong or the person has
        # no place in this canton: the answer must not tell which.
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("The e-mail address or the password is not correct."),
    }


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "text"}),
        help_text=_("The six digits from your authenticator app, or one of your backup codes."),
    )


class EnrolmentForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

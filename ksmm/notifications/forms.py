from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User


class InboxEmailForm(forms.Form):
    """The person's choice: an e-mail for each new inbox item at once, or one a day."""

    inbox_email = forms.ChoiceField(
        label=_("E-mail about your inbox"), choices=User.InboxEmail.choices, widget=forms.RadioSelect
    )

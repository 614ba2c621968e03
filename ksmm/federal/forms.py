from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import FederalRole

INVITATION_LANGUAGES = [("de", "Deutsch"), ("fr", "Français"), ("it", "Italiano"), ("en", "English")]


class FederalInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=FederalRole.choices, initial=FederalRole.ANALYST)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=INVITATION_LANGUAGES,
        help_text=_("The e-mail and the platform appear in this language."),
    )  # fmt: skip


class OnboardingForm(forms.Form):
    code = forms.CharField(label=_("Canton (abbreviation)"), max_length=2, min_length=2)
    admin_email = forms.EmailField(label=_("E-mail address of the canton administrator"))
    admin_name = forms.CharField(label=_("Full name of the canton administrator"), max_length=150)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=INVITATION_LANGUAGES)

"""Forms of the case pages: they parse input; rules live in the actions."""

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation
from ksmm.widgets import DateInput

from .identity import IdentityData, InvalidBirthDate, birth_date_from_input
from .models import Case, Consent, CounsellingPart, PersonIdentifier, Sex
from .visibility import EXCEPTION_RULES, recipient_types

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def clean_birth_date(value: str) -> str:
    """The stored form of a date of birth typed the Swiss way or in ISO 8601 (partial dates kept)."""
    value = value.strip()
    if value:
        try:
            return birth_date_from_input(value)
        except InvalidBirthDate as error:
            raise forms.ValidationError(str(error)) from error
    return value


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Case number or pseudonym"), required=False, max_length=80)
    # POSTed only (cases/searches.py); the browser keeps no list of names typed here.
    name = forms.CharField(
        label=_("Name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    birth = forms.CharField(
        label=_("Date of birth"),
        required=False,
        max_length=10,
        help_text=_("1990, 04.1990 or 17.04.1990"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Case.Status.choices])

    def clean_birth(self) -> str:
        return clean_birth_date(self.cleaned_data["birth"])


class IntakeForm(forms.Form):
    pseudonym = forms.CharField(label=_("Pseudonym"), max_length=80)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    source = forms.ChoiceField(label=_("Source"), choices=Case.Source.choices)
    exploitation_type = forms.ChoiceField(label=_("Form of exploitation"), choices=Case.ExploitationType.choices)
    exploitation_subtypes = forms.MultipleChoiceField(
        label=_("Details of the exploitation"),
        choices=Case.ExploitationSubtype.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place_of_exploitation = forms.ChoiceField(
        label=_("Place of exploitation"),
        choices=Case.Place.choices,
        help_text=_("Decides whether victim aid under the OHG is available."),
    )
    official_name = forms.CharField(label=_("Official name"), required=False, max_length=100)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    date_of_birth = forms.CharField(
        label=_("Date of birth"), required=False, max_length=10, help_text=_("1990, 04.1990 or 17.04.1990")
    )
    age_in_doubt = forms.BooleanField(label=_("Age uncertain, possibly under 18"), required=False)

    def __init__(self, *args: Any, extra_fields: dict[str, forms.Field] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()
        self.link_names = list(extra_fields or {})
        self.fields.update(extra_fields or {})

    def links(self) -> dict[str, Any]:
        """The values of the fields offered by apps above cases (intake.register_intake_link)."""
        return {name: self.cleaned_data.get(name) for name in self.link_names}

    def clean_date_of_birth(self) -> str:
        return clean_birth_date(self.cleaned_data["date_of_birth"])

    def clean_opened_on(self) -> Any:
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise forms.ValidationError(_("A case cannot be opened in the future."))
        return opened_on

    def identity_data(self) -> IdentityData | None:
        data = self.cleaned_data
        if not any(data[name] for name in ("official_name", "first_name", "date_of_birth", "age_in_doubt")):
            return None
        return IdentityData(
            official_name=data["official_name"],
            first_name=data["first_name"],
            date_of_birth=data["date_of_birth"],
            age_in_doubt=data["age_in_doubt"],
        )


class IdentityForm(forms.Form):
    official_name = forms.CharField(label=_("Official name"), required=False, max_length=100)
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    aliases = forms.CharField(
        label=_("Aliases"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One name per line.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    date_of_birth = forms.CharField(
        label=_("Date of birth"), required=False, max_length=10, help_text=_("1990, 04.1990 or 17.04.1990")
    )
    age_in_doubt = forms.BooleanField(label=_("Age uncertain, possibly under 18"), required=False)
    nationality = forms.CharField(
        label=_("Nationality"), required=False, max_length=2, help_text=_("ISO country code, e.g. RO, NG, TH")
    )
    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=100, help_text=_("ISO language codes, e.g. ro, en")
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_notes = forms.CharField(
        label=_("Interpreter needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category, label in PersonIdentifier.Category.choices:
            self.fields[f"id_{category}"] = forms.CharField(label=label, required=False, max_length=60)

    def clean_date_of_birth(self) -> str:
        return clean_birth_date(self.cleaned_data["date_of_birth"])

    def clean_nationality(self) -> str:
        value = str(self.cleaned_data["nationality"]).strip().upper()
        if value and not _COUNTRY_CODE.match(value):
            raise forms.ValidationError(_("Enter a two-letter ISO country code."))
        return value

    def clean_languages(self) -> list[str]:
        codes = [code.strip().lower() for code in re.split(r"[,\s]+", self.cleaned_data["languages"]) if code.strip()]
        wrong = [code for code in codes if not _LANGUAGE_CODE.match(code)]
        if wrong:
            raise forms.ValidationError(_("Enter ISO language codes separated by commas."))
        return list(dict.fromkeys(codes))

    def identity_data(self) -> IdentityData:
        data = self.cleaned_data
        return IdentityData(
            official_name=data["official_name"].strip(),
            first_name=data["first_name"].strip(),
            aliases=data["aliases"].strip(),
            sex=data["sex"],
            date_of_birth=data["date_of_birth"],
            age_in_doubt=data["age_in_doubt"],
            nationality=data["nationality"],
            languages=data["languages"],
            interpreter_needed=data["interpreter_needed"],
            interpreter_notes=data["interpreter_notes"].strip(),
            identifiers=[(category, data[f"id_{category}"].strip()) for category in PersonIdentifier.Category.values],
        )

    @classmethod
    def initial_from(cls, identity: Any) -> dict[str, Any]:
        if identity is None:
            return {}
        initial = {
            name: getattr(identity, name)
            for name in (
                "official_name", "first_name", "aliases", "sex", "date_of_birth", "age_in_doubt", "nationality",
                "interpreter_needed", "interpreter_notes",
            )
        }  # fmt: skip
        initial["date_of_birth"] = identity.date_of_birth_swiss
        initial["languages"] = ", ".join(identity.languages)
        for identifier in identity.identifiers.all():
            initial[f"id_{identifier.category}"] = identifier.value
        return initial


class CounsellingEntryForm(forms.Form):
    part = forms.ChoiceField(label=_("Kind"), choices=CounsellingPart.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    confidential_address = forms.CharField(
        label=_("Confidential address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for accommodation; never printed or exported."),
    )


class EvidenceNoteForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class ConsentForm(forms.Form):
    """A disclosure with the person's consent."""

    basis = Consent.Basis.CONSENT
    recipient = forms.ModelChoiceField(label=_("Recipient"), queryset=Organisation.objects.none())
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    scope = forms.MultipleChoiceField(
        label=_("Scope"), choices=CounsellingPart.choices, widget=forms.CheckboxSelectMultiple
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        field.queryset = recipients  # type: ignore[attr-defined]
        # Organisations nobody can answer for (`has_users` annotated false) are reached by letter.
        field.label_from_instance = lambda organisation: (  # type: ignore[attr-defined]
            str(organisation)
            if getattr(organisation, "has_users", True)
            else _("%(organisation)s (no users: by letter)") % {"organisation": organisation}
        )
        self.fields["given_on"].initial = timezone.localdate()

    def action_arguments(self) -> dict[str, Any]:
        return {"basis": self.basis, **self.cleaned_data}


class MinorAtRiskForm(ConsentForm):
    """A disclosure without consent under Art. 11(3) OHG: it offers only the recipients and the
    parts one of its purposes allows (cases/visibility.py); the action checks the pair."""

    basis = Consent.Basis.MINOR_AT_RISK
    field_order = ["exception_purpose", "recipient", "purpose", "scope", "given_on", "justification"]
    exception_purpose = forms.ChoiceField(
        label=_("Purpose of the exception"), choices=Consent.ExceptionPurpose.choices, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the minor's physical, psychological or sexual integrity is seriously at risk."),
    )

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, recipients=recipients.filter(type__in=sorted(recipient_types())), **kwargs)
        allowed = frozenset().union(*(rule.parts for rule in EXCEPTION_RULES.values()))
        scope: Any = self.fields["scope"]
        scope.choices = [choice for choice in CounsellingPart.choices if choice[0] in allowed]
        scope.help_text = _("The accommodation address never leaves the victim-aid service under the exception.")
        self.fields["given_on"].label = _("Decided on")


class ReferralForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Organisations marked “by letter” have nobody on the platform who could answer. The referral to "
            "them goes out as a letter that you print and send; you then record their answer yourself."
        ),
    )
    compartments = forms.MultipleChoiceField(
        label=_("Share"),
        choices=[choice for choice in Compartment.choices if choice[0] != Compartment.CORE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The core data are always shared; the rest only within the agreement's matrix."),
    )
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipient"]
        field.queryset = recipients  # type: ignore[attr-defined]
        # Organisations nobody can answer for (`has_users` annotated false) are reached by letter.
        field.label_from_instance = lambda organisation: (  # type: ignore[attr-defined]
            str(organisation)
            if getattr(organisation, "has_users", True)
            else _("%(organisation)s (no users: by letter)") % {"organisation": organisation}
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class GrantChangeForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    compartment = forms.ChoiceField(
        label=_("Compartment"), choices=[choice for choice in Compartment.choices if choice[0] != Compartment.CORE]
    )
    granted = forms.TypedChoiceField(
        label=_("Change"),
        choices=[("1", _("Grant access")), ("0", _("Withdraw access"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = parties  # type: ignore[attr-defined]

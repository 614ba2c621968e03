from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .entries import CANTON_CODES, Language, Level, is_valid_country, is_valid_postal_code
from .models import ContactPerson, Organisation


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *Organisation.Type.choices])
    group = forms.ChoiceField(
        label=_("Round-table group"), required=False, choices=[("", _("All")), *Organisation.Group.choices]
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All")), *Level.choices])
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("All")), *Language.choices])


# ModelForm is generic only in django-stubs; without django_stubs_ext it cannot be subscripted.
class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    cantons_served = forms.MultipleChoiceField(
        label=_("Cantons served"), required=False, choices=[(code, code) for code in CANTON_CODES],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    group = forms.ChoiceField(
        label=_("Round-table group"), required=False,
        choices=[("", _("As the type suggests")), *Organisation.Group.choices],
        help_text=_("Empty: a specialised NGO joins the core group, any other entry no group."),
    )  # fmt: skip

    class Meta:
        model = Organisation
        fields = [
            "name", "short_name", "type", "specialised_in_trafficking", "group", "level", "street", "house_number",
            "post_office_box",
            "postal_code", "town", "country", "phone", "email", "emergency_phone", "languages",
            "correspondence_language", "services", "cantons_served", "website", "is_active",
        ]  # fmt: skip

    def clean_country(self) -> str:
        country = str(self.cleaned_data["country"]).strip().upper()
        if not is_valid_country(country):
            raise forms.ValidationError(_("Enter a two-letter country code such as CH."))
        return country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postal_code = str(data.get("postal_code") or "").strip()
        if not is_valid_postal_code(country=str(data.get("country") or ""), postal_code=postal_code):
            self.add_error("postal_code", _("A Swiss postal code has four digits."))
        if data.get("specialised_in_trafficking") and data.get("type") != Organisation.Type.NGO:
            self.add_error(
                "specialised_in_trafficking", _("Only an NGO is marked as specialised in victims of trafficking.")
            )
        return data


class ContactPersonForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "phone", "email", "deputy", "is_permanent_representative"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        deputies = ContactPerson.objects.filter(organisation=organisation)
        if self.instance.pk:
            deputies = deputies.exclude(pk=self.instance.pk)
        self.fields["deputy"].queryset = deputies  # type: ignore[attr-defined]
        self.instance.organisation = organisation

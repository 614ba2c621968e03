from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Assessment, CatalogueVersion, Indicator

TEXT_FIELDS = ("text_de", "text_fr", "text_it", "text_en")


class CantonalIndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    """A canton's own indicator; the text is needed in at least the canton's default language."""

    class Meta:
        model = Indicator
        fields = ["dimension", *TEXT_FIELDS, "strength", "target", "exploitation_form", "is_active"]
        labels = {
            "text_de": _("Indicator (German)"),
            "text_fr": _("Indicator (French)"),
            "text_it": _("Indicator (Italian)"),
            "text_en": _("Indicator (English)"),
        }

    def __init__(self, *args: Any, catalogue: CatalogueVersion, required_language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["dimension"].queryset = catalogue.dimensions.all()  # type: ignore[attr-defined]
        self.fields["dimension"].empty_label = None  # type: ignore[attr-defined]
        self.required_language = required_language if f"text_{required_language}" in self.fields else "de"
        self.fields[f"text_{self.required_language}"].required = True
        for name in TEXT_FIELDS:
            self.fields[name].widget = forms.TextInput(attrs={"maxlength": 300})
        if not self.instance.pk:
            self.fields.pop("is_active")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not any(cleaned.get(name) for name in TEXT_FIELDS):
            raise ValidationError(_("Enter the indicator in at least one language."), code="no_text")
        return cleaned

    def save(self, commit: bool = True) -> Indicator:
        indicator: Indicator = super().save(commit=False)
        indicator.catalogue = self.catalogue
        indicator.text = self.cleaned_data[f"text_{self.required_language}"]
        if commit:
            indicator.save()
        return indicator


class AssessmentForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Presumed victim of trafficking?"), choices=Assessment.Result.choices, widget=forms.RadioSelect
    )


def parse_observed(data: Any) -> dict[int, str]:
    """The ticked indicators of a checklist form (`indicator` values) with their notes (`note-<id>`)."""
    observed: dict[int, str] = {}
    for value in data.getlist("indicator"):
        if str(value).isdigit():
            observed[int(value)] = str(data.get(f"note-{value}", ""))[:2000]
    return observed


def parse_section(data: Any) -> int | None:
    """The section (dimension id) a checklist form saves; None for the whole checklist."""
    value = str(data.get("dimension", ""))
    return int(value) if value.isdigit() else None

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementSection, PartnerDuty, Signatory

IMMUTABLE = _("An adopted or superseded agreement cannot be changed.")


class DraftOnlyMixin:
    """Refuses, as a form error, any change to an agreement that is no longer a draft."""

    agreement: Agreement

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        status = Agreement.objects.filter(pk=self.agreement.pk).values_list("status", flat=True).first()
        if status != Agreement.Status.DRAFT:
            raise ValidationError(IMMUTABLE, code="immutable")
        return cleaned


class AgreementForm(DraftOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agreement
        fields = ["form", "title", "shared_objective", "financing", "valid_from", "review_date"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = self.instance


class SectionForm(DraftOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = AgreementSection
        fields = ["key", "order", "heading", "text", "heading_second", "text_second"]

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        others = AgreementSection.objects.filter(agreement=self.agreement, key=key).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("This agreement already has this section."), code="duplicate")
        return key


class DutyForm(DraftOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PartnerDuty
        fields = ["organisation", "duties"]

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement


class SignatoryForm(DraftOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Signatory
        fields = ["organisation", "name", "function"]

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ksmm.partners.entries import CANTON_CODES
from ksmm.partners.models import ContactPerson, Organisation
from ksmm.widgets import DateInput

from .meetings.minutes import minutes_frozen
from .models import (
    FROZEN_MINUTES,
    ActionItem,
    Agreement,
    AgreementSection,
    Decision,
    Meeting,
    PartnerDuty,
    RoundTable,
    RoundTableMember,
    Signatory,
)

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
        fields = ["form", "title", "shared_objective", "financing", "valid_from", "valid_until", "review_date"]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "review_date": DateInput(),
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


class ContactChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A contact person shown with the organisation they work for."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation})"


class ContactMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation})"


def _contacts() -> Any:
    return ContactPerson.objects.filter(organisation__is_active=True).select_related("organisation")


def _organisations() -> Any:
    return Organisation.objects.filter(is_active=True).order_by("name")


class RoundTableForm(forms.ModelForm):  # type: ignore[type-arg]
    scope_communes = forms.CharField(
        label=_("Communes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One commune per line, if the round table covers some communes only."),
    )  # fmt: skip
    scope_cantons = forms.MultipleChoiceField(
        label=_("Cantons"), required=False, choices=[(code, code) for code in CANTON_CODES],
        widget=forms.CheckboxSelectMultiple, help_text=_("If the round table covers several cantons."),
    )  # fmt: skip
    chair_contact = ContactChoiceField(label=_("Chairperson"), queryset=_contacts(), required=False)
    steward_contact = ContactChoiceField(label=_("Steward or moderator (person)"), queryset=_contacts(), required=False)

    class Meta:
        model = RoundTable
        fields = [
            "name", "mandate_authority", "mandate_date", "mandate_document", "scope", "scope_communes",
            "scope_cantons", "chair_organisation", "chair_contact", "steward_kind", "steward_organisation",
            "steward_contact",
        ]  # fmt: skip
        widgets = {"mandate_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["scope_communes"] = "\n".join(self.instance.scope_communes)
        for name in ("chair_organisation", "steward_organisation"):
            self.fields[name].queryset = _organisations()  # type: ignore[attr-defined]

    def clean_scope_communes(self) -> list[str]:
        text = str(self.cleaned_data.get("scope_communes") or "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]
    group = forms.ChoiceField(
        label=_("Group"), required=False,
        choices=[("", _("As in the directory")), *RoundTableMember.Group.choices],
        help_text=_("Empty: the organisation's group in the directory; a specialised NGO joins the core group."),
    )  # fmt: skip
    representative = ContactChoiceField(label=_("Appointed representative"), queryset=_contacts(), required=False)
    deputy = ContactChoiceField(label=_("Deputy representative"), queryset=_contacts(), required=False)

    class Meta:
        model = RoundTableMember
        fields = ["organisation", "group", "role", "role_description", "representative", "deputy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()  # type: ignore[attr-defined]


class DraftMinutesOnlyMixin:
    """Refuses, as a form error, any change to minutes that are already approved."""

    meeting: Meeting | None

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        if self.meeting is not None and self.meeting.pk and minutes_frozen(self.meeting):
            raise ValidationError(FROZEN_MINUTES, code="frozen")
        return cleaned


class MeetingForm(DraftMinutesOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    attendee_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations present"), queryset=_organisations(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    attendee_contacts = ContactMultipleChoiceField(
        label=_("People present"), queryset=_contacts(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Meeting
        fields = ["date", "kind", "location", "minutes"]
        widgets = {"date": DateInput(), "minutes": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = self.instance if self.instance.pk else None
        if self.meeting is not None and not self.is_bound:
            rows = list(self.meeting.attendees.all())
            self.initial["attendee_organisations"] = [row.organisation_id for row in rows if row.contact_id is None]
            self.initial["attendee_contacts"] = [row.contact_id for row in rows if row.contact_id is not None]


class DecisionForm(DraftMinutesOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Decision
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting


class ActionItemForm(DraftMinutesOnlyMixin, forms.ModelForm):  # type: ignore[type-arg]
    owner_contact = ContactChoiceField(label=_("Responsible person"), queryset=_contacts(), required=False)

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "owner_contact", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"].queryset = _organisations()  # type: ignore[attr-defined]


class StarterForm(forms.Form):
    """A new draft from the canton's starter text: all fourteen sections, ready to adapt."""

    form = forms.ChoiceField(label=_("Form of the agreement"), choices=Agreement.Form.choices, initial=Agreement.Form.B)
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=[("de", "Deutsch"), ("fr", "Français"), ("it", "Italiano")]
    )

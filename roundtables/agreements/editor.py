"""The one editor of a draft agreement: the header, every section, the partners' duties and the
signatories as prefixed forms and formsets on one page, saved together (drafts.do_save_draft)."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation
from ksmm.widgets import DateInput
from roundtables.models import Agreement, AgreementSection, PartnerDuty, Signatory

from .drafts import DraftChanges, draft_fingerprint


class HeaderForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agreement
        fields = ["title", "form", "shared_objective", "valid_from", "valid_until", "review_date", "financing"]
        widgets = {
            "shared_objective": forms.Textarea(attrs={"rows": 3}),
            "financing": forms.Textarea(attrs={"rows": 3}),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "review_date": DateInput(),
        }


class SectionForm(forms.ModelForm):  # type: ignore[type-arg]
    """A section; its key is chosen once, when it is added (the key says which of the fourteen it is)."""

    class Meta:
        model = AgreementSection
        fields = ["key", "heading", "text", "heading_second", "text_second", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "text_second": forms.Textarea(attrs={"rows": 6})}

    anchor = ""  # the id of its part on the page, set by the editor

    def __init__(self, *args: Any, missing: list[tuple[str, str]], bilingual: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["key"]
        else:
            self.fields["key"] = forms.ChoiceField(label=_("Section"), choices=[("", "—"), *missing])
        if not bilingual:
            del self.fields["heading_second"], self.fields["text_second"]


class _PartnerForm(forms.ModelForm):  # type: ignore[type-arg]
    """A part that names an organisation, chosen from a list the editor reads once for all forms."""

    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    anchor = ""  # the id of its part on the page, set by the editor

    def __init__(self, *args: Any, organisations: dict[int, Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["organisation"].choices = [("", "—"), *((pk, org.name) for pk, org in organisations.items())]  # type: ignore[attr-defined]

    def clean_organisation(self) -> Organisation:
        return self.organisations[self.cleaned_data["organisation"]]

    def _get_validation_exclusions(self) -> set[str]:
        # The organisation comes from the rows just read: no second look-up per form.
        exclude: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]  # not in django-stubs
        return exclude | {"organisation"}


class DutyForm(_PartnerForm):
    class Meta:
        model = PartnerDuty
        fields = ["organisation", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3})}


class SignatoryForm(_PartnerForm):
    class Meta:
        model = Signatory
        fields = ["organisation", "name", "function"]


class KnownPartField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """The hidden id of an existing part, looked up among the parts already read (no query per form)."""

    def __init__(self, *args: Any, known: dict[int, Model], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known = known

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error


class PartFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    delete_label: Any = _("Remove this section")

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label
        old: Any = form.fields["id"]
        known = {obj.pk: obj for obj in self.get_queryset()}
        form.fields["id"] = KnownPartField(
            old.queryset, known=known, initial=old.initial, required=False, widget=forms.HiddenInput
        )

    def validate_unique(self) -> None:
        # Django compares the unique fields present in each form; an existing section's key is not
        # a field (it never changes), so every section would look alike. SectionPartFormSet.clean
        # checks the keys of the sections added; the database refuses any other duplicate.
        pass


class SectionPartFormSet(PartFormSet):
    delete_label = _("Remove this section")

    def clean(self) -> None:
        super().clean()
        added = [
            form.cleaned_data["key"]
            for form in self.forms
            if not form.instance.pk and form.has_changed() and "key" in getattr(form, "cleaned_data", {})
        ]
        if len(added) != len(set(added)):
            raise ValidationError(_("This agreement already has this section."), code="duplicate")


class DutyPartFormSet(PartFormSet):
    delete_label = _("Remove this duty")


class SignatoryPartFormSet(PartFormSet):
    delete_label = _("Remove this signatory")


SectionFormSet = inlineformset_factory(
    Agreement, AgreementSection, form=SectionForm, formset=SectionPartFormSet, extra=0, can_delete=True
)
DutyFormSet = inlineformset_factory(
    Agreement, PartnerDuty, form=DutyForm, formset=DutyPartFormSet, extra=1, can_delete=True
)
SignatoryFormSet = inlineformset_factory(
    Agreement, Signatory, form=SignatoryForm, formset=SignatoryPartFormSet, extra=1, can_delete=True
)


@dataclass(frozen=True)
class EditorError:
    anchor: str
    where: str
    message: str


def _organisations(agreement: Agreement) -> dict[int, Organisation]:
    """Active organisations, and any inactive one a duty or signatory of this draft still names."""
    named = Q(pk__in=agreement.duties.values("organisation")) | Q(pk__in=agreement.signatories.values("organisation"))
    rows = Organisation.objects.filter(Q(is_active=True) | named).only("pk", "name").order_by("name")
    return {org.pk: org for org in rows}


class AgreementEditor:
    """The forms of the editor, bound to `data` on a POST, with the fingerprint of the draft as read."""

    def __init__(self, agreement: Agreement, data: QueryDict | None = None) -> None:
        self.agreement = agreement
        organisations = _organisations(agreement)
        self.header = HeaderForm(data, instance=agreement, prefix="agreement")
        section_kwargs: dict[str, Any] = {"bilingual": bool(agreement.second_language)}
        self.sections = SectionFormSet(
            data, instance=agreement, queryset=agreement.sections.all(), prefix="sections", form_kwargs=section_kwargs
        )
        # The forms are built on first use: the keys still free are known from the sections read.
        present = {section.key for section in self.sections.get_queryset()}
        missing = [(key, label) for key, label in AgreementSection.Key.choices if key not in present]
        section_kwargs["missing"] = missing
        if not missing:
            self.sections.extra = 0
        elif data is None:
            self.sections.extra = 1
        self.duties = DutyFormSet(
            data, instance=agreement, queryset=agreement.duties.select_related("organisation"), prefix="duties",
            form_kwargs={"organisations": organisations},
        )  # fmt: skip
        self.signatories = SignatoryFormSet(
            data, instance=agreement, queryset=agreement.signatories.all(), prefix="signatories",
            form_kwargs={"organisations": organisations},
        )  # fmt: skip
        for section_form in self.sections.forms:
            pk, key = section_form.instance.pk, section_form.instance.key
            section_form.anchor = f"section-{key}" if pk else f"{section_form.prefix}-part"
        for partner_form in [*self.duties.forms, *self.signatories.forms]:
            partner_form.anchor = f"{partner_form.prefix}-part"
        self.fingerprint = draft_fingerprint(
            agreement=agreement,
            sections=self.sections.get_queryset(),
            duties=self.duties.get_queryset(),
            signatories=self.signatories.get_queryset(),
        )

    @property
    def formsets(self) -> list[Any]:
        return [self.sections, self.duties, self.signatories]

    def is_valid(self) -> bool:
        results = [self.header.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    def changes(self) -> DraftChanges:
        """The objects a valid editor writes: only what the coordinator changed."""
        changes = DraftChanges()
        if self.header.has_changed():
            changes.save.append(self.header.save(commit=False))
        for formset in self.formsets:
            changes.save += formset.save(commit=False)
            changes.delete += formset.deleted_objects
        return changes

    def errors(self) -> list[EditorError]:
        """Every error, with the id of its field (or its part) for the summary at the top."""
        found: list[EditorError] = []
        found += _form_errors(self.header, "agreement-part", str(_("General")))
        for formset, label in zip(self.formsets, (_("Section"), _("Partner duty"), _("Signatory")), strict=True):
            found += [EditorError(f"{formset.prefix}-list", str(label), str(e)) for e in formset.non_form_errors()]
            for form in formset.forms:
                section = form.instance.pk and isinstance(form.instance, AgreementSection)
                where = form.instance.get_key_display() if section else str(label)
                found += _form_errors(form, form.anchor, where)
        return found


def _form_errors(form: forms.BaseForm, anchor: str, where: str) -> list[EditorError]:
    found = [EditorError(anchor, where, str(message)) for message in form.non_field_errors()]
    for bound in form:
        found += [EditorError(bound.id_for_label, f"{where}: {bound.label}", str(message)) for message in bound.errors]
    return found

"""Forms of proceedings and claims: they parse input only; the rules live in rules.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.partners.models import Organisation
from ksmm.widgets import DateInput

from .models import CriminalProceeding, Offence, OhgClaim

DATE = DateInput()


class ProceedingForm(forms.ModelForm):  # type: ignore[type-arg]
    offences = forms.MultipleChoiceField(
        label=_("Offences"),
        choices=Offence.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every offence the proceedings are about; trafficking is often charged with Art. 195 StGB."),
    )

    class Meta:
        model = CriminalProceeding
        fields = [
            "prosecution_office", "file_number", "offences", "offence_note",
            "opened_on", "indicted_on", "court_on", "judged_on", "appealed_on", "final_on", "discontinued_on",
            "claimant_criminal", "claimant_civil", "judgment_copy", "note",
        ]  # fmt: skip
        widgets = dict.fromkeys(
            ("opened_on", "indicted_on", "court_on", "judged_on", "appealed_on", "final_on", "discontinued_on"), DATE
        ) | {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "judged_on": _("Dates follow the order of the stages; leave later stages empty."),
            "final_on": _("Once the judgment is final, the dates of the stages can no longer change."),
            "claimant_civil": _("Civil claims against the accused decided with the criminal case (adhesion)."),
            "judgment_copy": _("Since 2024 the victim receives a free copy unless they waive it."),
        }

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "proceeding")
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["prosecution_office"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_active=True, type=Organisation.Type.PUBLIC_PROSECUTOR
        )


class ClaimForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OhgClaim
        fields = ["kind", "proceeding", "window_from", "window_anchor", "status", "filed_on", "decided_on"]
        widgets = {"window_anchor": DATE, "filed_on": DATE, "decided_on": DATE}
        help_texts = {
            "window_anchor": _("The claim must be filed within five years (Art. 25 OHG): a deadline opens."),
            "proceeding": _("Optional: the proceedings the claim relates to."),
        }

    def __init__(self, *args: Any, case: Case, proceedings: list[CriminalProceeding], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "claim")
        super().__init__(*args, **kwargs)
        self.case = case
        field = self.fields["proceeding"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - the model's foreign key
        field.queryset = CriminalProceeding.objects.filter(case=case)
        # Every party may record a claim; the proceeding is named by its opening date only.
        field.label_from_instance = _proceeding_label  # type: ignore[method-assign, assignment]


def _proceeding_label(proceeding: CriminalProceeding) -> str:
    return str(_("Proceedings opened on %(date)s") % {"date": proceeding.opened_on.strftime("%d.%m.%Y")})

"""The dashboard's filters: a GET form of period, canton and form of exploitation.

None of them is personal data, so they may stand in the address (and in a bookmark). A choice
that is not offered answers a translated error on the page and the default for that filter.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.registry import CANTONS

from .access import StatisticsReader
from .catalogue import ALL_FORMS, FORM, SWITZERLAND
from .dashboard import Scope, canton_names


def quarter_choices() -> list[tuple[str, str]]:
    """Built per form: a lazy label formatted at import would keep the language of the import."""
    return [("", str(_("Whole year"))), *((str(q), str(_("Quarter %(number)s") % {"number": q})) for q in range(1, 5))]


class DashboardFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, empty_value=None)
    canton = forms.ChoiceField(label=_("Canton"), required=False)
    form = forms.ChoiceField(label=_("Form of exploitation"), required=False)

    def __init__(self, data: Any, *, reader: StatisticsReader, years: list[int]) -> None:
        super().__init__(data)
        self.reader = reader
        self.years = years
        self.fields["year"].required = False
        # ChoiceField's choices are typed on the subclass only: the fields above are ChoiceFields.
        self.fields["year"].choices = [(str(year), str(year)) for year in reversed(years)]  # type: ignore[attr-defined]
        self.fields["quarter"].choices = quarter_choices()  # type: ignore[attr-defined]
        names = canton_names()
        self.fields["canton"].choices = [  # type: ignore[attr-defined]
            (SWITZERLAND, _("Switzerland (all cantons)")),
            *((record.code.lower(), f"{record.code} · {names[record.code]}") for record in CANTONS),
        ]
        self.fields["form"].choices = [(ALL_FORMS, _("All forms")), *FORM.values]  # type: ignore[attr-defined]
        if not reader.is_federal:
            del self.fields["canton"]

    def scope(self) -> Scope:
        """The filters chosen, each one that is missing or invalid replaced by its default."""
        self.is_valid()  # keeps the valid fields in cleaned_data, the others in errors
        cleaned = getattr(self, "cleaned_data", {})
        year = cleaned.get("year") or (self.years[-1] if self.years else 0)
        canton = cleaned.get("canton") if self.reader.is_federal else None
        return Scope(
            canton=canton or self.reader.default_canton,
            year=year,
            quarter=cleaned.get("quarter"),
            form=cleaned.get("form") or ALL_FORMS,
        )

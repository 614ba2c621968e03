"""Forms of the federal statistics' publishing page."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DashboardReleaseForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Suppression threshold"),
        min_value=3,
        max_value=100,
        help_text=_("Counts from 1 up to one below this number are suppressed; 3 is the lowest allowed."),
    )


class OpenDataReleaseForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    epsilon = forms.FloatField(
        label=_("ε (privacy loss of this release)"),
        min_value=0.01,
        help_text=_("Smaller is more private and noisier."),
    )

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if year > datetime.date.today().year:
            raise forms.ValidationError(_("The year has not begun yet."), code="future")
        return year

    def clean_epsilon(self) -> float:
        epsilon = float(self.cleaned_data["epsilon"])
        if epsilon > settings.STATISTICS_EPSILON_PER_YEAR:
            raise forms.ValidationError(
                _("ε may not exceed the yearly budget of %(budget)s."),
                code="over_budget",
                params={"budget": settings.STATISTICS_EPSILON_PER_YEAR},
            )
        return epsilon

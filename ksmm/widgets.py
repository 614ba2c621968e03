"""Form widgets shared by every app."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A date typed the Swiss way, 31.12.2026, in every language.

    Not the browser's date picker: it shows the browser's locale, so an English browser asks for
    12/31/2026. The field parses the formats of config/formats (day.month.year first; ISO 8601
    stays accepted for scripts and the API)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults: dict[str, Any] = {"placeholder": _("dd.mm.yyyy"), "size": 10, "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d.%m.%Y")


# Day.month.year with the time first; ISO 8601 (with or without the "T") stays accepted.
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    """A date and time typed the Swiss way, 31.12.2026 14:30 (see DateInput for why not the
    browser's picker)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults: dict[str, Any] = {"placeholder": _("dd.mm.yyyy hh:mm"), "size": 16, "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d.%m.%Y %H:%M")

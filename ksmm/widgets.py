"""Form widgets shared by every app."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO 8601 (yyyy-mm-dd), whatever the
    language's date format: with "23.11.2026" the picker shows an empty field, so an initial
    date (today at intake) or a saved date would look lost."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

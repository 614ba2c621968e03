"""Forms of the notices pages: a text of a draft version, and a delivery on a case."""

import re
from typing import Any

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from ksmm.widgets import DateInput

from .languages import language_choices, language_for
from .models import NoticeDelivery, NoticeText


class TextForm(forms.Form):
    language = forms.CharField(
        label=_("Language"),
        max_length=8,
        help_text=_("A code such as ro, pt or ti; known languages: %(codes)s")
        % {"codes": ", ".join(code for code, _label in language_choices())},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Paragraphs separated by a blank line. Contact details as placeholders on lines of their own: "
            "{victim_aid_name}, {victim_aid_address}, {victim_aid_phone}, {victim_aid_email}, {hotline}."
        ),
    )

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if language is not None:
            self.fields["language"].initial = language
            self.fields["language"].disabled = True
            direction = language_for(language).direction
            for name in ("title", "body"):
                self.fields[name].widget.attrs.update({"lang": language, "dir": direction})

    def clean_language(self) -> str:
        code = str(self.cleaned_data["language"]).strip()
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", code):
            raise forms.ValidationError(_("Enter a language code such as ro or zh-Hant."))
        return code


class TextChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        language = language_for(obj.language)
        label = (
            f"{obj.version.notice.get_kind_display()} · {language.native} ({language.label}) · v{obj.version.number}"
        )
        if obj.review == NoticeText.Review.AWAITING:
            label += f" · {NoticeText.Review.AWAITING.label}"
        return label


class DeliveryForm(forms.Form):
    text = TextChoiceField(label=_("Notice and language"), queryset=NoticeText.objects.none())
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    method = forms.ChoiceField(label=_("How"), choices=NoticeDelivery.Method.choices)
    interpreter = forms.CharField(
        label=_("Interpreter"), max_length=150, required=False, help_text=_("Name and organisation, if any.")
    )
    acknowledged = forms.TypedChoiceField(
        label=_("Acknowledged by the victim"),
        choices=[("yes", _("Yes, the victim acknowledged receipt")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    no_acknowledgement_reason = forms.CharField(
        label=_("Reason there is no acknowledgement"), max_length=300, required=False
    )
    unreviewed_reason = forms.CharField(
        label=_("Reason to deliver a text awaiting review"),
        max_length=300,
        required=False,
        help_text=_("Required when the text is a draft not yet reviewed by a professional."),
    )
    language_reason = forms.CharField(
        label=_("Reason to deliver in a language the victim does not speak"),
        max_length=300,
        required=False,
        help_text=_("Required when the text is in none of the languages the identity record names."),
    )

    def __init__(self, *args: Any, texts: Any, preferred_languages: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if preferred_languages:
            # The victim's languages first, in the order recorded, then the rest as before.
            rank = Case(*[When(language=code, then=Value(index)) for index, code in enumerate(preferred_languages)],
                        default=Value(len(preferred_languages)))  # fmt: skip
            texts = texts.order_by(rank, "version__notice__order", "language")
        self.fields["text"].queryset = texts  # type: ignore[attr-defined]  # a TextChoiceField

"""Input of the residence pages; the rules (minimum length, reasons, SEM step) live in the actions."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation
from ksmm.widgets import DateInput

from .models import DECIDING_TYPES, EndReason, PermitKind, ReflectionPeriod, Stay
from .queries import QUEUE_KINDS

T = TypeVar("T")
StrOrPromise = str | Promise

DATE_WIDGET = DateInput()


def migration_offices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(type__in=DECIDING_TYPES, is_active=True).order_by("name")


def run_action(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Runs the action; its validation errors are shown on the form and nothing is saved."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return None


class ReflectionRequestForm(forms.Form):
    addressed_to = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Migration office"))
    proposed_days = forms.IntegerField(label=_("Proposed length in days"), required=False, min_value=1)
    grounds = forms.CharField(
        label=_("Reasonable grounds"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Seen by the migration office and your organisation only."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        offices = migration_offices()
        field = self.fields["addressed_to"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = offices
        if len(offices) == 1:
            field.initial = offices[0].pk


class Decision(forms.ChoiceField):
    def __init__(self, *, grant_label: StrOrPromise, refuse_label: StrOrPromise) -> None:
        super().__init__(
            label=_("Decision"), choices=[("grant", grant_label), ("refuse", refuse_label)], widget=forms.RadioSelect
        )


class ReflectionDecisionForm(forms.Form):
    decision = Decision(grant_label=_("Grant"), refuse_label=_("Refuse"))
    length_days = forms.IntegerField(label=_("Length in days"), required=False, min_value=1, initial=30)
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=DATE_WIDGET, help_text=_("Empty: the day of the decision.")
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=_("Days to add"), min_value=1)
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by the migration office and your organisation only."),
    )


class ExtensionDecisionForm(forms.Form):
    decision = Decision(grant_label=_("Extend"), refuse_label=_("Refuse"))
    days = forms.IntegerField(
        label=_("Days to add"), required=False, min_value=1, help_text=_("Empty: the days requested.")
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ReflectionEndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the end"), choices=EndReason.choices)
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE_WIDGET)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PresenceNoticeForm(forms.Form):
    presence_needed = forms.TypedChoiceField(
        label=_("Is the person's presence needed?"),
        choices=[("yes", _("Yes, presence is needed")), ("no", _("No, presence is not needed"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    needed_until = forms.DateField(label=_("Needed until"), required=False, widget=DATE_WIDGET)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class StayForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=Stay.Basis.choices)
    starts_on = forms.DateField(label=_("Stay since"), widget=DATE_WIDGET)
    expected_until = forms.DateField(label=_("Expected until"), required=False, widget=DATE_WIDGET)


class PermitRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Permit"), choices=PermitKind.choices[:2])
    addressed_to = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Migration office"))
    expected_until = forms.DateField(
        label=_("Proceedings expected until"), required=False, widget=DATE_WIDGET, help_text=_("Required for an L.")
    )
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    hardship_criteria = forms.CharField(
        label=_("Hardship criteria (Art. 31 VZAE)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required for a B: integration, family, finances, length of stay, health, reintegration."),
    )
    work_requested = forms.BooleanField(label=_("Gainful work requested (Art. 36 para. 4 VZAE)"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        offices = migration_offices()
        field = self.fields["addressed_to"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = offices
        if len(offices) == 1:
            field.initial = offices[0].pk


class PermitDecisionForm(forms.Form):
    decision = Decision(grant_label=_("Approve"), refuse_label=_("Refuse"))
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)
    work_authorised = forms.BooleanField(label=_("Gainful work authorised"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class FederalDecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Permit"), choices=PermitKind.choices[2:])
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET)
    federal_reference = forms.CharField(label=_("SEM reference"), max_length=50, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file_reference = forms.CharField(label=_("File reference"), max_length=100)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))], required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All")),
            (ReflectionPeriod.Status.REQUESTED, _("Requested")),
            ("sem_pending", _("Awaiting the SEM's approval")),
        ],
        required=False,
    )
    due_before = forms.DateField(label=_("Due by"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 - declared above
        kind.choices = [("", _("All")), *QUEUE_KINDS]

"""Deadline pages: each member's own, the canton overview, and the rule set."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import actions, queries
from .forms import RuleVersionForm
from .links import deadline_rows
from .models import Rule, RuleKey

VIEW_CANTON = "deadlines.view_canton_deadlines"
MANAGE_RULES = "deadlines.manage_rules"
PAGE_SIZE = 200


@member_required
def my_deadlines(request: HttpRequest) -> HttpResponse:
    deadlines = queries.deadlines_for(organisation=request.membership.organisation)  # type: ignore[attr-defined]
    today = timezone.localdate()
    return render(
        request,
        "deadlines/my_deadlines.html",
        {
            "rows": deadline_rows(deadlines[:PAGE_SIZE], today=today),
            "can_see_canton": request.user.has_perm(VIEW_CANTON),
        },
    )


@permission_required_here(VIEW_CANTON)
def canton_overview(request: HttpRequest) -> HttpResponse:
    rule = request.GET.get("rule", "")
    today = timezone.localdate()
    return render(
        request,
        "deadlines/canton_overview.html",
        {
            "rows": deadline_rows(queries.canton_deadlines(rule=rule)[:PAGE_SIZE], today=today),
            "rules": RuleKey.choices,
            "selected_rule": rule,
        },
    )


@permission_required_here(MANAGE_RULES)
def rules(request: HttpRequest) -> HttpResponse:
    history = [(RuleKey(key), versions) for key, versions in queries.rule_history()]
    return render(request, "deadlines/rules.html", {"history": history})


@permission_required_here(MANAGE_RULES)
@require_http_methods(["GET", "POST"])
def rule_new_version(request: HttpRequest, key: str) -> HttpResponse:
    if key not in RuleKey.values:
        raise Http404
    current = Rule.objects.filter(key=key, valid_until__isnull=True).first()
    form = RuleVersionForm(request.POST or None, initial=RuleVersionForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_new_rule_version(
                acting_user=acting_user(request), key=key, valid_from=data["valid_from"], months=data["months"],
                days=data["days"], reminder_days=data["reminder_days"],
                escalate_when_overdue=data["escalate_when_overdue"], reason=data["reason"],
                source_kind=data["source_kind"], source_reference=data["source_reference"],
            )  # fmt: skip
        except ValidationError as error:
            field = {"starts_too_early": "valid_from", "source_missing": "source_reference"}.get(
                error.code or "", "days"
            )
            form.add_error(field, error)
        else:
            messages.success(request, _("The new version of the rule has been saved."))
            return redirect("deadlines:rules")
    return render(
        request, "deadlines/rule_form.html", {"form": form, "rule_label": RuleKey(key).label, "current": current}
    )

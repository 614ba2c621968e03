"""Which rule version applies on a date, and the due date it gives."""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import REFLECTION_MINIMUM_DAYS, Rule, RuleKey


class NoRule(Exception):
    """The canton has no version of the rule at all (its seed migration did not run)."""


def rule_valid_on(*, key: str, on: date) -> Rule:
    """The version of `key` valid on `on`; before the first version, the first version."""
    versions = Rule.objects.filter(key=key)
    rule = (
        versions.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on), valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    rule = rule or versions.order_by("valid_from").first()
    if rule is None:
        raise NoRule(key)
    return rule


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def due_date(*, rule: Rule, anchor: date, length_days: int | None = None) -> date:
    """anchor + the rule's months and days; a length decided per case replaces the days."""
    days = rule.days if length_days is None else length_days
    return add_months(anchor, rule.months) + timedelta(days=days)


def reflection_minimum_days(*, on: date) -> int:
    """The shortest recovery and reflection period the canton grants on `on` (never under 30)."""
    return max(REFLECTION_MINIMUM_DAYS, rule_valid_on(key=RuleKey.REFLECTION_END, on=on).days)


def check_reflection_length(*, days: int, on: date) -> None:
    """Refuses a recovery and reflection period shorter than the canton's minimum."""
    minimum = reflection_minimum_days(on=on)
    if days < minimum:
        raise ValidationError(
            _("A recovery and reflection period lasts at least %(minimum)s days (Art. 35 VZAE)."),
            code="reflection_too_short",
            params={"minimum": minimum},
        )


# Anchors whose month lengths differ most (31 January, 29 February, 30 April): a length that stays
# within a year from each of them stays within a year from any day.
_YEAR_PROBES = (date(2023, 1, 31), date(2024, 2, 29), date(2023, 4, 30), date(2024, 3, 1))


def within_one_year(*, months: int, days: int) -> bool:
    """Whether anchor + months + days is at most the anchor + 12 months - 1 day, for any anchor."""
    return all(
        add_months(probe, months) + timedelta(days=days) <= add_months(probe, 12) - timedelta(days=1)
        for probe in _YEAR_PROBES
    )


def l_permit_last_day(*, valid_from: date) -> tuple[date, Rule]:
    """The latest last day of a short-stay permit L that starts on `valid_from`, by the canton's
    rule valid on that day (Art. 32 para. 1 AIG: up to one year), and the rule version."""
    rule = rule_valid_on(key=RuleKey.L_PERMIT_LONGEST, on=valid_from)
    return due_date(rule=rule, anchor=valid_from), rule

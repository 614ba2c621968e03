"""Read side of deadlines: what a member, a coordinator and a canton administrator see."""

from django.db.models import QuerySet

from ksmm.partners.models import Organisation

from .models import Deadline, Rule, RuleKey


def deadlines_for(*, organisation: Organisation) -> QuerySet[Deadline]:
    """The open deadlines an organisation is responsible for, soonest first."""
    return (
        Deadline.objects.filter(responsible_organisation=organisation, status=Deadline.Status.OPEN)
        .select_related("case", "rule")
        .order_by("due_on", "pk")
    )


def canton_deadlines(*, rule: str = "") -> QuerySet[Deadline]:
    """Every open deadline of the canton (coordinators), optionally of one rule."""
    deadlines = Deadline.objects.filter(status=Deadline.Status.OPEN)
    if rule in RuleKey.values:
        deadlines = deadlines.filter(rule_key=rule)
    return deadlines.select_related("case", "responsible_organisation", "rule").order_by("due_on", "pk")


def rule_history() -> list[tuple[str, list[Rule]]]:
    """Each rule with its versions, newest first."""
    versions: dict[str, list[Rule]] = {key: [] for key in RuleKey.values}
    for rule in Rule.objects.order_by("key", "-version"):
        versions[rule.key].append(rule)
    return [(key, versions[key]) for key in RuleKey.values]

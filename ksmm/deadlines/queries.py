"""Read side of deadlines: what a member, a coordinator and a canton administrator see."""

from django.db.models import Q, QuerySet

from ksmm.partners.models import Organisation

from .models import Deadline, Rule, RuleKey


def live_deadline_filter(*, prefix: str = "") -> Q:
    """Deadlines that still concern somebody: of no case, of an open case, or the closed case's
    own retention deadline. A deadline left open on a closed case by any path reminds nobody."""
    return (
        Q(**{f"{prefix}case__isnull": True})
        | Q(**{f"{prefix}case__closed_on__isnull": True})
        | Q(**{f"{prefix}rule_key": RuleKey.RETENTION})
    )


def deadlines_for(*, organisation: Organisation) -> QuerySet[Deadline]:
    """The open deadlines an organisation is responsible for, soonest first (none of a closed
    case but its retention)."""
    return (
        Deadline.objects.filter(
            live_deadline_filter(), responsible_organisation=organisation, status=Deadline.Status.OPEN
        )
        .select_related("case", "rule")
        .order_by("due_on", "pk")
    )


def calendar_deadlines_for(*, organisation: Organisation) -> QuerySet[Deadline]:
    """The iCal feed: the open deadlines of open cases (and of no case); nothing of a closed case."""
    return deadlines_for(organisation=organisation).filter(Q(case__isnull=True) | Q(case__closed_on__isnull=True))


def canton_deadlines(*, rule: str = "") -> QuerySet[Deadline]:
    """Every open deadline of the canton (coordinators), optionally of one rule."""
    deadlines = Deadline.objects.filter(live_deadline_filter(), status=Deadline.Status.OPEN)
    if rule in RuleKey.values:
        deadlines = deadlines.filter(rule_key=rule)
    return deadlines.select_related("case", "responsible_organisation", "rule").order_by("due_on", "pk")


def rule_history() -> list[tuple[str, list[Rule]]]:
    """Each rule with its versions, newest first."""
    versions: dict[str, list[Rule]] = {key: [] for key in RuleKey.values}
    for rule in Rule.objects.order_by("key", "-version"):
        versions[rule.key].append(rule)
    return [(key, versions[key]) for key in RuleKey.values]

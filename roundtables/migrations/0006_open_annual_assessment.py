"""Opens the annual assessment (guidelines 2005, 3.3) for a round table set up before it was
opened by the round-table actions: a year after its last approved annual-assessment meeting, or
after today when there was none; the coordinators' organisation answers for it (as
roundtables.round_tables.assessment does from now on)."""

import calendar
from datetime import date, timedelta

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Max, Q
from django.utils import timezone


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def open_assessment(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    RoundTable = apps.get_model("roundtables", "RoundTable")
    Rule = apps.get_model("deadlines", "Rule")
    Deadline = apps.get_model("deadlines", "Deadline")
    Membership = apps.get_model("memberships", "Membership")
    round_table = RoundTable.objects.first()
    if round_table is None:
        return
    subject = {"rule_key": "annual_assessment", "subject_type": "roundtables.roundtable", "subject_id": round_table.pk}
    if Deadline.objects.filter(status="open", **subject).exists():
        return
    coordinator = (
        Membership.objects.filter(role="coordinator", is_active=True, organisation__is_active=True)
        .order_by("pk")
        .first()
    )
    organisation_id = (
        coordinator.organisation_id
        if coordinator
        else round_table.steward_organisation_id or round_table.chair_organisation_id
    )
    if organisation_id is None:
        return
    last = round_table.meetings.filter(kind="annual_assessment", status="approved").aggregate(last=Max("date"))["last"]
    anchor = last or timezone.localdate()
    rule = (
        Rule.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=anchor), key="annual_assessment", valid_from__lte=anchor
        )
        .order_by("-valid_from")
        .first()
    ) or Rule.objects.filter(key="annual_assessment").order_by("valid_from").first()
    if rule is None:
        return
    Deadline.objects.create(
        rule=rule,
        responsible_organisation_id=organisation_id,
        anchor=anchor,
        due_on=_add_months(anchor, rule.months) + timedelta(days=rule.days),
        **subject,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("roundtables", "0005_frozen_minutes"),
        ("deadlines", "0006_rule_source"),
        ("memberships", "0002_invitation"),
    ]

    operations = [migrations.RunPython(open_assessment, migrations.RunPython.noop)]

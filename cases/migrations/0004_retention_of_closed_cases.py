"""Cases closed before retention existed get their retention deadline, as closing would have
opened it (cases/retention.py): due the rule's months and days after the closing date."""

import calendar
from datetime import date, timedelta

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def add_months(day: date, months: int) -> date:
    # A copy of ksmm.deadlines.rules.add_months: a migration must not import code that changes.
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def open_retention_deadlines(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("deadlines", "Deadline")
    Rule = apps.get_model("deadlines", "Rule")
    rule = Rule.objects.filter(key="retention").order_by("valid_from").first()
    if rule is None:
        return
    waiting = Case.objects.filter(status="closed", anonymised_on__isnull=True).exclude(
        pk__in=Deadline.objects.filter(rule_key="retention", subject_type="cases.case").values("subject_id")
    )
    Deadline.objects.bulk_create(
        Deadline(
            rule=rule,
            rule_key="retention",
            subject_type="cases.case",
            subject_id=case.pk,
            case=case,
            responsible_organisation_id=case.intake_organisation_id,
            anchor=case.closed_on,
            due_on=add_months(case.closed_on, rule.months) + timedelta(days=rule.days),
        )
        for case in waiting
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_retention"), ("deadlines", "0004_retention")]

    operations = [migrations.RunPython(open_retention_deadlines, migrations.RunPython.noop)]

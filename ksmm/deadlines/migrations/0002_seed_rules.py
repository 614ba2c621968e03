"""Seeds every canton's rule set (domain/REFERENCE.md 1.2, 1.3, 6); 0006 adds the source of each rule:
law in force, a convention of the round table or a canton practice."""

from datetime import date

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

VZAE_IN_FORCE = date(2008, 1, 1)
OHG_REVISED = date(2009, 1, 1)

# key: (valid_from, months, days, reminder days before the due date)
RULES = {
    # Art. 35 para. 1 VZAE: at least 30 days from the decision; the anchor is its start.
    "reflection_end": (VZAE_IN_FORCE, 0, 30, [7, 3, 1]),
    # Art. 36 para. 1 VZAE: before the period ends; the anchor is the period's end.
    "art36_notice": (VZAE_IN_FORCE, 0, -7, [7, 3, 1]),
    # A stay expected or running past three months needs a permit request; anchor: start of stay.
    "three_month_threshold": (VZAE_IN_FORCE, 3, 0, [14, 7, 1]),
    # The anchor is the permit's last valid day.
    "permit_expiry": (VZAE_IN_FORCE, 0, 0, [60, 30, 7]),
    # Art. 25 OHG: five years from the offence or from learning of it.
    "ohg_claim_window": (OHG_REVISED, 60, 0, [180, 90, 30]),
    # The anchor is the last assessment meeting.
    "annual_assessment": (VZAE_IN_FORCE, 12, 0, [30, 7]),
    # The anchor is the meeting that agreed the action; a length set there replaces the days.
    "action_item": (VZAE_IN_FORCE, 0, 30, [7, 1]),
    # The anchor is the intake; the notice on victims' rights is due within three days.
    "notice_delivery": (VZAE_IN_FORCE, 0, 3, [1]),
}


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Rule = apps.get_model("deadlines", "Rule")
    for key, (valid_from, months, days, reminder_days) in RULES.items():
        Rule.objects.get_or_create(
            key=key,
            version=1,
            defaults={
                "valid_from": valid_from,
                "months": months,
                "days": days,
                "reminder_days": reminder_days,
                "escalate_when_overdue": True,
                "reason": "Seed",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

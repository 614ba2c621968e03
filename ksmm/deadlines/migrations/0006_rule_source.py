"""Each rule names its source: law in force (with its article), a convention of the round table or
a canton practice. The seed of 0002 called every rule "Law in force"; the three-month threshold and
the annual assessment are conventions of the 2005 guidelines, not law (REFERENCE.md 0, 1.2).

Adds the longest validity of a short-stay permit L (Art. 32 para. 1 AIG: up to one year) as a rule:
the last valid day is at most the first day + 12 months - 1 day.
"""

from datetime import date

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

LAW, CONVENTION, PRACTICE = "law", "convention", "practice"

# key: (kind, reference, reason of the seeded first version)
SOURCES = {
    "reflection_end": (LAW, "Art. 35 para. 1 VZAE (at least 30 days)", "Seed: law in force"),
    "art36_notice": (LAW, "Art. 36 para. 1 VZAE (seven days before: canton practice)", "Seed: law in force"),
    "three_month_threshold": (
        CONVENTION,
        "KSMM guidelines 2005, 4.3 (not law: Art. 36 VZAE sets no three-month limit)",
        "Seed: convention of the round table",
    ),
    "permit_expiry": (
        LAW,
        "Validity set by the permit decision (Art. 32, 33 AIG; Art. 36 para. 2 VZAE)",
        "Seed: law in force",
    ),
    "ohg_claim_window": (LAW, "Art. 25 OHG (five years)", "Seed: law in force"),
    "annual_assessment": (
        CONVENTION,
        "KSMM guidelines 2005, 3.3 (annual meeting to assess the mechanism)",
        "Seed: convention of the round table",
    ),
    "action_item": (CONVENTION, "Decision of the round-table meeting", "Seed: convention of the round table"),
    "notice_delivery": (
        PRACTICE,
        "Art. 305 StPO, Art. 8 OHG (duty to inform); three days: canton practice",
        "Seed: canton practice",
    ),
    "retention": (PRACTICE, "Cantonal data-protection and archives law (platform default)", ""),
    "l_permit_longest": (LAW, "Art. 32 para. 1 AIG", "Seed: law in force"),
}
KEYS = [
    ("reflection_end", "End of the recovery and reflection period"),
    ("art36_notice", "Notice on continued presence (Art. 36 para. 1 VZAE)"),
    ("three_month_threshold", "Three-month threshold: permit request due"),
    ("permit_expiry", "Permit expiry"),
    ("ohg_claim_window", "End of the OHG claim window"),
    ("annual_assessment", "Annual round-table assessment"),
    ("action_item", "Round-table action item"),
    ("notice_delivery", "Victims' rights notice not yet delivered"),
    ("retention", "Anonymisation of the closed case"),
    ("l_permit_longest", "Longest validity of a short-stay permit L"),
]
KIND_CHOICES = [
    ("law", "Law in force"),
    ("convention", "Convention of the round table"),
    ("practice", "Canton practice"),
]


def seed_sources(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Rule = apps.get_model("deadlines", "Rule")
    Rule.objects.get_or_create(
        key="l_permit_longest",
        version=1,
        defaults={
            "valid_from": date(2008, 1, 1),
            "months": 12,
            "days": -1,
            "reminder_days": [],
            "escalate_when_overdue": False,
        },
    )
    for key, (kind, reference, reason) in SOURCES.items():
        # Versions a canton added later keep their reason; only the seed's wrong label is fixed.
        Rule.objects.filter(key=key, source_reference="").update(source_kind=kind, source_reference=reference)
        if reason:
            Rule.objects.filter(key=key, version=1, reason__in=["Law in force (seed)", "Seed", ""]).update(
                reason=reason
            )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0005_responsible_user")]

    operations = [
        migrations.RunSQL("SET CONSTRAINTS ALL IMMEDIATE", reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveConstraint(model_name="rule", name="deadline_rule_key_is_known"),
        migrations.AddField(
            model_name="rule",
            name="source_kind",
            field=models.CharField(choices=KIND_CHOICES, default="", max_length=16, verbose_name="kind of source"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rule",
            name="source_reference",
            field=models.CharField(
                default="",
                help_text="The article or text, for instance Art. 35 para. 1 VZAE.",
                max_length=200,
                verbose_name="source",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="deadline",
            name="rule_key",
            field=models.CharField(choices=KEYS, max_length=32, verbose_name="rule"),
        ),
        migrations.AlterField(
            model_name="rule",
            name="key",
            field=models.CharField(choices=KEYS, max_length=32, verbose_name="rule"),
        ),
        migrations.AddConstraint(
            model_name="rule",
            constraint=models.CheckConstraint(
                condition=models.Q(("key__in", [key for key, _label in KEYS])), name="deadline_rule_key_is_known"
            ),
        ),
        migrations.RunPython(seed_sources, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="rule",
            constraint=models.CheckConstraint(
                condition=models.Q(("source_kind__in", ["law", "convention", "practice"]))
                & ~models.Q(("source_reference", "")),
                name="deadline_rule_has_source",
            ),
        ),
        migrations.RunSQL("SET CONSTRAINTS ALL DEFERRED", reverse_sql=migrations.RunSQL.noop),
    ]

"""The minor-at-risk exception names its purpose (Art. 11(3) OHG), and existing rows are made safe.

Before this migration the exception could go to any party with any scope. Every exception row
gets the purpose its recipient's type can serve (KESB: notifying the KESB; police and
prosecution: a criminal complaint). A row still in force that asks for more than that is
revoked, with the reason in `revocation_reason`, and stays as the record of what was disclosed:

- recipient of another type (e.g. the migration office): revoked, nothing continues;
- parts outside the purpose's allowance (the accommodation address above all): revoked, and the
  allowed rest, if any, continues as a new row of the same decision (same case, recipient,
  purpose, justification, given on and recording person).

The rule is copied here as it stands, so that this migration keeps its meaning when
cases/minor_at_risk.py changes. No audit entry: the audit trail is written by the running
application; the revocation reason and the new row's recording time are the trace.
"""

from django.db import migrations, models
from django.utils import timezone

RULES = {
    "kesb_notification": ({"kesb"}, {"notes", "medical", "psychosocial"}),
    "criminal_complaint": ({"cantonal_police", "city_police", "public_prosecutor"}, {"notes", "medical"}),
}
PURPOSE_OF_TYPE = {kind: purpose for purpose, (kinds, _parts) in RULES.items() for kind in kinds}
COPY = """
INSERT INTO cases_consent (
    case_id, basis, exception_purpose, purpose, recipient_organisation_id, scope, given_on, justification,
    recorded_by_organisation_id, recorded_by_user_id, recorded_at, revocation_reason
)
SELECT case_id, basis, exception_purpose, purpose, recipient_organisation_id, %s::varchar(16)[], given_on,
       justification, recorded_by_organisation_id, recorded_by_user_id, %s, ''
  FROM cases_consent WHERE id = %s
RETURNING id
"""


def make_exceptions_safe(apps, schema_editor):
    Consent = apps.get_model("cases", "Consent")
    now = timezone.now()
    rows = Consent.objects.filter(basis="minor_at_risk").values_list(
        "pk", "recipient_organisation__type", "scope", "revoked_at"
    )
    for pk, recipient_type, scope, revoked_at in rows:
        purpose = PURPOSE_OF_TYPE.get(recipient_type, "")
        Consent.objects.filter(pk=pk).update(exception_purpose=purpose)
        if revoked_at is not None:
            continue
        allowed = RULES[purpose][1] if purpose else set()
        kept = sorted(set(scope) & allowed)
        if kept == sorted(set(scope)):
            continue
        if not purpose:
            reason = (
                f"Art. 11(3) OHG: the exception allows no disclosure to a recipient of type {recipient_type}. "
                f"Revoked when the rule became data; it covered: {', '.join(sorted(scope))}."
            )
        else:
            continued = ""
            if kept:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(COPY, [kept, now, pk])
                    continued = f" The allowed part ({', '.join(kept)}) continues as disclosure {cursor.fetchone()[0]}."
            removed = sorted(set(scope) - allowed)
            reason = (
                f"Art. 11(3) OHG: {purpose} does not cover {', '.join(removed)}. "
                f"Revoked when the rule became data.{continued}"
            )
        Consent.objects.filter(pk=pk).update(revoked_at=now, revocation_reason=reason[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_retention_of_closed_cases"),
        ("partners", "0002_directory_fields_and_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="exception_purpose",
            field=models.CharField(
                blank=True,
                choices=[
                    ("kesb_notification", "Notify the child protection authority (KESB)"),
                    ("criminal_complaint", "File a criminal complaint"),
                ],
                default="",
                max_length=24,
                verbose_name="purpose of the exception",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="revocation_reason",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="reason for the revocation"),
        ),
        migrations.RunPython(make_exceptions_safe, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(("basis__in", ["consent", "minor_at_risk"])), name="consent_basis_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(("exception_purpose__in", ["", "kesb_notification", "criminal_complaint"])),
                name="consent_exception_purpose_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "consent"), ("exception_purpose", "")),
                    models.Q(
                        ("basis", "minor_at_risk"),
                        models.Q(
                            models.Q(("exception_purpose", ""), _negated=True),
                            ("revoked_at__isnull", False),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="consent_exception_has_purpose",
            ),
        ),
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("basis", "minor_at_risk"), _negated=True),
                    models.Q(("scope__contains", ["accommodation"]), _negated=True),
                    ("revoked_at__isnull", False),
                    _connector="OR",
                ),
                name="consent_exception_never_accommodation",
            ),
        ),
    ]

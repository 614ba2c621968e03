"""Finding the reminders that are due in the current canton's schema.

One statement per scan: each open deadline's most recent reminder threshold reached (the
smallest offset whose day has come, or "overdue" once the due date has passed), for every
active member of the responsible organisation, and once overdue for the coordinators too.
ON CONFLICT DO NOTHING against the unique key (deadline, offset, recipient) makes the scan
idempotent: run it ten times or after a crash, each reminder exists once.
"""

from datetime import date

from django.db import connection, transaction

from ksmm.memberships.models import Membership

from .models import OVERDUE

INSERT_DUE_REMINDERS = """
WITH due AS (
    SELECT d.id AS deadline_id,
           d.responsible_organisation_id AS organisation_id,
           r.escalate_when_overdue AS escalate,
           CASE WHEN d.due_on < %(today)s THEN %(overdue)s
                ELSE (SELECT min(o) FROM unnest(r.reminder_days) AS o WHERE d.due_on - o::integer <= %(today)s)
           END AS offset_days
      FROM deadlines_deadline d
      JOIN deadlines_rule r ON r.id = d.rule_id
     WHERE d.status = 'open'
)
INSERT INTO notifications_reminder (deadline_id, offset_days, recipient_id, is_escalation, created_at)
SELECT due.deadline_id, due.offset_days, m.user_id, m.organisation_id <> due.organisation_id, now()
  FROM due
  JOIN memberships_membership m
    ON m.is_active
   AND (m.organisation_id = due.organisation_id
        OR (due.offset_days = %(overdue)s AND due.escalate AND m.role = %(coordinator)s))
  JOIN partners_organisation o ON o.id = m.organisation_id AND o.is_active
  JOIN accounts_user u ON u.id = m.user_id AND u.is_active
 WHERE due.offset_days IS NOT NULL
ON CONFLICT (deadline_id, offset_days, recipient_id) DO NOTHING
"""


def insert_due_reminders(*, today: date) -> int:
    """Inserts the reminders due on `today` that do not exist yet; returns how many."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            INSERT_DUE_REMINDERS,
            {"today": today, "overdue": OVERDUE, "coordinator": Membership.Role.COORDINATOR},
        )
        return int(cursor.rowcount)

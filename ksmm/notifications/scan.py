"""Finding the reminders that are due in the current canton's schema.

One statement per scan: each open deadline's most recent reminder threshold reached (the
smallest offset whose day has come, or "overdue" once the due date has passed), for the person
the case is assigned to in the responsible organisation (`Deadline.responsible_user`) while
that person is an active member of it, otherwise for every active member of the organisation;
once overdue for the coordinators too. Deadlines of a closed case remind nobody (but for the
case's own retention deadline).
ON CONFLICT DO NOTHING against the unique key (deadline, offset, recipient) makes the scan
idempotent: run it ten times or after a crash, each reminder exists once.

The same statement records a `deadline.due` event per deadline and offset (ksmm/events), for
the cantonal systems of the responsible organisation, whether or not it has people to remind;
its key (deadline, offset) makes that idempotent too. The canton's audit-chain lock is taken
first: events are numbered under it (ksmm/events/models.py).
"""

from datetime import date

from django.db import connection, transaction

from ksmm.audit.actions import lock_chain
from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.events.actions import tell_listeners
from ksmm.events.models import Event, EventKind
from ksmm.memberships.models import Membership

from .models import OVERDUE

DEADLINE_LABEL = Deadline._meta.label_lower

INSERT_DUE_REMINDERS = """
WITH rules AS MATERIALIZED (
    SELECT id, escalate_when_overdue AS escalate, reminder_days,
           COALESCE((SELECT max(o) FROM unnest(reminder_days) AS o), 0)::integer AS horizon
      FROM deadlines_rule
), due AS MATERIALIZED (
    -- Only deadlines whose first reminder day has come: a range scan per rule version.
    SELECT d.id AS deadline_id,
           d.responsible_organisation_id AS organisation_id,
           -- The assignee while still an active member there; NULL: the whole organisation.
           (SELECT a.user_id
              FROM memberships_membership a
              JOIN accounts_user au ON au.id = a.user_id AND au.is_active
             WHERE a.user_id = d.responsible_user_id
               AND a.organisation_id = d.responsible_organisation_id
               AND a.is_active) AS assignee_id,
           r.escalate,
           d.case_id,
           CASE WHEN d.due_on < %(today)s THEN %(overdue)s
                ELSE (SELECT min(o) FROM unnest(r.reminder_days) AS o WHERE d.due_on - o::integer <= %(today)s)
           END AS offset_days
      FROM rules r
      JOIN deadlines_deadline d
        ON d.rule_id = r.id AND d.status = 'open' AND d.due_on <= %(today)s::date + r.horizon
     -- Nothing reminds about a closed case, whatever left a deadline open on it; only its
     -- retention deadline belongs to the closed case (the notice before anonymisation).
     WHERE d.case_id IS NULL
        OR d.rule_key = %(retention)s
        OR EXISTS (SELECT 1 FROM cases_case c WHERE c.id = d.case_id AND c.closed_on IS NULL)
), reminded AS (
INSERT INTO notifications_reminder (deadline_id, offset_days, recipient_id, is_escalation, created_at)
SELECT due.deadline_id, due.offset_days, m.user_id, m.organisation_id <> due.organisation_id, now()
  FROM due
  JOIN memberships_membership m
    ON m.is_active
   AND ((m.organisation_id = due.organisation_id AND (due.assignee_id IS NULL OR m.user_id = due.assignee_id))
        OR (due.offset_days = %(overdue)s AND due.escalate AND m.role = %(coordinator)s))
  JOIN partners_organisation o ON o.id = m.organisation_id AND o.is_active
  JOIN accounts_user u ON u.id = m.user_id AND u.is_active
 WHERE due.offset_days IS NOT NULL
ON CONFLICT (deadline_id, offset_days, recipient_id) DO NOTHING
RETURNING 1
), emitted AS (
INSERT INTO events_event (kind, object_type, object_id, case_id, organisation_id, compartment, event_key)
SELECT %(kind)s, %(object_type)s, due.deadline_id::text, due.case_id, due.organisation_id, %(core)s,
       %(key_prefix)s || due.deadline_id || ':' || due.offset_days
  FROM due
 WHERE due.offset_days IS NOT NULL
ON CONFLICT (event_key) DO NOTHING
RETURNING id, kind, object_type, object_id, case_id, organisation_id, compartment, occurred_at, event_key
)
SELECT (SELECT count(*) FROM reminded), e.*
  FROM (SELECT 1) AS one LEFT JOIN emitted AS e ON true
"""
EVENT_FIELDS = (
    "id", "kind", "object_type", "object_id", "case_id", "organisation_id", "compartment", "occurred_at", "event_key",
)  # fmt: skip


def insert_due_reminders(*, today: date) -> int:
    """Inserts the reminders due on `today` that do not exist yet, and the events of the
    deadlines that reached a reminder day; returns how many reminders are new."""
    with transaction.atomic():
        lock_chain(current_schema())
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT_DUE_REMINDERS,
                {
                    "today": today,
                    "overdue": OVERDUE,
                    "coordinator": Membership.Role.COORDINATOR,
                    "retention": RuleKey.RETENTION,
                    "kind": EventKind.DEADLINE_DUE,
                    "object_type": DEADLINE_LABEL,
                    "core": Compartment.CORE,
                    "key_prefix": f"{EventKind.DEADLINE_DUE}:{DEADLINE_LABEL.replace('.', '_')}:",
                },
            )
            rows = cursor.fetchall()
        events = [Event(**dict(zip(EVENT_FIELDS, row[1:], strict=True))) for row in rows if row[1] is not None]
        if events:
            tell_listeners(events)
        return int(rows[0][0])

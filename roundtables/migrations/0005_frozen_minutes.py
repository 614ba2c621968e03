"""The database refuses changes to approved minutes: the meeting, its attendees and decisions.

Action items of approved minutes keep one way to move: their status (and when they were done)
may change, nothing else; none may be added or removed.
"""

from django.db import migrations

TABLES = ("roundtables_meetingattendee", "roundtables_decision", "roundtables_actionitem")

FUNCTIONS = """
CREATE FUNCTION roundtables_meeting_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'approved' THEN
        RAISE EXCEPTION 'the approved minutes of meeting % cannot be changed', OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roundtables_meeting_frozen
    BEFORE UPDATE OR DELETE ON roundtables_meeting
    FOR EACH ROW EXECUTE FUNCTION roundtables_meeting_frozen();

CREATE FUNCTION roundtables_meeting_part_frozen() RETURNS trigger AS $$
DECLARE
    old_status text;
    new_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO old_status FROM roundtables_meeting WHERE id = OLD.meeting_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO new_status FROM roundtables_meeting WHERE id = NEW.meeting_id;
    END IF;
    IF TG_TABLE_NAME = 'roundtables_actionitem' AND TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'status' - 'done_at') = (to_jsonb(OLD) - 'status' - 'done_at') THEN
        RETURN NEW;
    END IF;
    IF old_status = 'approved' OR new_status = 'approved' THEN
        RAISE EXCEPTION 'the parts (%) of approved minutes cannot be changed', TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

FORWARD = FUNCTIONS + "".join(
    f"CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}"
    " FOR EACH ROW EXECUTE FUNCTION roundtables_meeting_part_frozen();"
    for table in TABLES
)

BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};" for table in TABLES)
    + "DROP FUNCTION IF EXISTS roundtables_meeting_part_frozen();"
    + "DROP TRIGGER IF EXISTS roundtables_meeting_frozen ON roundtables_meeting;"
    + "DROP FUNCTION IF EXISTS roundtables_meeting_frozen();"
)


class Migration(migrations.Migration):
    dependencies = [("roundtables", "0004_round_table_and_meetings")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

"""The database refuses changes to adopted or superseded agreements and their sections."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION roundtables_agreement_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF OLD.status = 'adopted' AND NEW.status = 'superseded'
       AND (to_jsonb(NEW) - 'status') = (to_jsonb(OLD) - 'status') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'agreement % is % and cannot be changed', OLD.id, OLD.status;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roundtables_agreement_immutable
    BEFORE UPDATE ON roundtables_agreement
    FOR EACH ROW EXECUTE FUNCTION roundtables_agreement_immutable();

CREATE FUNCTION roundtables_section_immutable() RETURNS trigger AS $$
DECLARE
    parent_status text;
BEGIN
    SELECT status INTO parent_status FROM roundtables_agreement
        WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.agreement_id ELSE NEW.agreement_id END);
    IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
        RAISE EXCEPTION 'the sections of a % agreement cannot be changed', parent_status;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roundtables_section_immutable
    BEFORE INSERT OR UPDATE OR DELETE ON roundtables_agreementsection
    FOR EACH ROW EXECUTE FUNCTION roundtables_section_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS roundtables_section_immutable ON roundtables_agreementsection;
DROP FUNCTION IF EXISTS roundtables_section_immutable();
DROP TRIGGER IF EXISTS roundtables_agreement_immutable ON roundtables_agreement;
DROP FUNCTION IF EXISTS roundtables_agreement_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("roundtables", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

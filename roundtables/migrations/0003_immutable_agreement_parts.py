"""The database refuses changes to every part of an adopted or superseded agreement.

Sections were guarded by 0002; duties, signatories and the data-sharing matrix were guarded by
the actions and forms only. One function now guards all four tables, and it looks at the
agreement a row leaves as well as the one it joins, so a row cannot be moved out of an adopted
agreement either.
"""

from django.db import migrations

TABLES = (
    "roundtables_agreementsection",
    "roundtables_partnerduty",
    "roundtables_signatory",
    "roundtables_sharingrule",
)

FUNCTION = """
CREATE FUNCTION roundtables_agreement_part_immutable() RETURNS trigger AS $$
DECLARE
    parent_status text;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT status INTO parent_status FROM roundtables_agreement WHERE id = OLD.agreement_id;
        IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
            RAISE EXCEPTION 'the parts (%) of a % agreement cannot be changed', TG_TABLE_NAME, parent_status;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT status INTO parent_status FROM roundtables_agreement WHERE id = NEW.agreement_id;
        IF parent_status IS NOT NULL AND parent_status <> 'draft' THEN
            RAISE EXCEPTION 'the parts (%) of a % agreement cannot be changed', TG_TABLE_NAME, parent_status;
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

FORWARD = (
    "DROP TRIGGER roundtables_section_immutable ON roundtables_agreementsection;"
    "DROP FUNCTION roundtables_section_immutable();"
    + FUNCTION
    + "".join(
        f"CREATE TRIGGER {table}_immutable BEFORE INSERT OR UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION roundtables_agreement_part_immutable();"
        for table in TABLES
    )
)

OLD_SECTION_GUARD = """
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

BACKWARD = (
    "".join(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};" for table in TABLES)
    + "DROP FUNCTION IF EXISTS roundtables_agreement_part_immutable();"
    + OLD_SECTION_GUARD
)


class Migration(migrations.Migration):
    dependencies = [("roundtables", "0002_immutable_agreements")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]

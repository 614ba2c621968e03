"""The receiving canton's directory as the sending canton may see it: names of active
organisations, nothing else (DESIGN.md 11).

A lead in one canton has no membership in the other and may not read its schema. This one
narrow query reads the other schema's organisation table for the id and name of active
partners (a public directory in every canton's round table) and returns nothing but those.
"""

from dataclasses import dataclass

from django.db import connection

from ksmm.cantons.models import Canton

# Types of organisation a case may be handed to in another canton: the ones that take a
# person on (victim aid, NGOs running shelters) or the proceedings (police, prosecution).
RECEIVING_TYPES = ("victim_aid", "ngo", "cantonal_police", "city_police", "public_prosecutor")


@dataclass(frozen=True)
class DirectoryName:
    organisation_id: int
    name: str


def other_cantons(*, sending_canton: str) -> list[Canton]:
    """Active cantons a case may go to (not the federal level, not the sending canton)."""
    return list(
        Canton.objects.filter(is_active=True, level=Canton.Level.CANTON).exclude(code=sending_canton).order_by("code")
    )


def _schema_of(canton_code: str) -> str | None:
    canton = Canton.objects.filter(code=canton_code, is_active=True, level=Canton.Level.CANTON).first()
    return canton.schema_name if canton is not None else None


def receiving_organisations(*, canton_code: str) -> list[DirectoryName]:
    """The active organisations of `canton_code` that may receive a case, by name."""
    schema = _schema_of(canton_code)
    if schema is None:
        return []
    table = f"{connection.ops.quote_name(schema)}.partners_organisation"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, name FROM {table} WHERE is_active AND type = ANY(%s) ORDER BY name, id",  # noqa: S608 - quoted schema
            [list(RECEIVING_TYPES)],
        )
        return [DirectoryName(organisation_id=row[0], name=row[1]) for row in cursor.fetchall()]


def receiving_organisation(*, canton_code: str, organisation_id: int) -> DirectoryName | None:
    """One organisation of `canton_code` by id, if it may receive a case."""
    return next(
        (o for o in receiving_organisations(canton_code=canton_code) if o.organisation_id == organisation_id), None
    )

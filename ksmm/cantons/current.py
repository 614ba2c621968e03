"""The canton the connection is in, and its languages: the one place that answers it.

Requests, Celery tasks and management commands all reach a canton's schema through django-tenants,
which keeps the schema name on the connection; `connection.tenant` is a full `Canton` only when the
schema was entered with `set_tenant`, so the languages come from the reference registry (static
data, no query) when it is not.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django_tenants.utils import get_public_schema_name

from .registry import CANTONS, CantonRecord

PRINT_LANGUAGES = ("de", "fr", "it", "en")
_BY_SCHEMA = {record.code.lower(): record for record in CANTONS}


def current_schema() -> str:
    """The schema the connection is in ("public" on the federal level)."""
    return str(getattr(connection, "schema_name", "") or get_public_schema_name())


def in_canton() -> bool:
    return current_schema() in _BY_SCHEMA


def current_record() -> CantonRecord:
    """The reference record of the current canton; refuses on the federal level."""
    record = _BY_SCHEMA.get(current_schema())
    if record is None:
        raise ImproperlyConfigured("This runs only inside a canton's schema.")
    return record


def current_canton_code() -> str:
    """The eCH-0007 abbreviation of the current canton, e.g. "ZH"."""
    return current_record().code


def print_language() -> str:
    """The canton's default language: the language of printed documents' chrome."""
    tenant = getattr(connection, "tenant", None)
    language = getattr(tenant, "default_language", None)
    if language is None:
        record = _BY_SCHEMA.get(current_schema())
        language = record.default_language if record else "de"
    return language if language in PRINT_LANGUAGES else "de"


def print_languages() -> tuple[str, ...]:
    """The default language, then the second official language where a canton has exactly two."""
    first = print_language()
    record = _BY_SCHEMA.get(current_schema())
    if record is None or len(record.official_languages) != 2:
        return (first,)
    second = next((code for code in record.official_languages if code != first), "")
    return (first, second) if second in PRINT_LANGUAGES else (first,)


def second_print_language() -> str:
    """The second language of a bilingual canton, or ""."""
    languages = print_languages()
    return languages[1] if len(languages) > 1 else ""

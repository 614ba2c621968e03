"""Provisioning of canton schemas and hosts."""

import logging

from django.conf import settings
from django.db import transaction
from django_tenants.utils import schema_exists

from .hosts import bump_registry_version
from .models import Canton, Domain
from .registry import FEDERAL_CODE, FEDERAL_NAMES, record_for
from .template import do_create_canton_schema

logger = logging.getLogger(__name__)


def default_domain_for(code: str) -> str:
    if code.upper() == FEDERAL_CODE:
        return settings.KSMM_BASE_DOMAIN
    return f"{code.lower()}.{settings.KSMM_BASE_DOMAIN}"


def do_provision_canton(*, code: str, domain: str | None = None) -> Canton:
    """Creates or updates a canton's registry row, schema and primary domain; idempotent.

    The row is refreshed from the reference data, the schema is created (a copy of the migrated
    template, see `template.py`) only when missing, and the canton becomes active.
    """
    if code.upper() == FEDERAL_CODE:
        return do_provision_federal_level(domain=domain)
    record = record_for(code)
    with transaction.atomic():
        canton, _created = Canton.objects.update_or_create(
            code=record.code,
            defaults={
                "schema_name": record.code.lower(),
                "level": Canton.Level.CANTON,
                "bfs_number": record.bfs_number,
                "name": record.name_de,
                "name_de": record.name_de,
                "name_fr": record.name_fr,
                "name_it": record.name_it,
                "name_en": record.name_en,
                "official_languages": list(record.official_languages),
                "default_language": record.default_language,
            },
        )
        _ensure_primary_domain(canton, domain or default_domain_for(record.code))
    created = not schema_exists(canton.schema_name)
    if created:
        do_create_canton_schema(schema_name=canton.schema_name)
    # Active only once its schema is migrated: beat and the health check count active cantons,
    # and a canton being provisioned while the platform runs must not get their tasks yet.
    if not canton.is_active:
        Canton.objects.filter(pk=canton.pk).update(is_active=True)
        canton.is_active = True
        bump_registry_version()
    logger.info("canton provisioned code=%s schema_created=%s", canton.code, created)
    return canton


def do_provision_federal_level(*, domain: str | None = None) -> Canton:
    with transaction.atomic():
        federal, _created = Canton.objects.update_or_create(
            code=FEDERAL_CODE,
            defaults={
                "schema_name": "public",
                "level": Canton.Level.FEDERAL,
                "bfs_number": None,
                "name": FEDERAL_NAMES["name_de"],
                **FEDERAL_NAMES,
                "official_languages": ["de", "fr", "it"],
                "default_language": "de",
                "is_active": True,
            },
        )
        _ensure_primary_domain(federal, domain or default_domain_for(FEDERAL_CODE))
    return federal


def do_deactivate_canton(*, code: str) -> Canton:
    """Takes a canton off the air: its host answers 404 and beat skips it. Data is kept."""
    canton = Canton.objects.get(code=code.upper())
    if canton.is_federal:
        raise ValueError("The federal level cannot be deactivated.")
    canton.is_active = False
    canton.save(update_fields=["is_active"])
    logger.info("canton deactivated code=%s", canton.code)
    return canton


def _ensure_primary_domain(canton: Canton, hostname: str) -> None:
    Domain.objects.filter(tenant=canton).exclude(domain=hostname).update(is_primary=False)
    Domain.objects.update_or_create(domain=hostname, defaults={"tenant": canton, "is_primary": True})

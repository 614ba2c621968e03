"""Tenant migrations for the schemas that exist and lag behind the code.

All 26 cantons are registry rows from the start, but a schema exists only once a canton is
provisioned; django-tenants' own executor would try to migrate every row. A schema with every
migration applied is skipped: `migrate` would still rebuild Django's whole model state for it
(seconds per schema, for nothing). The template that new cantons are cloned from is migrated
with the cantons, so that provisioning never waits for it.
"""

from django_tenants.migration_executors.base import MigrationExecutor
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import schema_exists

from .template import TEMPLATE_SCHEMA, unapplied_migrations


class ProvisionedSchemasExecutor(StandardExecutor):
    codename = "provisioned"

    def run_migrations(self, tenants: list[str] | None = None) -> None:
        wanted = list(tenants or [])
        if wanted and wanted != [self.PUBLIC_SCHEMA_NAME] and TEMPLATE_SCHEMA not in wanted:
            wanted.append(TEMPLATE_SCHEMA)
        lagging = [
            name
            for name in wanted
            if (name == self.PUBLIC_SCHEMA_NAME or schema_exists(name)) and unapplied_migrations(schema_name=name)
        ]
        super().run_migrations(tenants=lagging)


def get_executor(codename: str | None = None) -> type[MigrationExecutor]:
    return ProvisionedSchemasExecutor

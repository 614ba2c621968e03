"""Tenant migrations for the cantons whose schema exists.

All 26 cantons are registry rows from the start, but a schema exists only once a canton is
provisioned; django-tenants' own executor would try to migrate every row.
"""

from django_tenants.migration_executors.base import MigrationExecutor
from django_tenants.migration_executors.standard import StandardExecutor
from django_tenants.utils import schema_exists


class ProvisionedSchemasExecutor(StandardExecutor):
    codename = "provisioned"

    def run_migrations(self, tenants: list[str] | None = None) -> None:
        wanted = list(tenants or [])
        existing = [name for name in wanted if name == self.PUBLIC_SCHEMA_NAME or schema_exists(name)]
        super().run_migrations(tenants=existing)


def get_executor(codename: str | None = None) -> type[MigrationExecutor]:
    return ProvisionedSchemasExecutor

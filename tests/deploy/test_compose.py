"""docker-compose.yml is a valid Compose file and wires the stack past one machine as the README says.

No Docker engine runs here, so `docker compose config` cannot: the file is checked against the
Compose Specification's own JSON schema (deploy/compose/compose-spec.json, vendored from
github.com/compose-spec/compose-spec, schema/compose-spec.json), then for what the schema cannot
know: variables production needs, the replica, the pool mode, the number of each process.
"""

import copy
import json
import re
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.deploy.manifests import documents, required_environment
from tests.processes import PROJECT_DIR

COMPOSE_FILE = PROJECT_DIR / "docker-compose.yml"
SCHEMA = json.loads((PROJECT_DIR / "deploy" / "compose" / "compose-spec.json").read_text())
APP_SERVICES = ("web", "worker", "beat", "migrate")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    (document,) = documents(COMPOSE_FILE)
    return document


def schema_errors(document: dict[str, Any]) -> list[str]:
    return [error.message for error in Draft7Validator(SCHEMA).iter_errors(document)]


def host_of(url: str) -> str:
    match = re.match(r"postgres://[^@]+@([^:/]+)", url)
    assert match, url
    return match.group(1)


def test_the_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    assert schema_errors(compose) == []


def test_a_misspelt_key_or_an_unknown_value_is_rejected(compose: dict[str, Any]) -> None:
    misspelt = copy.deepcopy(compose)
    misspelt["services"]["web"]["replica"] = 2
    assert schema_errors(misspelt)
    unknown = copy.deepcopy(compose)
    unknown["services"]["db-replica"]["depends_on"]["db"]["condition"] = "service_ready"
    assert schema_errors(unknown)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_service_gets_every_variable_production_requires(compose: dict[str, Any], service: str) -> None:
    environment = compose["services"][service]["environment"]
    assert required_environment() - set(environment) == set()
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_every_variable_the_file_uses_is_named_in_its_header() -> None:
    text = COMPOSE_FILE.read_text()
    header = text.split("x-app:", 1)[0]
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    assert used
    assert {name for name in used if name not in header} == set()


def test_every_dependency_volume_and_mounted_file_exists(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name, service in services.items():
        assert set(service.get("depends_on", {})) <= set(services), name
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (PROJECT_DIR / source).is_file(), source
            else:
                assert source in compose["volumes"], source


def test_the_replica_is_cloned_from_the_primary_and_streams_from_its_slot(compose: dict[str, Any]) -> None:
    primary, replica = compose["services"]["db"], compose["services"]["db-replica"]
    assert "wal_level=replica" in primary["command"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    assert replica["depends_on"]["db"] == {"condition": "service_healthy"}
    assert replica["image"] == primary["image"]
    entrypoint = (PROJECT_DIR / "deploy" / "compose" / "replica-entrypoint.sh").read_text()
    initdb = (PROJECT_DIR / "deploy" / "compose" / "primary-init.sh").read_text()
    assert "pg_basebackup" in entrypoint and "--write-recovery-conf" in entrypoint
    slot = re.search(r"--slot (\w+)", entrypoint)
    assert slot and f"pg_create_physical_replication_slot('{slot.group(1)}')" in initdb
    assert "hot_standby=on" in entrypoint


def test_the_application_reaches_the_primary_through_pgbouncer_in_session_mode(compose: dict[str, Any]) -> None:
    services = compose["services"]
    pgbouncer = services["pgbouncer"]["environment"]
    assert pgbouncer["POOL_MODE"] == "session"
    assert pgbouncer["DB_HOST"] == "db"
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert host_of(environment["DATABASE_URL"]) == "pgbouncer", name
        assert host_of(environment["DATABASE_REPLICA_URL"]) == "db-replica", name
    # Migrations go straight to the primary; they never read from the replica.
    assert host_of(services["migrate"]["environment"]["DATABASE_URL"]) == "db"
    assert "DATABASE_REPLICA_URL" not in services["migrate"]["environment"]


def test_web_and_workers_are_scaled_and_beat_runs_exactly_once(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["web"]["deploy"]["replicas"] >= 2
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["beat"]["deploy"]["replicas"] == 1
    # Replicas cannot share a host port: only the balancer publishes one.
    assert "ports" not in services["web"]
    assert services["balancer"]["ports"] == ["8000:8000"]
    balancer = (PROJECT_DIR / "deploy" / "compose" / "balancer.conf").read_text()
    assert "http://web:8000" in balancer and "client_max_body_size 21m" in balancer

"""Schemathesis over every write operation with a delegated token: no server error, and every
answer as the schema says.

Vicky (coordinator of the demo victim aid, every grant on the case Aurora) lets a system of her
organisation act for her with every scope; what her role does not allow (decisions) answers 403.
Each generated request runs in a savepoint that is rolled back.
"""

import pytest
import schemathesis
from django.conf import settings as django_settings

from tests.api.delegation import delegated_token, delegating_client
from tests.api.test_schema import ZH_HOST, _bearer, _call, _with_cookie, _wsgi_keeps_the_test_connection
from tests.api.world import World
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = pytest.mark.django_db

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_write_operation_keeps_to_its_schema_for_a_system_acting_for_a_person(world: World) -> None:
    scopes = sorted(django_settings.OAUTH2_PROVIDER["SCOPES"])
    system = delegating_client(world.aid, scopes=scopes, name="Fallsystem Opferhilfe")
    token = delegated_token(world.vicky, system, scope=" ".join(scopes))
    raw_schema = sign_in(canton_client("zh"), world.vicky).get("/api/schema/?format=json").json()
    api_schema = schemathesis.openapi.from_dict(raw_schema)
    api_schema.app = _with_cookie(None)
    operations = [
        operation for result in api_schema.get_all_operations() if (operation := result.ok()).method.upper() in WRITES
    ]
    failures: list[str] = []
    counter = [0, 0]
    with _wsgi_keeps_the_test_connection():
        for operation in operations:
            _call(operation, world, {**ZH_HOST, **_bearer(token)}, failures, counter)
    print(f"schemathesis, delegated: {len(operations)} write operations, {counter[0]} cases, {len(failures)} failing")
    assert len(operations) >= 40
    # The token must get past the gates somewhere, or only refusals were checked.
    assert counter[1] >= 5, f"only {counter[1]} of {counter[0]} requests succeeded"
    assert failures == [], "\n".join(sorted(set(failures)))

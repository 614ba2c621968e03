"""The client scopes: one per kind of data, labelled truthfully, declared by every endpoint."""

import importlib
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import check_create_api_client
from ksmm.api.management.commands.api_client import Command
from ksmm.api.models import KNOWN_SCOPES
from ksmm.api.schema import SCHEME_DESCRIPTION
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

READ_SCOPES = {"directory", "core", "identity", "investigation", "residence", "notices"}
# Granted by a person to a system acting for them (authorisation code), never to a system alone.
WRITE_SCOPES = {"intake", "steps", "decisions", "deliveries"}
SCOPES = READ_SCOPES | WRITE_SCOPES
# People-only and not-yet-granted scopes an operation may require; no client holds them.
PEOPLE_ONLY = {"people-only", "undeclared", "inbox"}


def schema_of(client: Client, user: User) -> dict[str, object]:
    sign_in(client, user)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return dict(response.json())


def operations(schema: dict[str, object]) -> dict[tuple[str, str], list[str]]:
    """(method, path) -> the scopes the operation requires of a client."""
    found = {}
    for path, methods in schema["paths"].items():  # type: ignore[attr-defined]
        for method, operation in methods.items():
            [scopes] = [entry["oauth2"] for entry in operation["security"] if "oauth2" in entry]
            found[(method, path)] = scopes
    return found


def test_the_schema_lists_each_scope_with_its_label_in_the_readers_language(zh_client: Client, alice: User) -> None:
    scheme = schema_of(zh_client, alice)["components"]["securitySchemes"]["oauth2"]  # type: ignore[index]
    assert set(scheme["flows"]["clientCredentials"]["scopes"]) == READ_SCOPES
    scopes = scheme["flows"]["authorizationCode"]["scopes"]
    assert set(scopes) == SCOPES
    with translation.override("de"):  # alice reads German
        labels = {name: str(label) for name, label in settings.OAUTH2_PROVIDER["SCOPES"].items()}
        assert scheme["description"] == str(SCHEME_DESCRIPTION)
    assert scopes == labels
    with translation.override("en"):
        assert "Victims' identities" in str(settings.OAUTH2_PROVIDER["SCOPES"]["identity"])
        assert "evidence notes" in str(settings.OAUTH2_PROVIDER["SCOPES"]["investigation"])
        assert "No case data" in str(settings.OAUTH2_PROVIDER["SCOPES"]["directory"])
    assert "Identität der Opfer" in scopes["identity"]


def test_every_operation_names_the_scopes_of_what_it_opens(zh_client: Client, alice: User) -> None:
    required = operations(schema_of(zh_client, alice))
    assert required[("get", "/api/v1/cases/{id}/identity/")] == ["core", "identity"]
    assert required[("get", "/api/v1/cases/{case_id}/checklist/")] == ["core", "identity"]
    assert required[("get", "/api/v1/cases/{id}/evidence-notes/")] == ["core", "investigation"]
    assert required[("get", "/api/v1/cases/{case_id}/interviews/")] == ["core", "investigation"]
    assert required[("get", "/api/v1/cases/{case_id}/safety/")] == ["core"]  # the core summary
    assert required[("get", "/api/v1/cases/{id}/counselling-notes/")] == ["people-only"]
    assert required[("get", "/api/v1/reflection-periods/")] == ["core", "residence"]
    assert required[("get", "/api/v1/organisations/")] == ["directory"]
    assert required[("get", "/api/v1/notices/")] == ["notices"]
    assert required[("get", "/api/v1/me")] == []
    assert required[("post", "/api/v1/cases/")] == ["core", "intake"]
    assert required[("post", "/api/v1/reflection-periods/{id}/decide/")] == ["core", "residence", "decisions"]
    assert required[("post", "/api/v1/permit-requests/{id}/decide/")] == ["core", "residence", "decisions"]
    assert required[("post", "/api/v1/reflection-periods/")] == ["people-only"]
    assert required[("post", "/api/v1/cases/{case_id}/notice-deliveries/")] == ["core", "notices", "deliveries"]
    assert required[("post", "/api/v1/cases/{id}/counselling-notes/")] == ["people-only"]
    assert required[("post", "/api/v1/referrals/")] == ["people-only"]
    for (method, path), scopes in required.items():
        assert set(scopes) <= SCOPES | PEOPLE_ONLY, (method, path)
        if method == "get":
            assert "undeclared" not in scopes, path  # every read says what it opens


def test_create_refuses_scopes_beyond_what_the_organisation_type_is_granted() -> None:
    with schema_context("zh"):
        ngo = OrganisationFactory(type=Organisation.Type.NGO)
        aid = OrganisationFactory(type=Organisation.Type.VICTIM_AID)
        with pytest.raises(ValueError, match="investigation"):
            check_create_api_client(organisation_id=aid.pk, name="Fallsystem", scopes=["core", "investigation"])
        with pytest.raises(ValueError, match="identity"):
            check_create_api_client(organisation_id=ngo.pk, name="Fallsystem", scopes=["core", "identity"])
        with pytest.raises(ValueError, match="core"):
            check_create_api_client(organisation_id=aid.pk, name="Fallsystem", scopes=["identity"])
        with pytest.raises(ValueError, match="subset"):
            check_create_api_client(organisation_id=aid.pk, name="Fallsystem", scopes=["read"])
        created = check_create_api_client(organisation_id=aid.pk, name="Fallsystem", scopes=["core", "identity"])
    assert created.client.scopes == ["core", "identity"]


def test_the_command_explains_each_scope_and_the_grants() -> None:
    with translation.override("en"):  # as manage.py runs commands
        parser = Command().create_parser("manage.py", "api_client")
        subparsers = next(action for action in parser._actions if action.dest == "action")
        create_help = subparsers.choices["create"].format_help()  # type: ignore[attr-defined]
    for scope in SCOPES:
        assert f"  {scope} " in create_help
    assert "Victims' identities" in create_help
    assert "AND its organisation's grant" in create_help
    with schema_context("zh"):
        police = OrganisationFactory(type=Organisation.Type.CANTONAL_POLICE)
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "api_client", "create", "--canton", "ZH", "--organisation-id", str(police.pk), "--name", "Polizei",
            "--scopes", "core", "investigation", stdout=out,
        )  # fmt: skip
    assert "investigation: Investigation data" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("api_client", "create", "--canton", "ZH", "--organisation-id", str(police.pk), "--name", "X",
                     "--scopes", "read")  # fmt: skip


def test_clients_holding_read_get_the_scopes_their_organisation_type_reads() -> None:
    migration = importlib.import_module("ksmm.api.migrations.0003_scopes_per_compartment")
    assert migration.scopes_for_type("cantonal_police") == sorted(READ_SCOPES)
    assert migration.scopes_for_type("victim_aid") == ["core", "directory", "identity", "notices", "residence"]
    assert migration.scopes_for_type("ngo") == ["core", "directory", "notices", "residence"]
    assert set(migration.SCOPES) == READ_SCOPES
    assert set(importlib.import_module("ksmm.api.migrations.0004_write_scopes").SCOPES) == SCOPES
    assert set(KNOWN_SCOPES) == SCOPES

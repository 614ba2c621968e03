"""Systems writing on behalf of a person: authorisation code with PKCE, scopes by capability, a
token that never exceeds the person, short-lived and revocable."""

import io
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context
from oauth2_provider.models import AccessToken, RefreshToken

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.api.actions import NewApiClient, do_create_api_client
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.memberships.actions import do_set_membership_active, do_update_membership
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.api.conftest import basic_credentials, bearer, obtain_token
from tests.api.delegation import (
    REDIRECT_URI,
    approve,
    authorize_query,
    code_from,
    delegated_token,
    delegated_tokens,
    delegating_client,
    exchange,
    pkce,
)
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import TEST_PASSWORD
from tests.personas import ALICE, BOB, MIA, VERA, member, membership, new_organisation

pytestmark = pytest.mark.django_db

INTAKE = {
    "pseudonym": "Ivy",
    "opened_on": "2026-05-04",
    "source": "victim_aid",
    "exploitation_type": "labour",
    "place_of_exploitation": "unknown",
}


@pytest.fixture
def zh_aid(db: None) -> Organisation:
    return new_organisation("zh", Organisation.Type.VICTIM_AID, "Opferhilfe Zürich")


@pytest.fixture
def vera(zh_aid: Organisation) -> Membership:
    """A victim-aid counsellor in ZH, with an authenticator, who reads German."""
    vera = membership(VERA, organisation=zh_aid, email="vera@aid.test", language="de")
    TOTPDevice.objects.create(user=vera.user, name="phone", confirmed=True)
    return vera


@pytest.fixture
def aid_system(zh_aid: Organisation) -> NewApiClient:
    return delegating_client(zh_aid, scopes=["core", "notices", "intake", "steps", "deliveries"])


def _intake_choices() -> dict[str, str]:
    return {
        **INTAKE,
        "source": Case.Source.values[0],
        "exploitation_type": Case.ExploitationType.values[0],
        "place_of_exploitation": Case.Place.values[0],
    }


def test_a_person_signed_in_with_totp_lets_a_system_open_a_case_named_for_both(
    vera: Membership, aid_system: NewApiClient
) -> None:
    browser = canton_client("zh")
    pair = pkce()
    consent = authorize_query(aid_system, scope="core intake", challenge=pair.challenge)
    to_login = browser.get(consent)
    assert to_login.status_code == 302 and to_login["Location"].startswith("/accounts/login/")
    next_url = parse_qs(urlsplit(to_login["Location"]).query)["next"][0]
    assert next_url == consent
    password = browser.post(
        "/accounts/login/", {"username": "vera@aid.test", "password": TEST_PASSWORD, "next": next_url}
    )
    assert password["Location"].startswith("/accounts/verify/")
    device = TOTPDevice.objects.get(user=vera.user)
    verified = browser.post(password["Location"], {"token": f"{totp(device.bin_key):06d}"})
    assert verified.status_code == 302 and verified["Location"] == consent
    page = browser.get(consent)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Fallsystem" in html and "Opferhilfe Zürich" in html
    # The form's answer redirects to the system: its origin, and only it, is a form action.
    assert "form-action 'self' https://fallsystem.example;" in page["Content-Security-Policy"] + ";"
    assert "Neue Fälle eröffnen" in html or "intake" in html  # the scope, described
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    approved = browser.post("/api/oauth/authorize/", {**data, "allow": "on"})
    code = code_from(approved)
    # RFC 9207: the redirect names the issuer of the metadata document, against mix-ups.
    returned = parse_qs(urlsplit(approved["Location"]).query)
    assert returned["iss"] == ["http://zh.localhost"] and returned["state"] == ["st-123"]
    tokens = exchange(
        canton_client("zh"), aid_system, grant_type="authorization_code", code=code, code_verifier=pair.verifier
    ).json()
    assert (
        tokens["expires_in"] == 600 and tokens["refresh_token"] and set(tokens["scope"].split()) == {"core", "intake"}
    )
    system = canton_client("zh")
    created = system.post(
        "/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(tokens["access_token"])
    )
    assert created.status_code == 201, created.content
    with schema_context("zh"):
        entry = AuditEntry.objects.get(
            action=AuditAction.CREATE, object_type="cases.case", object_id=str(created.json()["id"])
        )
        assert (entry.actor_kind, entry.actor_user_id, entry.actor_client_id) == (
            AuditEntry.ActorKind.DELEGATED,
            vera.user_id,
            aid_system.client.pk,
        )
        assert entry.actor_organisation_id == vera.organisation_id
        granted = AuditEntry.objects.get(action=AuditAction.GRANT, object_type="api.apiclient")
        assert granted.actor_user_id == vera.user_id and "core intake" in granted.purpose


def test_the_audit_trail_shows_the_person_via_the_system(zh_aid: Organisation, aid_system: NewApiClient) -> None:
    admin = member(VERA, organisation=zh_aid, role=Membership.Role.CANTON_ADMIN)
    token = delegated_token(admin, aid_system, scope="core intake")
    assert (
        canton_client("zh")
        .post("/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(token))
        .status_code
        == 201
    )
    page = sign_in(canton_client("zh"), admin).get("/audit/")
    assert page.status_code == 200
    # Zürich's pages speak German: "<person> über <system>".
    assert "Vera Beraterin über Fallsystem" in page.content.decode()
    # The delegated entries are links of the chain like any other.
    out = io.StringIO()
    call_command("audit_verify", "--schema", "zh", stdout=out)
    assert "zh: intact" in out.getvalue()
    with schema_context("zh"):
        assert AuditEntry.objects.filter(actor_kind=AuditEntry.ActorKind.DELEGATED).exists()


def test_a_system_is_refused_every_write_without_a_person(zh_aid: Organisation, vera: Membership) -> None:
    with schema_context("zh"):
        system = do_create_api_client(organisation=zh_aid, name="Nur lesen", scopes=["core", "notices", "directory"])
    assert obtain_token(canton_client("zh"), system, scope="core intake").json()["error"] == "invalid_scope"
    token = obtain_token(canton_client("zh"), system).json()["access_token"]
    with schema_context("zh"):
        # Even a token that somehow carried every write scope writes nothing.
        AccessToken.objects.filter(application=system.client.application).update(
            scope="core notices directory intake steps decisions deliveries"
        )
        case_id = Case.objects.values_list("pk", flat=True).first() or 1
    client = canton_client("zh")
    schema = sign_in(canton_client("zh"), vera.user).get("/api/schema/?format=json").json()
    writes = 0
    for template, item in schema["paths"].items():
        path = template.replace("{case_id}", str(case_id)).replace("{id}", "1").replace("{consent_id}", "1")
        for method in ("post", "put", "patch", "delete"):
            if method in item:
                response = getattr(client, method)(path, {}, content_type="application/json", **bearer(token))
                # Uploads take multipart bodies only: refused before any gate, nothing written.
                expected = {403, 415} if template.endswith("/attachments/") else {403}
                assert response.status_code in expected, (method, template, response.status_code)
                writes += 1
    assert writes >= 40


def test_a_police_officers_token_cannot_decide_a_reflection_period_even_with_the_decisions_scope(
    db: None,
) -> None:
    police = new_organisation("zh", Organisation.Type.CANTONAL_POLICE, "Kantonspolizei Zürich")
    alice = member(ALICE, organisation=police)
    system = delegating_client(police, scopes=["core", "residence", "decisions"])
    token = delegated_token(alice, system, scope="core residence decisions")
    body = {"grant": True, "length_days": 30, "starts_on": "2026-05-04", "reasons": ""}
    for path in ("/api/v1/reflection-periods/1/decide/", "/api/v1/permit-requests/1/decide/"):
        response = canton_client("zh").post(path, body, content_type="application/json", **bearer(token))
        assert response.status_code == 403, path
        assert response["Content-Type"] == "application/problem+json"


def test_a_migration_office_persons_token_reaches_the_decision_but_not_an_intake(db: None) -> None:
    office = new_organisation("zh", Organisation.Type.MIGRATION_OFFICE, "Migrationsamt Zürich")
    mia = member(MIA, organisation=office)
    system = delegating_client(office, scopes=["core", "residence", "decisions"])
    token = delegated_token(mia, system, scope="core residence decisions")
    client = canton_client("zh")
    # Past the scope and the review right: the period does not exist, so 404, not 403.
    decide = client.post(
        "/api/v1/reflection-periods/999999/decide/", {}, content_type="application/json", **bearer(token)
    )
    assert decide.status_code == 404
    assert (
        client.post("/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(token)).status_code
        == 403
    )


def test_a_delegated_token_is_unknown_in_another_canton(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    response = canton_client("ge").get("/api/v1/me", **bearer(token))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_an_outsider_from_another_canton_gets_404_on_the_consent_screen(aid_system: NewApiClient) -> None:
    bob = member(BOB)
    browser = sign_in(canton_client("zh"), bob)
    assert browser.get(authorize_query(aid_system, scope="core", challenge=pkce().challenge)).status_code == 404


def test_a_member_of_another_organisation_cannot_let_the_system_act_for_them(
    aid_system: NewApiClient, db: None
) -> None:
    alice = member(ALICE)
    browser = sign_in(canton_client("zh"), alice)
    page = browser.get(authorize_query(aid_system, scope="core intake", challenge=pkce().challenge))
    assert page.status_code == 403
    assert "anderen Organisation" in page.content.decode() or "another organisation" in page.content.decode()
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, actor_user_id=alice.pk).exists()
        assert not AccessToken.objects.exists()


def test_a_client_credentials_client_has_no_consent_screen(zh_aid: Organisation, vera: Membership) -> None:
    with schema_context("zh"):
        system = do_create_api_client(organisation=zh_aid, name="Nur lesen", scopes=["core"])
    browser = sign_in(canton_client("zh"), vera.user)
    assert browser.get(authorize_query(system, scope="core", challenge=pkce().challenge)).status_code == 400


def test_declining_redirects_with_access_denied_and_is_recorded(vera: Membership, aid_system: NewApiClient) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    page = browser.get(authorize_query(aid_system, scope="core intake", challenge=pkce().challenge))
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    declined = browser.post("/api/oauth/authorize/", data)
    assert declined.status_code == 302
    assert parse_qs(urlsplit(declined["Location"]).query)["error"] == ["access_denied"]
    with schema_context("zh"):
        assert AuditEntry.objects.filter(
            action=AuditAction.ACCESS_DENIED, actor_user_id=vera.user_id, purpose="delegated access declined"
        ).exists()


def test_plain_pkce_and_no_pkce_are_refused(vera: Membership, aid_system: NewApiClient) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    plain = browser.get(authorize_query(aid_system, scope="core", challenge="a" * 50, code_challenge_method="plain"))
    none = browser.get(authorize_query(aid_system, scope="core", challenge="", code_challenge_method=""))
    for response in (plain, none):
        assert response.status_code == 400
        assert "S256" in response.content.decode()
    # A tampered form is refused too.
    page = browser.get(authorize_query(aid_system, scope="core", challenge=pkce().challenge))
    data = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    tampered = browser.post("/api/oauth/authorize/", {**data, "code_challenge_method": "plain", "allow": "on"})
    assert tampered.status_code == 400


def test_a_wrong_verifier_gets_no_token(vera: Membership, aid_system: NewApiClient) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    code = code_from(approve(browser, aid_system, scope="core", challenge=pkce().challenge))
    response = exchange(
        canton_client("zh"), aid_system, grant_type="authorization_code", code=code, code_verifier=pkce().verifier
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_redirect_uri_not_registered_exactly_is_refused_without_redirecting(
    vera: Membership, aid_system: NewApiClient
) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    for uri in ("https://evil.example/callback", REDIRECT_URI + "/more", REDIRECT_URI + "?x=1"):
        response = browser.get(authorize_query(aid_system, scope="core", challenge=pkce().challenge, redirect_uri=uri))
        assert response.status_code == 400, uri


def test_a_client_of_the_organisation_cannot_register_a_plain_http_redirect() -> None:
    from ksmm.api.actions import check_redirect_uri

    with pytest.raises(ValueError, match="exact https"):
        check_redirect_uri("http://fallsystem.example/callback")
    with pytest.raises(ValueError, match="exact https"):
        check_redirect_uri("https://fallsystem.example/callback#x")
    assert check_redirect_uri("http://127.0.0.1:8765/cb") == "http://127.0.0.1:8765/cb"


def test_a_revoked_token_gets_401(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    client = canton_client("zh")
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200
    revoked = client.post(
        "/api/oauth/revoke_token/",
        urlencode({"token": token}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic_credentials(aid_system),
    )
    assert revoked.status_code == 200
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_refresh_tokens_rotate_and_a_reused_one_ends_the_family(vera: Membership, aid_system: NewApiClient) -> None:
    first = delegated_tokens(vera.user, aid_system, scope="core intake")
    client = canton_client("zh")
    second = exchange(client, aid_system, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"] and second["expires_in"] == 600
    assert client.get("/api/v1/me", **bearer(second["access_token"])).status_code == 200
    reused = exchange(client, aid_system, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    # The whole family is revoked: the newest refresh token is no good either.
    assert (
        exchange(client, aid_system, grant_type="refresh_token", refresh_token=second["refresh_token"]).status_code
        == 400
    )
    with schema_context("zh"):
        assert not RefreshToken.objects.filter(user=vera.user, revoked__isnull=True).exists()


def test_a_token_of_a_deactivated_person_stops_working_at_once(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    User.objects.filter(pk=vera.user_id).update(is_active=False)
    assert canton_client("zh").get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_token_stops_working_when_the_membership_ends(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    with schema_context("zh"):
        Membership.objects.filter(pk=vera.pk).update(is_active=False)  # as if ended by hand in the database
    assert canton_client("zh").get("/api/v1/me", **bearer(token)).status_code == 401
    with schema_context("zh"):
        Membership.objects.filter(pk=vera.pk).update(is_active=True)
        membership = Membership.objects.select_related("organisation").get(pk=vera.pk)
        do_set_membership_active(acting_user=vera.user, membership=membership, active=False)
        assert not AccessToken.objects.filter(user=vera.user).exists()
        assert not RefreshToken.objects.filter(user=vera.user, revoked__isnull=True).exists()


def test_a_new_role_ends_the_systems_access(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    with schema_context("zh"):
        membership = Membership.objects.select_related("organisation").get(pk=vera.pk)
        do_update_membership(
            acting_user=vera.user,
            membership=membership,
            organisation=membership.organisation,
            role=Membership.Role.LEAD,
        )
    assert canton_client("zh").get("/api/v1/me", **bearer(token)).status_code == 401


def test_me_names_the_person_and_the_system(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core intake")
    body = canton_client("zh").get("/api/v1/me", **bearer(token)).json()
    assert body["kind"] == "delegated"
    assert body["person"]["role"] == vera.role
    assert body["client"]["name"] == "Fallsystem" and body["client"]["scopes"] == ["core", "intake"]


def test_a_token_asks_only_for_what_the_client_holds(vera: Membership, aid_system: NewApiClient) -> None:
    browser = sign_in(canton_client("zh"), vera.user)
    response = browser.get(authorize_query(aid_system, scope="core decisions", challenge=pkce().challenge))
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["error"] == ["invalid_scope"]


def test_the_intake_needs_the_intake_scope(vera: Membership, aid_system: NewApiClient) -> None:
    token = delegated_token(vera.user, aid_system, scope="core steps")
    response = canton_client("zh").post(
        "/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(token)
    )
    assert response.status_code == 403


def test_two_people_behind_one_system_do_not_share_idempotency_keys(
    zh_aid: Organisation, vera: Membership, aid_system: NewApiClient
) -> None:
    colleague = member(VERA, organisation=zh_aid)
    first = delegated_token(vera.user, aid_system, scope="core intake")
    second = delegated_token(colleague, aid_system, scope="core intake")
    client = canton_client("zh")
    key = {"HTTP_IDEMPOTENCY_KEY": "intake-1"}
    one = client.post("/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(first), **key)
    two = client.post("/api/v1/cases/", _intake_choices(), content_type="application/json", **bearer(second), **key)
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] != two.json()["id"] and "Idempotent-Replayed" not in two


def test_the_command_creates_a_client_for_people_only_with_redirect_uris(zh_aid: Organisation) -> None:
    out = io.StringIO()
    common = ["api_client", "create", "--canton", "ZH", "--organisation-id", str(zh_aid.pk), "--name", "Fallsystem"]
    call_command(*common, "--scopes", "core", "intake", "--redirect-uri", REDIRECT_URI, stdout=out)
    assert "grant type: authorization-code" in out.getvalue() and REDIRECT_URI in out.getvalue()
    with pytest.raises(CommandError, match="people only"):
        call_command(*common, "--scopes", "core", "intake", stdout=io.StringIO())
    with pytest.raises(CommandError, match="exact https"):
        call_command(
            *common, "--scopes", "core", "--redirect-uri", "http://fallsystem.example/cb", stdout=io.StringIO()
        )

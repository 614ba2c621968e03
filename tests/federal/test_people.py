"""The federal administrator's people: invite, accept, revoke; who may see the pages at all."""

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ksmm.accounts.models import FederalRole, User
from ksmm.audit.chain import verify_current_schema
from ksmm.audit.models import AuditEntry
from ksmm.federal.models import FederalInvitation
from tests.auth import sign_in
from tests.factories import TEST_PASSWORD, UserFactory
from tests.federal.conftest import ADMIN_PAGES
from tests.personas import ALICE, ANTON, federal_person, member
from tests.queries import assert_count, statements_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and new passphrase"


def invite(client: Client, *, email: str = "Nina@FedPol.test", role: str = "analyst", language: str = "fr"):  # type: ignore[no-untyped-def]
    return client.post(
        "/federal/people/invite/", {"email": email, "full_name": "Nina Neu", "role": role, "language": language}
    )


def public_entries(**filters: object) -> list[tuple[str, str, str]]:
    return list(
        AuditEntry.objects.filter(**filters).order_by("sequence").values_list("action", "object_type", "purpose")
    )


def test_an_administrator_invites_an_analyst_who_accepts_enrols_and_signs_in(
    fiona_client: Client,
    fiona: User,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(fiona_client)
    assert response.status_code == 302 and response["Location"] == "/federal/people/"
    (message,) = mailbox.messages
    assert message["To"] == "nina@fedpol.test"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == "Invitation au niveau fédéral de la plateforme des tables rondes", "in her language"
    assert "Nina" not in subject
    assert "Analyste fédéral·e" in mailbox.body()
    link = re.search(r"http://localhost:\d+(/federal/invitation/[^/\s]+/)", mailbox.body()).group(1)

    nina = User.objects.get(email="nina@fedpol.test")
    assert (nina.federal_role, nina.language, nina.has_usable_password()) == ("analyst", "fr", False)
    invitee = Client(HTTP_HOST="localhost")
    assert invitee.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    gone = invitee.get(link)
    assert gone.status_code == 404, "the link works once"
    assert "Dieser Link wurde bereits verwendet oder ist abgelaufen." in gone.content.decode(), "bare host: German"

    login = invitee.post("/accounts/login/", {"username": "nina@fedpol.test", "password": NEW_PASSWORD})
    assert login["Location"].startswith("/accounts/enrol/")
    invitee.get(login["Location"])
    device = TOTPDevice.objects.get(user=nina, confirmed=False)
    assert invitee.post("/accounts/enrol/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 200
    assert invitee.get("/federal/people/").status_code == 403, "an analyst, not an administrator"
    assert public_entries(actor_user_id=fiona.pk, action="grant") == [
        ("grant", "accounts.user", "federal role analyst")
    ]
    assert public_entries(actor_user_id=nina.pk, action="update") == [
        ("update", "federal.federalinvitation", "invitation accepted")
    ]
    assert verify_current_schema().is_intact


@pytest.mark.parametrize(
    ("email", "error"),
    [("not an address", "Gib eine gültige E-Mail Adresse an."), ("", "Dieses Feld ist zwingend erforderlich.")],
)
def test_a_bad_address_is_refused_with_a_translated_error(fiona_client: Client, email: str, error: str) -> None:
    response = invite(fiona_client, email=email)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not FederalInvitation.objects.filter(user__full_name="Nina Neu").exists()


def test_an_unknown_role_is_refused_and_nobody_is_invited(fiona_client: Client) -> None:
    response = invite(fiona_client, role="superuser")
    assert response.status_code == 200
    assert not FederalInvitation.objects.filter(user__full_name="Nina Neu").exists()


def test_a_person_who_already_has_a_federal_role_is_not_invited_again(fiona_client: Client, anton: User) -> None:
    response = invite(fiona_client, email=anton.email.upper(), role="admin")
    assert response.status_code == 200
    assert "Diese Person hat bereits eine Rolle auf Bundesebene." in response.content.decode()
    anton.refresh_from_db()
    assert anton.federal_role == FederalRole.ANALYST


def test_a_person_who_never_accepted_gets_a_fresh_link_and_the_old_one_stops(
    fiona_client: Client,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(fiona_client)
        invite(fiona_client)
    old, new = (re.search(r"(/federal/invitation/[^/\s]+/)", mailbox.body(i)).group(1) for i in (0, 1))
    invitee = Client(HTTP_HOST="localhost")
    assert invitee.get(old).status_code == 404
    assert invitee.get(new).status_code == 200


def test_an_expired_invitation_shows_a_clear_page_not_an_error(
    fiona_client: Client,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(fiona_client, language="de")
    link = re.search(r"(/federal/invitation/[^/\s]+/)", mailbox.body()).group(1)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client(HTTP_HOST="localhost").post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert "Dieser Link wurde bereits verwendet oder ist abgelaufen." in response.content.decode()
    assert not User.objects.get(email="nina@fedpol.test").has_usable_password()


def test_a_made_up_token_answers_the_same_page(federal_client: Client) -> None:
    assert federal_client.get("/federal/invitation/not-a-token/").status_code == 404


def test_revoking_a_role_ends_the_persons_sessions_and_sign_in_on_the_bare_host(
    fiona_client: Client, fiona: User, anton: User
) -> None:
    antons_session = sign_in(Client(HTTP_HOST="localhost"), anton)
    assert antons_session.get("/").status_code == 200 and "_auth_user_id" in antons_session.session
    response = fiona_client.post(f"/federal/people/{anton.pk}/revoke/")
    assert response.status_code == 302
    anton.refresh_from_db()
    assert anton.federal_role == ""
    antons_session.get("/")
    assert "_auth_user_id" not in antons_session.session, "the session ended"
    refused = Client(HTTP_HOST="localhost").post(
        "/accounts/login/", {"username": anton.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 200
    assert public_entries(actor_user_id=fiona.pk, action="revoke") == [
        ("revoke", "accounts.user", "federal role analyst")
    ]


def test_revoking_keeps_the_persons_canton_membership(fiona_client: Client) -> None:
    alice = member(ALICE)
    alice.federal_role = FederalRole.ANALYST
    alice.save()
    fiona_client.post(f"/federal/people/{alice.pk}/revoke/")
    assert sign_in(Client(HTTP_HOST="zh.localhost"), alice).get("/partners/").status_code == 200


def test_an_administrator_cannot_revoke_their_own_role(fiona_client: Client, fiona: User) -> None:
    response = fiona_client.post(f"/federal/people/{fiona.pk}/revoke/", follow=True)
    assert "Sie können Ihre eigene Rolle auf Bundesebene nicht entziehen." in response.content.decode()
    fiona.refresh_from_db()
    assert fiona.federal_role == FederalRole.ADMIN


def test_revoking_someone_without_a_federal_role_answers_404(fiona_client: Client) -> None:
    assert fiona_client.post(f"/federal/people/{UserFactory().pk}/revoke/").status_code == 404


def test_the_people_page_lists_federal_people_only_and_records_the_read(
    fiona_client: Client, fiona: User, anton: User
) -> None:
    alice = member(ALICE)
    page = fiona_client.get("/federal/people/").content.decode()
    assert anton.email in page and fiona.email in page
    assert alice.email not in page
    assert public_entries(actor_user_id=fiona.pk, action="read") == [("read", "federal.people", "")]


def test_the_people_page_runs_the_same_statements_for_1_and_50_people(fiona_client: Client) -> None:
    """Counted with tests/queries.py: session, user, audit lock, head and insert, the list."""
    one = statements_of(fiona_client, "/federal/people/")
    for number in range(49):
        federal_person(ANTON, email=f"analyst{number}@fedpol.test")
    fifty = statements_of(fiona_client, "/federal/people/")
    assert len(one) == len(fifty)
    assert_count(one, 7, without_search_path=6)


@pytest.mark.parametrize(("path", "method"), ADMIN_PAGES)
def test_an_analyst_gets_403_on_every_administrator_page(
    federal_client: Client, anton: User, path: str, method: str
) -> None:
    sign_in(federal_client, anton)
    assert getattr(federal_client, method)(path).status_code == 403
    assert AuditEntry.objects.filter(actor_user_id=anton.pk, action="access_denied").exists()


@pytest.mark.parametrize(("path", "method"), [*ADMIN_PAGES, ("/federal/invitation/x/", "get")])
def test_every_federal_page_is_missing_on_a_canton_host_even_for_a_federal_administrator(
    zh_client: Client, fiona: User, path: str, method: str
) -> None:
    sign_in(zh_client, fiona)
    assert getattr(zh_client, method)(path).status_code == 404


@pytest.mark.parametrize(("path", "method"), ADMIN_PAGES)
def test_a_canton_users_session_on_the_bare_host_ends_before_any_federal_page(
    federal_client: Client, path: str, method: str
) -> None:
    """She cannot sign in there (test_sign_in); a session made by hand is ended, not served."""
    alice = member(ALICE)
    sign_in(federal_client, alice)
    response = getattr(federal_client, method)(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in federal_client.session
    with schema_context("public"):
        assert not FederalInvitation.objects.filter(user__full_name="Nina Neu").exists()


@pytest.mark.parametrize(("path", "method"), ADMIN_PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(federal_client: Client, path: str, method: str) -> None:
    response = getattr(federal_client, method)(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

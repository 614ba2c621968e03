"""Onboarding a canton: from the federal administrator's form to its first signed-in administrator."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.cantons.models import Canton
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.personas import ADAM, member
from tests.queries import assert_count, statements_of

pytestmark = pytest.mark.django_db

PASSWORD = "a long and new passphrase"


def onboard(client: Client, code: str = "UR", email: str = "Urs@UR.test"):  # type: ignore[no-untyped-def]
    return client.post(
        "/federal/cantons/onboard/",
        {"code": code, "admin_email": email, "admin_name": "Urs Uri", "language": "de"},
    )


def test_a_new_canton_is_onboarded_to_its_first_signed_in_administrator(
    fiona_client: Client,
    fiona: User,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = onboard(fiona_client)
    assert response.status_code == 302 and response["Location"] == "/federal/cantons/"
    assert Canton.objects.get(code="UR").is_active
    (message,) = mailbox.messages
    assert message["To"] == "urs@ur.test"
    link = re.search(r"http://ur\.localhost:\d+(/manage/invitation/[^/\s]+/)", mailbox.body()).group(1)
    with schema_context("ur"):
        admin = Membership.objects.select_related("organisation").get(user__email="urs@ur.test")
        assert admin.role == Membership.Role.CANTON_ADMIN
        assert admin.organisation.type == Organisation.Type.COORDINATION_UNIT
        assert admin.organisation.name == "Koordinationsstelle gegen Menschenhandel, Kanton Uri"
        assert AuditEntry.objects.filter(actor_user_id=fiona.pk, action="grant", purpose="invitation").exists()
    assert AuditEntry.objects.filter(
        actor_user_id=fiona.pk,
        action="grant",
        object_type="cantons.canton",
        object_id=str(Canton.objects.get(code="UR").pk),
    ).exists(), "the federal chain records the onboarding"

    urs = Client(HTTP_HOST="ur.localhost")
    assert urs.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    step = urs.post("/accounts/login/", {"username": "urs@ur.test", "password": PASSWORD})
    assert step["Location"].startswith("/accounts/enrol/")
    urs.get(step["Location"])
    device = TOTPDevice.objects.get(user__email="urs@ur.test", confirmed=False)
    assert urs.post("/accounts/enrol/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 200
    home = urs.get("/", follow=True)
    assert home.status_code == 200 and "Urs Uri" in home.content.decode()
    assert urs.get("/manage/people/").status_code == 200, "he runs the canton's people"

    state = fiona_client.get("/federal/cantons/").content.decode()
    assert "UR · Uri" in state
    again = onboard(fiona_client, email="other@ur.test")
    assert "Dieser Kanton hat bereits eine Kantonsadministration." in again.content.decode()


def test_an_unknown_canton_code_is_refused_with_a_translated_error(fiona_client: Client) -> None:
    response = onboard(fiona_client, code="XX")
    assert response.status_code == 200
    assert "Es gibt keinen Kanton mit der Abkürzung XX." in response.content.decode()


def test_a_canton_with_an_administrator_is_not_onboarded_again(fiona_client: Client) -> None:
    member(ADAM)
    response = onboard(fiona_client, code="ZH")
    assert "Dieser Kanton hat bereits eine Kantonsadministration." in response.content.decode()


def test_an_open_invitation_blocks_a_second_one(
    fiona_client: Client,
    mailbox,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        onboard(fiona_client, code="JU", email="jules@ju.test")
    assert Canton.objects.get(code="JU").is_active, "a deactivated canton comes back"
    response = onboard(fiona_client, code="JU", email="other@ju.test")
    assert "Eine Einladung an die erste Kantonsadministration dieses Kantons ist noch offen." in (
        response.content.decode()
    )


def test_the_cantons_page_shows_all_26_cantons_in_a_fixed_number_of_statements(fiona_client: Client) -> None:
    """However many cantons are provisioned: one UNION over their schemas, not one query each."""
    member(ADAM)
    page = fiona_client.get("/federal/cantons/").content.decode()
    assert len(re.findall(r"<tr>", page)) == 27, "a heading row and the 26 cantons"
    assert "ZH aufschalten" not in page and "UR aufschalten" in page
    assert_count(statements_of(fiona_client, "/federal/cantons/"), 10, without_search_path=9)


def test_the_command_onboards_and_explains_its_refusals(mailbox) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("onboard_canton", "sz", "--admin-email", "sara@sz.test", "--admin-name", "Sara Schwyz", stdout=out)
    assert "SZ: active" in out.getvalue()
    with schema_context("sz"):
        assert Membership.objects.filter(user__email="sara@sz.test", role="canton_admin").exists()
    for arguments, error in [
        (["qq", "--admin-email", "a@b.test", "--admin-name", "A"], "Unknown canton: QQ"),
        (["sz", "--admin-email", "nobody", "--admin-name", "A"], "Not an e-mail address"),
        (["sz", "--admin-email", "b@sz.test", "--admin-name", "B"], "noch offen"),
    ]:
        with pytest.raises(CommandError, match=error):
            call_command("onboard_canton", *arguments)


def test_the_invite_federal_command_invites_the_first_administrator(mailbox) -> None:  # type: ignore[no-untyped-def]
    call_command(
        "invite_federal", "--role", "admin", "--email", "First@Fedpol.test", "--name", "First", stdout=StringIO()
    )
    assert User.objects.get(email="first@fedpol.test").federal_role == "admin"
    assert AuditEntry.objects.filter(action="grant", purpose="federal role admin", actor_kind="system").exists()
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command("invite_federal", "--role", "analyst", "--email", "nope")

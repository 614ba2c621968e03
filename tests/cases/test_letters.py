"""Referrals to organisations without users: the letter, its dispatches, the answer by hand."""

import subprocess
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.identity import IdentityData, do_save_identity
from cases.letters import check_record_dispatch, check_record_outcome
from cases.models import Case, CaseParty, Referral, ReferralDispatch
from cases.notes import do_add_counselling_entry, do_add_evidence_note
from cases.referrals import ReferralRefused
from cases.steps.models import KesbReferral
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory, open_test_case
from tests.personas import KARL, member, new_organisation
from tests.queries import assert_statements

from .conftest import Cast

pytestmark = pytest.mark.django_db
Type = Organisation.Type

IDENTITY_MARKER = "Idmarkerqx"
COUNSELLING_MARKER = "COUNSELMARKERQX"
INVESTIGATION_MARKER = "INVESTMARKERQX"
MESSAGE_MARKER = "MESSAGEMARKERQX"
MARKERS = {"identity": IDENTITY_MARKER, "counselling": COUNSELLING_MARKER, "investigation": INVESTIGATION_MARKER}


def _client(user: User) -> Client:
    return sign_in(canton_client("zh"), user)


def _text(pdf: bytes) -> str:
    """What a reader of the PDF sees, as poppler extracts it."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def planted(cast: Cast, rosa: Case) -> Case:
    """Rosa with a marker in every compartment that holds data."""
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name=IDENTITY_MARKER))
        do_add_counselling_entry(
            acting_user=None, organisation=cast.aid, case=rosa, part="notes", occurred_on=date(2026, 3, 2),
            text=COUNSELLING_MARKER,
        )  # fmt: skip
        do_add_evidence_note(acting_user=None, organisation=cast.police, case=rosa, text=INVESTIGATION_MARKER)
    return rosa


def _refer(sender: User, case: Case, recipient: Organisation, compartments: list[str]) -> Referral:
    response = _client(sender).post(
        reverse("cases:referral_create", args=[case.pk]),
        {"recipient": recipient.pk, "compartments": compartments, "message": MESSAGE_MARKER},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("zh"):
        return Referral.objects.get(case=case, to_organisation=recipient)


def _letter(sender: User, referral: Referral) -> str:
    response = _client(sender).get(reverse("cases:referral_letter", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return _text(response.content)


def _dispatch(referral: Referral, user: User, *, sent_on: date | None = None, method: str = "post") -> None:
    with schema_context("zh"):
        check_record_dispatch(
            acting_user=user, membership=Membership.objects.get(user=user), referral=referral, method=method,
            sent_on=sent_on or timezone.localdate(),
        )  # fmt: skip


# --- the letter path is for organisations nobody can answer for ---------------------------------


def test_a_referral_to_an_organisation_without_users_goes_by_letter(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Brief")
    form = _client(cast.polly).get(reverse("cases:referral_create", args=[rosa.pk])).content.decode()
    assert "KESB Brief (no users: by letter)" in form
    assert "Verein Fallakte (no users" not in form  # the NGO has nora
    referral = _refer(cast.polly, rosa, kesb, [])
    assert (referral.channel, referral.status) == ("letter", "requested")
    page = _client(cast.polly).get(reverse("cases:referral", args=[referral.pk])).content.decode()
    assert reverse("cases:referral_letter", args=[referral.pk]) in page
    assert reverse("cases:referral_dispatch", args=[referral.pk]) in page


def test_an_organisation_with_users_answers_on_the_platform_and_gets_no_letter(cast: Cast, rosa: Case) -> None:
    referral = _refer(cast.polly, rosa, cast.ngo, [])
    assert referral.channel == "platform"
    for name in ("cases:referral_letter", "cases:referral_dispatch", "cases:referral_outcome"):
        assert _client(cast.polly).get(reverse(name, args=[referral.pk])).status_code == 404
    with pytest.raises(ReferralRefused), schema_context("zh"):
        check_record_dispatch(
            acting_user=cast.polly, membership=cast.membership(cast.polly), referral=referral, method="post",
            sent_on=timezone.localdate(),
        )  # fmt: skip


def test_a_referral_left_waiting_for_an_organisation_without_users_can_still_go_by_letter(
    cast: Cast, rosa: Case
) -> None:
    """Referrals made before letters existed stay "requested"; their sender can send a letter now."""
    kesb = new_organisation("zh", Type.KESB, "KESB Alt")
    referral = _refer(cast.polly, rosa, kesb, [])
    with schema_context("zh"):
        Referral.objects.filter(pk=referral.pk).update(channel="platform")
    assert _client(cast.polly).get(reverse("cases:referral_letter", args=[referral.pk])).status_code == 200
    _dispatch(referral, cast.polly)
    with schema_context("zh"):
        referral.refresh_from_db()
        assert (referral.channel, referral.status) == ("letter", "sent")


# --- what the letter carries -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "recipient_type", "shared"),
    [
        ("polly", Type.KESB, []),
        ("polly", Type.CANTONAL_POLICE, ["identity"]),
        ("polly", Type.CANTONAL_POLICE, ["investigation"]),
        ("polly", Type.CANTONAL_POLICE, ["identity", "investigation"]),
        ("vera", Type.VICTIM_AID, ["counselling"]),
        ("vera", Type.VICTIM_AID, ["identity"]),
    ],
)
def test_the_letter_carries_only_the_compartments_the_referral_shares(
    cast: Cast, planted: Case, sender: str, recipient_type: str, shared: list[str]
) -> None:
    recipient = new_organisation("zh", recipient_type)
    user = getattr(cast, sender)
    text = _letter(user, _refer(user, planted, recipient, shared))
    assert planted.case_number in text
    assert MESSAGE_MARKER in text
    for compartment, marker in MARKERS.items():
        assert (marker in text) == (compartment in shared), compartment


def test_the_letter_prints_nothing_the_sender_no_longer_reads(cast: Cast, planted: Case) -> None:
    """The stored choice names counselling, but the police read no counselling: not printed."""
    recipient = new_organisation("zh", Type.CANTONAL_POLICE)
    referral = _refer(cast.polly, planted, recipient, ["identity"])
    with schema_context("zh"):
        Referral.objects.filter(pk=referral.pk).update(compartments=["core", "identity", "counselling"])
    text = _letter(cast.polly, referral)
    assert IDENTITY_MARKER in text
    assert COUNSELLING_MARKER not in text
    assert INVESTIGATION_MARKER not in text


@pytest.mark.parametrize(
    ("language", "greeting"),
    [("", "Freundliche Grüsse"), ("de", "Freundliche Grüsse"), ("fr", "Meilleures salutations"),
     ("it", "Cordiali saluti"), ("en", "Kind regards")],
)  # fmt: skip
def test_the_letter_is_in_the_recipients_language_of_correspondence(
    cast: Cast, rosa: Case, language: str, greeting: str
) -> None:
    """Empty: the canton's language (German in ZH); the signed-in person's language does not count."""
    recipient = new_organisation("zh", Type.KESB, correspondence_language=language)
    text = _letter(cast.polly, _refer(cast.polly, rosa, recipient, []))
    assert greeting in text
    assert rosa.case_number in text


def test_every_print_is_audited_with_its_actor_and_the_compartments_it_carried(cast: Cast, planted: Case) -> None:
    recipient = new_organisation("zh", Type.CANTONAL_POLICE)
    referral = _refer(cast.polly, planted, recipient, ["identity"])
    response = _client(cast.polly).get(reverse("cases:referral_letter", args=[referral.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="referral-letter-{referral.pk}.pdf"'
    _client(cast.polly).get(reverse("cases:referral_letter", args=[referral.pk]))
    with schema_context("zh"):
        prints = AuditEntry.objects.filter(action="print", object_type="cases.case", object_id=str(planted.pk))
        assert sorted(prints.values_list("compartment", flat=True)) == ["core", "core", "identity", "identity"]
        assert set(prints.values_list("actor_user_id", flat=True)) == {cast.polly.pk}
        assert set(prints.values_list("recipient_organisation_id", flat=True)) == {recipient.pk}


# --- dispatches and the answer ------------------------------------------------------------------


def test_dispatches_are_recorded_with_their_way_date_and_sender_and_a_reminder_is_another(
    cast: Cast, rosa: Case
) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Versand", correspondence_language="fr")
    referral = _refer(cast.polly, rosa, kesb, [])
    client = _client(cast.polly)
    url = reverse("cases:referral_dispatch", args=[referral.pk])
    today = timezone.localdate().isoformat()
    assert client.post(url, {"method": "other", "sent_on": today, "note": ""}).status_code == 400
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(url, {"method": "post", "sent_on": tomorrow}).status_code == 400
    assert client.post(url, {"method": "post", "sent_on": today}).status_code == 302
    assert client.post(url, {"method": "email", "sent_on": today, "note": "Erinnerung"}).status_code == 302
    with schema_context("zh"):
        referral.refresh_from_db()
        assert referral.status == "sent"
        rows = list(
            ReferralDispatch.objects.filter(referral=referral).values_list("method", "language", "sent_by_user_id")
        )
        assert rows == [("post", "fr", cast.polly.pk), ("email", "fr", cast.polly.pk)]
        assert AuditEntry.objects.filter(purpose="referral letter sent", object_id=str(referral.pk)).count() == 2
    page = client.get(reverse("cases:referral", args=[referral.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sent by letter" in page and "Polly Polizei" in page and "Erinnerung" in page


def test_the_sender_records_the_answer_and_it_closes_the_wait(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Antwort")
    referral = _refer(cast.polly, rosa, kesb, [])
    client = _client(cast.polly)
    url = reverse("cases:referral_outcome", args=[referral.pk])
    today = timezone.localdate().isoformat()
    # No answer before a letter went out.
    assert client.post(url, {"outcome": "accepted", "answered_on": today}).status_code == 400
    _dispatch(referral, cast.polly)
    assert client.post(url, {"outcome": "declined", "answered_on": today, "reason": ""}).status_code == 400
    assert client.post(url, {"outcome": "accepted", "answered_on": today}).status_code == 302
    with schema_context("zh"):
        referral.refresh_from_db()
        assert (referral.status, referral.answered_on, referral.decided_by_user_id) == (
            "accepted", timezone.localdate(), cast.polly.pk,
        )  # fmt: skip
        # An answer on paper makes nobody a party: nobody there could read the case.
        assert not CaseParty.objects.filter(case=rosa, organisation=kesb).exists()
        assert AuditEntry.objects.filter(purpose="referral accepted by letter", actor_user_id=cast.polly.pk).exists()
    assert client.post(url, {"outcome": "done", "answered_on": today}).status_code == 302
    with schema_context("zh"):
        referral.refresh_from_db()
        assert referral.status == "done" and referral.closed_at is not None
    # Closed: a new referral to the same authority may be made.
    assert (
        _client(cast.polly)
        .post(reverse("cases:referral_create", args=[rosa.pk]), {"recipient": kesb.pk, "compartments": []})
        .status_code
        == 302
    )


def test_a_declined_answer_keeps_its_reason_and_a_new_referral_may_follow(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Absage")
    referral = _refer(cast.polly, rosa, kesb, [])
    _dispatch(referral, cast.polly)
    with schema_context("zh"):
        check_record_outcome(
            acting_user=cast.polly, membership=cast.membership(cast.polly), referral=referral, outcome="declined",
            answered_on=timezone.localdate(), reason="Nicht zuständig",
        )  # fmt: skip
        assert Referral.objects.get(pk=referral.pk).decline_reason == "Nicht zuständig"
    response = _client(cast.polly).post(
        reverse("cases:referral_create", args=[rosa.pk]), {"recipient": kesb.pk, "compartments": []}
    )
    assert response.status_code == 302


def test_an_answer_cannot_predate_the_first_letter(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Datum")
    referral = _refer(cast.polly, rosa, kesb, [])
    _dispatch(referral, cast.polly)
    with pytest.raises(ReferralRefused), schema_context("zh"):
        check_record_outcome(
            acting_user=cast.polly, membership=cast.membership(cast.polly), referral=referral, outcome="accepted",
            answered_on=timezone.localdate() - timedelta(days=1),
        )  # fmt: skip


def test_the_database_keeps_one_open_referral_and_letters_to_the_letter_path(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB, "KESB Regeln")
    referral = _refer(cast.polly, rosa, kesb, [])
    _dispatch(referral, cast.polly)
    with schema_context("zh"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.create(
                case=rosa, from_organisation=cast.police, to_organisation=kesb, compartments=["core"]
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(channel="platform")
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(status="accepted")  # an answer by letter is dated
        with pytest.raises(IntegrityError), transaction.atomic():
            ReferralDispatch.objects.create(referral=referral, method="other", sent_on=date(2026, 3, 3), language="de")


# --- the KESB step -----------------------------------------------------------------------------


@pytest.fixture
def lina(cast: Cast) -> Case:
    with schema_context("zh"):
        case = open_test_case(organisation=cast.police, pseudonym="Lina")
        Case.objects.filter(pk=case.pk).update(is_minor=True)
        case.refresh_from_db()
        do_add_party(acting_user=None, case=case, organisation=cast.aid)
        return case


@pytest.fixture
def kesb_step(cast: Cast, lina: Case) -> KesbReferral:
    kesb = new_organisation("zh", Type.KESB, "KESB Zürich Brief")
    with schema_context("zh"):
        return KesbReferral.objects.create(
            case=lina, recorded_by_organisation=cast.police, referred_on=date(2026, 3, 2), kesb=kesb
        )


def _kesb_url(step: KesbReferral) -> str:
    return reverse("casesteps:kesb_referral", args=[step.case_id, step.pk])


def test_the_kesb_step_refers_the_case_by_letter_and_keeps_the_referral(
    cast: Cast, lina: Case, kesb_step: KesbReferral
) -> None:
    client = _client(cast.polly)
    steps = client.get(reverse("casesteps:steps", args=[lina.pk])).content.decode()
    assert _kesb_url(kesb_step) in steps
    response = client.post(_kesb_url(kesb_step), {"compartments": [], "message": MESSAGE_MARKER})
    assert response.status_code == 302
    with schema_context("zh"):
        kesb_step.refresh_from_db()
        referral = kesb_step.referral
        assert referral is not None
        assert (referral.to_organisation_id, referral.channel) == (kesb_step.kesb_id, "letter")
    assert response["Location"] == reverse("cases:referral", args=[referral.pk])
    steps = client.get(reverse("casesteps:steps", args=[lina.pk])).content.decode()
    assert reverse("cases:referral", args=[referral.pk]) in steps
    # A second referral from the step leads to the one that stands.
    assert client.get(_kesb_url(kesb_step))["Location"] == reverse("cases:referral", args=[referral.pk])
    assert MESSAGE_MARKER in _letter(cast.polly, referral)


def test_the_kesb_step_of_an_adult_case_does_not_exist(cast: Cast, rosa: Case) -> None:
    kesb = new_organisation("zh", Type.KESB)
    with schema_context("zh"):
        step = KesbReferral.objects.create(
            case=rosa, recorded_by_organisation=cast.police, referred_on=date(2026, 3, 2), kesb=kesb
        )
    assert _client(cast.polly).get(_kesb_url(step)).status_code == 404


# --- who may use the routes ----------------------------------------------------------------------


@pytest.fixture
def letter_referral(cast: Cast, rosa: Case) -> Referral:
    return _refer(cast.polly, rosa, new_organisation("zh", Type.KESB, "KESB Zugang"), [])


def _routes(referral: Referral, step: KesbReferral) -> dict[str, str]:
    return {
        "cases:referral_letter": reverse("cases:referral_letter", args=[referral.pk]),
        "cases:referral_dispatch": reverse("cases:referral_dispatch", args=[referral.pk]),
        "cases:referral_outcome": reverse("cases:referral_outcome", args=[referral.pk]),
        "casesteps:kesb_referral": _kesb_url(step),
    }


ROUTES = ["cases:referral_letter", "cases:referral_dispatch", "cases:referral_outcome", "casesteps:kesb_referral"]
# Every route answers GET; all but the letter (a download) take a POST as well.
CALLS = [("get", name) for name in ROUTES] + [("post", name) for name in ROUTES if name != "cases:referral_letter"]


@pytest.mark.parametrize(("method", "name"), CALLS)
def test_a_member_of_another_canton_gets_404(
    name: str, method: str, gabi: User, letter_referral: Referral, kesb_step: KesbReferral
) -> None:
    client = sign_in(canton_client("zh"), gabi)
    assert getattr(client, method)(_routes(letter_referral, kesb_step)[name]).status_code == 404


@pytest.mark.parametrize(("method", "name"), CALLS)
def test_a_party_that_is_not_the_sender_gets_404(
    name: str, method: str, cast: Cast, letter_referral: Referral, kesb_step: KesbReferral
) -> None:
    """Victim aid is a party of both cases but sent neither referral; on the step it may refer,
    so the wrong organisation there is one that is no party (nora)."""
    user = cast.nora if name == "casesteps:kesb_referral" else cast.vera
    client = _client(user)
    assert getattr(client, method)(_routes(letter_referral, kesb_step)[name]).status_code == 404


@pytest.mark.parametrize(("method", "name"), [call for call in CALLS if call[1] != "casesteps:kesb_referral"])
def test_the_recipients_side_cannot_write_or_answer_for_itself_by_letter(
    name: str, method: str, letter_referral: Referral, kesb_step: KesbReferral
) -> None:
    """Someone of the KESB who got an account after the letter: 403, the letter path is the sender's."""
    with schema_context("zh"):
        karl = member(KARL, organisation=letter_referral.to_organisation, language="en")
    client = _client(karl)
    assert getattr(client, method)(_routes(letter_referral, kesb_step)[name]).status_code == 403


def test_a_party_that_only_reads_the_core_cannot_refer_from_the_kesb_step(cast: Cast, kesb_step: KesbReferral) -> None:
    """Writing the step needs the core's write grant: a reader without it gets 403."""
    from cases import grants

    with schema_context("zh"):
        reader = MembershipFactory(organisation__type=Type.NGO).user
        organisation = Membership.objects.get(user=reader).organisation
        do_add_party(acting_user=None, case=kesb_step.case, organisation=organisation)
        grants.set_grants(case=kesb_step.case, organisation=organisation, read=["core"], write=[])
    assert _client(reader).get(_kesb_url(kesb_step)).status_code == 403


# --- query counts and the API --------------------------------------------------------------------


def test_the_letter_pages_run_a_fixed_number_of_statements(
    cast: Cast, letter_referral: Referral, kesb_step: KesbReferral
) -> None:
    client = _client(cast.polly)
    _dispatch(letter_referral, cast.polly)
    assert_statements(client, reverse("cases:referral", args=[letter_referral.pk]), 7, without_search_path=6)
    assert_statements(client, reverse("cases:referral_dispatch", args=[letter_referral.pk]), 5, without_search_path=4)
    assert_statements(client, reverse("cases:referral_outcome", args=[letter_referral.pk]), 5, without_search_path=4)
    assert_statements(client, _kesb_url(kesb_step), 9, without_search_path=8)


def test_the_api_shows_how_a_referral_went_out_by_letter(cast: Cast, letter_referral: Referral, gabi: User) -> None:
    _dispatch(letter_referral, cast.polly, method="by_hand")
    client = _client(cast.polly)
    body = client.get(f"/api/v1/referrals/{letter_referral.pk}/").json()
    assert (body["channel"], body["status"]) == ("letter", "sent")
    assert [row["method"] for row in body["dispatches"]] == ["by_hand"]
    assert_statements(client, f"/api/v1/referrals/{letter_referral.pk}/", 5, without_search_path=4)
    assert sign_in(canton_client("zh"), gabi).get(f"/api/v1/referrals/{letter_referral.pk}/").status_code == 404

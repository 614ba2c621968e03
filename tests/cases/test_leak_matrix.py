"""The leak matrix (issue 5): a unique marker in every compartment of one case, and every
organisation type and role reading it through every channel. A marker appears exactly where
the policy allows and nowhere else.

Channels: page (case page and compartment pages), API (detail and sub-resources), search (list
page and API list by each marker), count (how many rows the list page shows for each marker search), PDF
(case summary) and timeline (API timeline). Residence data belong to the permits app; here the
residence compartment is carried by a timeline entry only.
"""

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pypdf
import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases import timeline
from cases.actions import do_add_party
from cases.consents import check_record_consent, do_revoke_consent
from cases.identity import IdentityData, do_save_identity
from cases.models import Case, CounsellingPart
from cases.notes import do_add_counselling_entry, do_add_evidence_note
from cases.timeline import TimelineEntry, register_timeline_source
from ksmm.accounts.models import User
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case

pytestmark = pytest.mark.django_db

C = Compartment
Type = Organisation.Type
MARKERS = {
    C.CORE: "Qcoremark",
    C.IDENTITY: "Qidentmark",
    C.COUNSELLING: "Qcounselmark",
    C.INVESTIGATION: "Qinvestmark",
    C.RESIDENCE: "Qresidmark",
}
MEDICAL_MARKER = "Qmedicalmark"
ALL = frozenset(MARKERS)
# What each channel can carry at all; a marker absent from a channel must be absent everywhere.
CARRIED = {
    "page": ALL,  # the case page shows the timeline too
    "api": ALL - {C.RESIDENCE},
    "search": frozenset({C.CORE, C.IDENTITY}),
    "count": frozenset({C.CORE, C.IDENTITY}),
    "pdf": ALL,
    "timeline": ALL,
}
EXPECTED = {
    "police member": {C.CORE, C.IDENTITY, C.INVESTIGATION},
    "police coordinator": {C.CORE, C.IDENTITY, C.INVESTIGATION},
    "prosecution lead": {C.CORE, C.IDENTITY, C.INVESTIGATION},
    "victim aid member": {C.CORE, C.IDENTITY, C.COUNSELLING},
    "migration office member": {C.CORE, C.IDENTITY, C.RESIDENCE},
    "labour inspectorate (party by default grants)": {C.CORE},
    "NGO canton admin, not party": set(),
    "victim aid of another canton": set(),
}


def _marked_entries(*, case: Case) -> Iterable[TimelineEntry]:
    when = datetime(2026, 3, 9, tzinfo=UTC)
    return [
        TimelineEntry(when=when, compartment=C.CORE, title=f"Step {MARKERS[C.CORE]}"),
        TimelineEntry(when=when, compartment=C.RESIDENCE, title=f"Permit {MARKERS[C.RESIDENCE]}"),
    ]


@pytest.fixture
def marked_timeline() -> Iterator[None]:
    register_timeline_source(_marked_entries)
    yield
    timeline._SOURCES.remove(_marked_entries)


@dataclass
class World:
    case: Case
    clients: dict[str, Client]
    aid_user: object
    police: Organisation
    aid: Organisation


@pytest.fixture
def world(marked_timeline: None) -> World:
    with schema_context("zh"):
        organisations = {
            kind: OrganisationFactory(name=f"Leak {kind}", type=kind)
            for kind in (Type.CANTONAL_POLICE, Type.PUBLIC_PROSECUTOR, Type.VICTIM_AID, Type.MIGRATION_OFFICE,
                         Type.LABOUR_INSPECTORATE, Type.NGO)
        }  # fmt: skip
        police = organisations[Type.CANTONAL_POLICE]
        aid = organisations[Type.VICTIM_AID]
        case = open_test_case(organisation=police, pseudonym=MARKERS[C.CORE])
        for kind in (Type.PUBLIC_PROSECUTOR, Type.VICTIM_AID, Type.MIGRATION_OFFICE, Type.LABOUR_INSPECTORATE):
            do_add_party(acting_user=None, case=case, organisation=organisations[kind])
        do_save_identity(
            acting_user=None,
            case=case,
            data=IdentityData(official_name=MARKERS[C.IDENTITY], first_name="Ida", date_of_birth="1990-04-17"),
        )
        for part, text in ((CounsellingPart.NOTES, MARKERS[C.COUNSELLING]), (CounsellingPart.MEDICAL, MEDICAL_MARKER)):
            do_add_counselling_entry(
                acting_user=None, organisation=aid, case=case, part=part, occurred_on=case.opened_on, text=text
            )
        do_add_evidence_note(acting_user=None, organisation=police, case=case, text=MARKERS[C.INVESTIGATION])
        users = {
            "police member": MembershipFactory(organisation=police).user,
            "police coordinator": MembershipFactory(organisation=police, role=Membership.Role.COORDINATOR).user,
            "prosecution lead": MembershipFactory(
                organisation=organisations[Type.PUBLIC_PROSECUTOR], role=Membership.Role.LEAD, user__language="en"
            ).user,
            "victim aid member": MembershipFactory(organisation=aid).user,
            "migration office member": MembershipFactory(organisation=organisations[Type.MIGRATION_OFFICE]).user,
            "labour inspectorate (party by default grants)": MembershipFactory(
                organisation=organisations[Type.LABOUR_INSPECTORATE]
            ).user,
            "NGO canton admin, not party": MembershipFactory(
                organisation=organisations[Type.NGO], role=Membership.Role.CANTON_ADMIN, user__language="en"
            ).user,
        }
    with schema_context("ge"):
        outsider = MembershipFactory(organisation__type=Type.VICTIM_AID).user
    # Everyone reads English, so that the count channel can quote the list page.
    User.objects.filter(pk__in=[user.pk for user in users.values()]).update(language="en")
    clients = {name: sign_in(canton_client("zh"), user) for name, user in users.items()}
    clients["victim aid of another canton"] = sign_in(canton_client("zh"), outsider)
    return World(case=case, clients=clients, aid_user=users["victim aid member"], police=police, aid=aid)


def _body(client: Client, path: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in {200, 404}, (path, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def channel_page(client: Client, case: Case) -> str:
    return "".join(
        _body(client, f"/cases/{case.pk}/{suffix}") for suffix in ("", "identity/", "counselling/", "investigation/")
    )


def channel_api(client: Client, case: Case) -> str:
    return "".join(
        _body(client, f"/api/v1/cases/{case.pk}/{suffix}")
        for suffix in ("", "identity/", "counselling-notes/", "evidence-notes/")
    )


def _search_page(client: Client, field: str, marker: str) -> str:
    """The list page for a search: a case number by GET, a name only by POST (cases/searches.py)."""
    if field == "q":
        return _body(client, f"/cases/?q={marker}")
    response = client.post("/cases/", {field: marker}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code in {200, 404}, (field, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def _search_api(client: Client, field: str, marker: str) -> str:
    if field == "q":
        return _body(client, f"/api/v1/cases/?q={marker}")
    response = client.post("/api/v1/cases/search/", {field: marker}, content_type="application/json")
    assert response.status_code in {200, 404}, (field, response.status_code)
    return response.content.decode() if response.status_code == 200 else ""


def _search_hits(client: Client, case: Case) -> str:
    """The markers whose search finds the case, through the list page and the API search."""
    found = []
    for compartment, marker in MARKERS.items():
        for field in ("q", "name"):
            page = _search_page(client, field, marker)
            api = _search_api(client, field, marker)
            if case.case_number in page or case.case_number in api:
                found.append(marker)
                assert f'"id":{case.pk}' in api.replace(" ", ""), compartment  # page and API agree
    return " ".join(found)


def channel_search(client: Client, case: Case) -> str:
    return _search_hits(client, case)


def channel_count(client: Client, case: Case) -> str:
    counted = []
    for marker in MARKERS.values():
        for field in ("q", "name"):
            page = _search_page(client, field, marker)
            rows = len(re.findall(r'<td><a href="/cases/\d+/">', page))
            if rows == 1:
                counted.append(marker)
            else:
                assert rows == 0
    return " ".join(counted)


def channel_pdf(client: Client, case: Case) -> str:
    response = client.get(f"/cases/{case.pk}/summary.pdf")
    if response.status_code == 404:
        return ""
    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)


def channel_timeline(client: Client, case: Case) -> str:
    return _body(client, f"/api/v1/cases/{case.pk}/timeline/")


CHANNELS = {
    "page": channel_page,
    "api": channel_api,
    "search": channel_search,
    "count": channel_count,
    "pdf": channel_pdf,
    "timeline": channel_timeline,
}


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_markers_appear_exactly_where_the_policy_allows(world: World, channel: str) -> None:
    for persona, client in world.clients.items():
        output = CHANNELS[channel](client, world.case)
        allowed = EXPECTED[persona]
        for compartment, marker in MARKERS.items():
            shown = marker in output
            expected = compartment in allowed and compartment in CARRIED[channel]
            assert shown == expected, f"{persona} / {channel} / {compartment}: shown={shown}"
        # The medical note is counselling too: only victim aid sees it without a consent.
        assert (MEDICAL_MARKER in output) == (C.COUNSELLING in allowed and channel not in {"search", "count"}), (
            persona,
            channel,
        )


@pytest.mark.parametrize("channel", ["page", "api", "pdf", "timeline"])
def test_a_consent_shows_only_its_parts_to_its_recipient_until_revoked(world: World, channel: str) -> None:
    with schema_context("zh"):
        aid_membership = Membership.objects.select_related("organisation").get(user=world.aid_user)
        consent = check_record_consent(
            acting_user=None,
            membership=aid_membership,
            case=world.case,
            recipient=world.police,
            purpose="Einvernahme vorbereiten",
            scope=[CounsellingPart.MEDICAL],
        )
    police = world.clients["police member"]
    migration = world.clients["migration office member"]
    output = CHANNELS[channel](police, world.case)
    assert MEDICAL_MARKER in output
    assert MARKERS[C.COUNSELLING] not in output
    assert MEDICAL_MARKER not in CHANNELS[channel](migration, world.case)
    with schema_context("zh"):
        do_revoke_consent(acting_user=None, consent=consent)
    output = CHANNELS[channel](police, world.case)
    assert MEDICAL_MARKER not in output
    assert MARKERS[C.COUNSELLING] not in output

"""The directory pages: reading for every member, editing for coordinators."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import ContactPerson, Organisation
from tests.auth import sign_in
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiz() -> Organisation:
    with schema_context("zh"):
        return OrganisationFactory(
            name="Fachstelle Frauenhandel",
            short_name="FIZ ZH",
            type=Organisation.Type.VICTIM_AID,
            group=Organisation.Group.CORE,
            level="ngo",
            town="Testhausen",
            services="Schutzwohnungen und Beratung",
            languages=["de", "es"],
        )


@pytest.fixture
def contact(fiz: Organisation) -> ContactPerson:
    with schema_context("zh"):
        return ContactPersonFactory(organisation=fiz, name="Dora Duss", function="Beraterin", phone="044 000 00 00")


def names_on_page(client: Client, query: str = "") -> list[str]:
    response = client.get("/partners/" + query)
    assert response.status_code == 200
    return [organisation.name for organisation in response.context["organisations"]]


def test_a_member_sees_the_organisations_of_her_canton_and_the_federal_partners(
    zh_client: Client, alice: User, fiz: Organisation
) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/partners/")
    assert response.status_code == 200
    names = [o.name for o in response.context["organisations"]]
    assert {"Fachstelle Frauenhandel", "Stadtpolizei Testhausen"} <= set(names)
    assert "Centre LAVI Genève" not in names
    federal = [partner.short_name for partner in response.context["federal_partners"]]
    assert {"fedpol FSMM", "SEM", "IOM Bern", "FIZ", "ASTRÉE", "Antenna MayDay", "Act212"} <= set(federal)
    assert "Bundesamt für Polizei fedpol" in response.content.decode()


def test_the_federal_partners_are_visible_in_geneva_too(ge_client: Client, bob: User) -> None:
    sign_in(ge_client, bob)
    response = ge_client.get("/partners/")
    assert "Centre LAVI Genève" in [o.name for o in response.context["organisations"]]
    assert "SEM" in [partner.short_name for partner in response.context["federal_partners"]]


def test_the_search_looks_in_name_services_and_town_ignoring_case(
    zh_client: Client, alice: User, fiz: Organisation
) -> None:
    sign_in(zh_client, alice)
    assert names_on_page(zh_client, "?q=frauenHANDEL") == ["Fachstelle Frauenhandel"]
    assert names_on_page(zh_client, "?q=schutzwohnung") == ["Fachstelle Frauenhandel"]
    assert names_on_page(zh_client, "?q=TESThausen") == ["Fachstelle Frauenhandel", "Stadtpolizei Testhausen"]
    assert names_on_page(zh_client, "?q=nirgends") == []


def test_the_filters_narrow_by_type_group_level_and_language(zh_client: Client, alice: User, fiz: Organisation) -> None:
    sign_in(zh_client, alice)
    victim_aid = names_on_page(zh_client, "?type=victim_aid")
    assert "Fachstelle Frauenhandel" in victim_aid
    assert "Stadtpolizei Testhausen" not in victim_aid
    assert names_on_page(zh_client, "?q=testhausen&group=core") == [
        "Fachstelle Frauenhandel",
        "Stadtpolizei Testhausen",
    ]
    assert names_on_page(zh_client, "?q=testhausen&group=associate") == []
    assert names_on_page(zh_client, "?q=testhausen&level=ngo") == ["Fachstelle Frauenhandel"]
    assert names_on_page(zh_client, "?language=es") == ["Fachstelle Frauenhandel"]


def test_a_cantonal_type_filter_leaves_out_the_federal_partners(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    assert list(zh_client.get("/partners/?type=victim_aid").context["federal_partners"]) == []
    levels = {p.level for p in zh_client.get("/partners/?level=federal").context["federal_partners"]}
    assert levels == {"federal"}


@pytest.mark.parametrize("rows", [1, 50])
def test_the_directory_costs_the_same_queries_for_1_and_50_organisations(
    zh_client: Client, alice: User, rows: int
) -> None:
    with schema_context("zh"):
        OrganisationFactory.create_batch(rows - 1)  # alice's own organisation is the first
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered),
    # organisations, federal partners, unread reminders in the navigation
    assert_statements(zh_client, "/partners/", 6, without_search_path=5, warm_up=False)


def test_the_detail_page_shows_the_contacts(zh_client: Client, alice: User, contact: ContactPerson) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get(f"/partners/{contact.organisation_id}/")
    assert response.status_code == 200
    assert "Dora Duss" in response.content.decode()
    assert f"/partners/contacts/{contact.pk}/vcard/" in response.content.decode()


def test_a_federal_partner_has_a_read_only_page_in_every_canton(
    zh_client: Client, alice: User, ge_client: Client, bob: User
) -> None:
    from ksmm.federal.models import FederalPartner

    sem = FederalPartner.objects.get(short_name="SEM")
    sign_in(zh_client, alice)
    sign_in(ge_client, bob)
    for client in (zh_client, ge_client):
        response = client.get(f"/partners/federal/{sem.pk}/")
        assert response.status_code == 200
        assert "https://www.sem.admin.ch" in response.content.decode()
        assert "/edit/" not in response.content.decode()


def test_a_coordinator_creates_an_organisation(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/partners/new/",
        {
            "name": "Opferhilfe Zürich", "type": "victim_aid", "group": "core", "level": "cantonal",
            "street": "Bahnhofstrasse", "house_number": "1", "postal_code": "8001", "town": "Zürich",
            "country": "ch", "languages": ["de", "fr"], "cantons_served": ["ZH"], "is_active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context("zh"):
        created = Organisation.objects.get(name="Opferhilfe Zürich")
    assert (created.country, created.postal_code, created.languages) == ("CH", "8001", ["de", "fr"])
    assert response["Location"] == f"/partners/{created.pk}/"


def test_a_bad_swiss_postal_code_is_a_field_error_in_the_users_language(zh_client: Client, carla: User) -> None:
    carla.language = "fr"
    carla.save(update_fields=["language"])
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/partners/new/",
        {"name": "X", "type": "ngo", "group": "none", "level": "ngo", "postal_code": "800", "country": "CH"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["postal_code"] == ["Un code postal suisse comporte quatre chiffres."]


def test_a_coordinator_adds_a_contact_with_a_deputy_of_the_same_organisation(
    zh_client: Client, carla: User, contact: ContactPerson
) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(
        f"/partners/{contact.organisation_id}/contacts/new/",
        {"name": "Emil Egli", "function": "Leiter", "email": "emil@fiz.test", "deputy": contact.pk},
    )
    assert response.status_code == 302
    with schema_context("zh"):
        emil = ContactPerson.objects.get(name="Emil Egli")
    assert (emil.organisation_id, emil.deputy_id) == (contact.organisation_id, contact.pk)


def test_a_deputy_from_another_organisation_is_refused(
    zh_client: Client, carla: User, contact: ContactPerson, zh_police: Organisation
) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(f"/partners/{zh_police.pk}/contacts/new/", {"name": "Fritz", "deputy": contact.pk})
    assert response.status_code == 200
    assert "deputy" in response.context["form"].errors


def test_a_coordinator_edits_a_contact(zh_client: Client, carla: User, contact: ContactPerson) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(f"/partners/contacts/{contact.pk}/edit/", {"name": "Dora Duss-Meier"})
    assert response.status_code == 302
    with schema_context("zh"):
        assert ContactPerson.objects.get(pk=contact.pk).name == "Dora Duss-Meier"


def edit_paths(organisation_id: int, contact_id: int) -> list[str]:
    return [
        "/partners/new/",
        f"/partners/{organisation_id}/edit/",
        f"/partners/{organisation_id}/contacts/new/",
        f"/partners/contacts/{contact_id}/edit/",
    ]


def test_a_plain_member_may_not_edit_the_directory(zh_client: Client, alice: User, contact: ContactPerson) -> None:
    sign_in(zh_client, alice)
    for path in edit_paths(contact.organisation_id, contact.pk):
        assert zh_client.get(path).status_code == 403, path
        assert zh_client.post(path, {"name": "Hijack"}).status_code == 403, path


def test_a_member_of_another_canton_finds_no_directory_page(
    zh_client: Client, bob: User, contact: ContactPerson
) -> None:
    sign_in(zh_client, bob)
    paths = [
        "/partners/",
        f"/partners/{contact.organisation_id}/",
        f"/partners/contacts/{contact.pk}/vcard/",
        "/partners/federal/1/",
        *edit_paths(contact.organisation_id, contact.pk),
    ]
    for path in paths:
        assert zh_client.get(path).status_code == 404, path


@pytest.mark.parametrize("rows", [1, 50])
def test_the_detail_page_costs_the_same_queries_for_1_and_50_contacts(
    zh_client: Client, alice: User, fiz: Organisation, rows: int
) -> None:
    with schema_context("zh"):
        deputy = ContactPersonFactory(organisation=fiz)
        ContactPersonFactory.create_batch(rows - 1, organisation=fiz, deputy=deputy)
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered),
    # organisation, its contacts with their deputies, unread reminders in the navigation
    assert_statements(zh_client, f"/partners/{fiz.pk}/", 6, without_search_path=5, warm_up=False)


def test_an_unknown_filter_value_is_a_field_error_and_the_other_filters_still_apply(
    zh_client: Client, alice: User, fiz: Organisation
) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/partners/?type=secret_service&q=testhausen")
    assert response.status_code == 200
    assert "type" in response.context["form"].errors
    assert [o.name for o in response.context["organisations"]] == ["Fachstelle Frauenhandel", "Stadtpolizei Testhausen"]


def test_an_inactive_organisation_is_gone_for_members_but_reachable_for_coordinators(
    zh_client: Client, alice: User, carla: User, fiz: Organisation
) -> None:
    with schema_context("zh"):
        contact = ContactPersonFactory(organisation=fiz)
        Organisation.objects.filter(pk=fiz.pk).update(is_active=False)
    sign_in(zh_client, alice)
    assert zh_client.get(f"/partners/{fiz.pk}/").status_code == 404
    assert zh_client.get(f"/partners/contacts/{contact.pk}/vcard/").status_code == 404
    zh_client.logout()
    sign_in(zh_client, carla)
    assert zh_client.get(f"/partners/{fiz.pk}/").status_code == 200
    assert zh_client.get(f"/partners/{fiz.pk}/edit/").status_code == 200

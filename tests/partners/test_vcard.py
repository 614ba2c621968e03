"""The vCard 3.0 of a contact person."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import ContactPerson
from ksmm.partners.vcard import contact_vcard
from tests.auth import sign_in
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact() -> ContactPerson:
    with schema_context("zh"):
        organisation = OrganisationFactory(
            name="Beratung; Schutz, Zürich", street="Langstrasse", house_number="14", postal_code="8004",
            town="Zürich", emergency_phone="044 111 11 11", website="https://example.test/fiz",
        )  # fmt: skip
        return ContactPersonFactory(
            organisation=organisation, name="Zoë Müller", function="Leiterin\nOpferschutz",
            phone="+41 44 000 00 00", email="zoe@example.test",
        )  # fmt: skip


def test_a_member_downloads_a_contact_as_a_utf8_vcard_without_personal_data_in_the_name(
    zh_client: Client, alice: User, contact: ContactPerson
) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get(f"/partners/contacts/{contact.pk}/vcard/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="contact-{contact.pk}.vcf"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "FN:Zoë Müller\r\n" in text


def test_the_vcard_escapes_commas_semicolons_and_newlines(contact: ContactPerson) -> None:
    text = contact_vcard(contact)
    lines = text.split("\r\n")
    assert "ORG:Beratung\\; Schutz\\, Zürich" in lines
    assert "TITLE:Leiterin\\nOpferschutz" in lines
    assert "TEL;TYPE=WORK,VOICE:+41 44 000 00 00" in lines
    assert "EMAIL;TYPE=INTERNET:zoe@example.test" in lines
    assert "ADR;TYPE=WORK:;;Langstrasse 14;Zürich;;8004;CH" in lines
    assert "URL:https://example.test/fiz" in lines


def test_long_vcard_lines_are_folded_at_75_octets(contact: ContactPerson) -> None:
    contact.function = "Ä" * 80
    for line in contact_vcard(contact).split("\r\n"):
        assert len(line.encode()) <= 75
    unfolded = contact_vcard(contact).replace("\r\n ", "")
    assert "TITLE:" + "Ä" * 80 + "\r\n" in unfolded


def test_a_contact_of_another_canton_has_no_vcard_here(zh_client: Client, alice: User) -> None:
    with schema_context("ge"):
        geneva = ContactPersonFactory(pk=987654)
    sign_in(zh_client, alice)
    assert zh_client.get(f"/partners/contacts/{geneva.pk}/vcard/").status_code == 404

"""The printed partner directory."""

import io

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from pypdf import PdfReader

from ksmm.audit.models import AuditEntry
from ksmm.partners.models import ContactPerson
from tests.auth import sign_in
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_member_prints_the_directory_with_contacts_and_federal_partners(zh_client: Client) -> None:
    with schema_context("zh"):
        member = MembershipFactory().user
        police = OrganisationFactory(name="Stadtpolizei Druckhausen", phone="044 000 00 00")
        ContactPerson.objects.create(organisation=police, name="Fachstelle Menschenhandel", function="Leitung")
    sign_in(zh_client, member)
    response = zh_client.get("/partners/print/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="partner-directory-zh.pdf"'
    text = pdf_text(response.content)
    assert "Partnerverzeichnis des Kantons Zürich" in text
    assert "Stadtpolizei Druckhausen" in text and "Fachstelle Menschenhandel" in text
    assert "Staatssekretariat für Migration SEM" in text
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action="print", object_type="partners.directory").count() == 1


def test_the_directory_prints_in_the_readers_language(ge_client: Client) -> None:
    with schema_context("ge"):
        member = MembershipFactory().user
    sign_in(ge_client, member)
    text = pdf_text(ge_client.get("/partners/print/").content)
    assert "Répertoire des partenaires du canton de Genève" in text


def test_a_member_of_another_canton_cannot_print_zhs_directory(zh_client: Client) -> None:
    with schema_context("ge"):
        outsider = MembershipFactory().user
    sign_in(zh_client, outsider)
    assert zh_client.get("/partners/print/").status_code == 404


def test_printing_needs_the_second_factor(zh_client: Client) -> None:
    with schema_context("zh"):
        member = MembershipFactory().user
    sign_in(zh_client, member, verified=False)
    assert zh_client.get("/partners/print/").status_code == 302

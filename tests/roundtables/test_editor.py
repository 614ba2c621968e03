"""The one editor of a draft agreement: every part on one page, saved together or not at all,
refused when another coordinator saved the draft meanwhile, closed once the agreement is adopted."""

import re
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from roundtables.agreements.actions import check_adopt, do_save_part
from roundtables.agreements.editor import AgreementEditor
from roundtables.models import Agreement, AgreementSection
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_count, assert_statements, captured

from .conftest import complete_draft

pytestmark = pytest.mark.django_db

# Counted with tests/queries.py for a complete draft (14 sections, 2 duties, 2 signatories) and for
# the same draft with 14 duties and signatories: the same number, whatever the number of parts.
# A save records its change in the events table too (the chain lock, then one INSERT).
GET, GET_WITHOUT = 9, 8
POST, POST_WITHOUT = 26, 25


def _editor(agreement: Agreement) -> str:
    return f"/roundtable/agreements/{agreement.pk}/editor/"


def _as_posted(agreement: Agreement) -> dict[str, Any]:
    """What the browser posts when the coordinator changes nothing: every form's initial values."""
    with schema_context("zh"):
        editor = AgreementEditor(Agreement.objects.get(pk=agreement.pk))
        data: dict[str, Any] = {"fingerprint": editor.fingerprint}
        forms = [editor.header, *(f.management_form for f in editor.formsets)]
        forms += [form for formset in editor.formsets for form in formset.forms]
        for form in forms:
            for field in form:
                value = field.value()
                if value is not None and value is not False:
                    data[field.html_name] = value
    return data


def _section_index(agreement: Agreement, key: str) -> int:
    with schema_context("zh"):
        keys = list(agreement.sections.values_list("key", flat=True))
    return keys.index(key)


def _audit_entries() -> int:
    with schema_context("zh"):
        return AuditEntry.objects.filter(object_type="roundtables.agreement").count()


def test_the_editor_saves_every_part_at_once_as_one_audited_change(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    data = _as_posted(zh_agreement)
    minors, safety = _section_index(zh_agreement, "minors"), _section_index(zh_agreement, "safety")
    data["agreement-title"] = "Vereinbarung 2027"
    data[f"sections-{minors}-text"] = "Die KESB wird sofort benachrichtigt."
    data[f"sections-{safety}-heading"] = "Schutz"
    data["duties-0-duties"] = "Neue Pflicht der Polizei"
    data["duties-1-DELETE"] = "on"
    data["signatories-2-organisation"] = data["signatories-0-organisation"]
    data["signatories-2-name"] = "Nina Neu"
    entries = _audit_entries()
    response = client.post(_editor(zh_agreement), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("zh"):
        agreement = Agreement.objects.get(pk=zh_agreement.pk)
        assert agreement.title == "Vereinbarung 2027"
        assert agreement.sections.get(key="minors").text == "Die KESB wird sofort benachrichtigt."
        assert agreement.sections.get(key="safety").heading == "Schutz"
        assert list(agreement.duties.values_list("duties", flat=True)) == ["Neue Pflicht der Polizei"]
        assert agreement.signatories.filter(name="Nina Neu").exists()
        assert agreement.sections.count() == 14
    assert _audit_entries() == entries + 1


def test_an_error_in_one_section_saves_nothing_and_keeps_all_input(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    data = _as_posted(zh_agreement)
    minors, safety = _section_index(zh_agreement, "minors"), _section_index(zh_agreement, "safety")
    data["agreement-title"] = "Titel, nicht gespeichert"
    data[f"sections-{minors}-text"] = "Getippt und nicht verloren"
    data[f"sections-{safety}-text"] = ""
    data["signatories-2-name"] = "Ohne Organisation"
    entries = _audit_entries()
    response = client.post(_editor(zh_agreement), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Titel, nicht gespeichert" in page and "Getippt und nicht verloren" in page and "Ohne Organisation" in page
    # The summary at the top links to each field in error.
    assert f'href="#id_sections-{safety}-text"' in page
    assert 'href="#id_signatories-2-organisation"' in page
    assert "Nichts wurde gespeichert" in page
    with schema_context("zh"):
        agreement = Agreement.objects.get(pk=zh_agreement.pk)
        assert agreement.title == "Kooperationsvereinbarung"
        assert agreement.sections.get(key="minors").text == "Text of minors."
        assert agreement.signatories.count() == 2
    assert _audit_entries() == entries


def test_a_removed_section_is_added_back_from_the_sections_the_draft_lacks(
    carla: User, zh_agreement: Agreement
) -> None:
    client = sign_in(canton_client("zh"), carla)
    data = _as_posted(zh_agreement)
    data[f"sections-{_section_index(zh_agreement, 'minors')}-DELETE"] = "on"
    assert client.post(_editor(zh_agreement), data).status_code == 302
    with schema_context("zh"):
        assert not zh_agreement.sections.filter(key="minors").exists()
    data = _as_posted(zh_agreement)
    assert data["sections-TOTAL_FORMS"] == 14  # 13 sections and one to add
    page = client.get(_editor(zh_agreement)).content.decode()
    assert '<option value="minors">' in page and '<option value="safety">' not in page
    data.update({"sections-13-key": "minors", "sections-13-heading": "Kinder", "sections-13-text": "Vorrang."})
    response = client.post(_editor(zh_agreement), data)
    assert response.status_code == 302, response.context["errors"]
    with schema_context("zh"):
        assert zh_agreement.sections.get(key="minors").heading == "Kinder"
    data = _as_posted(zh_agreement)
    assert data["sections-TOTAL_FORMS"] == 14  # all fourteen: nothing left to add


def _fingerprint(page: str) -> str:
    found = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_draft_saved_meanwhile_by_another_coordinator_is_not_overwritten(
    carla: User, zh_agreement: Agreement
) -> None:
    client = sign_in(canton_client("zh"), carla)
    data = _as_posted(zh_agreement)
    data["agreement-title"] = "Carlas Titel"
    with schema_context("zh"):
        section = zh_agreement.sections.get(key="minors")
        section.text = "Von jemand anderem gespeichert"
        do_save_part(acting_user=None, agreement=zh_agreement, obj=section)
    response = client.post(_editor(zh_agreement), data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Carlas Titel" in page
    assert "nach Ihnen gespeichert" in page or "gespeichert" in page
    with schema_context("zh"):
        assert Agreement.objects.get(pk=zh_agreement.pk).title == "Kooperationsvereinbarung"
    # Saving again, having seen the conflict, overwrites deliberately.
    data["fingerprint"] = _fingerprint(page)
    assert client.post(_editor(zh_agreement), data).status_code == 302
    with schema_context("zh"):
        assert Agreement.objects.get(pk=zh_agreement.pk).title == "Carlas Titel"


def test_an_adopted_agreement_is_read_only_in_the_editor(carla: User) -> None:
    with schema_context("zh"):
        agreement = check_adopt(acting_user=None, agreement=complete_draft())
    data = _as_posted(agreement)
    data["agreement-title"] = "Nachträglich"
    client = sign_in(canton_client("zh"), carla)
    response = client.get(_editor(agreement), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    assert "Neue Version" in response.content.decode()
    assert client.post(_editor(agreement), data).status_code == 403
    with schema_context("zh"):
        assert Agreement.objects.get(pk=agreement.pk).title == "Kooperationsvereinbarung"


def test_a_member_who_is_not_coordinator_gets_403(alice: User, zh_agreement: Agreement) -> None:
    data = _as_posted(zh_agreement)
    data["agreement-title"] = "Von Alice"
    client = sign_in(canton_client("zh"), alice)
    assert client.get(_editor(zh_agreement)).status_code == 403
    assert client.post(_editor(zh_agreement), data).status_code == 403
    with schema_context("zh"):
        assert Agreement.objects.get(pk=zh_agreement.pk).title == "Kooperationsvereinbarung"


def test_an_outsider_gets_404(bob: User, zh_agreement: Agreement) -> None:
    data = _as_posted(zh_agreement)
    client = sign_in(canton_client("zh"), bob)
    assert client.get(_editor(zh_agreement)).status_code == 404
    assert client.post(_editor(zh_agreement), data).status_code == 404
    assert sign_in(canton_client("zh"), bob).get(_editor(zh_agreement) + "x/").status_code == 404


def test_the_detail_page_links_the_editor_for_coordinators_only(
    carla: User, alice: User, zh_agreement: Agreement
) -> None:
    assert _editor(zh_agreement) in _detail(sign_in(canton_client("zh"), carla), zh_agreement)
    assert _editor(zh_agreement) not in _detail(sign_in(canton_client("zh"), alice), zh_agreement)


def _detail(client: Client, agreement: Agreement) -> str:
    return client.get(f"/roundtable/agreements/{agreement.pk}/").content.decode()


def _more_parts(agreement: Agreement, count: int) -> None:
    from roundtables.models import PartnerDuty, Signatory
    from tests.factories import OrganisationFactory

    with schema_context("zh"):
        for number in range(count):
            organisation = OrganisationFactory(name=f"Partner {number}")
            PartnerDuty.objects.create(agreement=agreement, organisation=organisation, duties=f"Pflicht {number}")
            Signatory.objects.create(agreement=agreement, organisation=organisation, name=f"Person {number}")


@pytest.mark.parametrize("more", [0, 12])
def test_the_editor_runs_a_fixed_number_of_statements(carla: User, zh_agreement: Agreement, more: int) -> None:
    _more_parts(zh_agreement, more)
    client = sign_in(canton_client("zh"), carla)
    assert_statements(client, _editor(zh_agreement), GET, without_search_path=GET_WITHOUT)
    data = _as_posted(zh_agreement)
    data["agreement-title"] = "Gezählt"
    data[f"sections-{_section_index(zh_agreement, 'minors')}-text"] = "Gezählt"
    with captured() as statements:
        assert client.post(_editor(zh_agreement), data).status_code == 302
    assert_count(statements, POST, without_search_path=POST_WITHOUT)


def test_the_old_part_pages_still_answer(carla: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), carla)
    with schema_context("zh"):
        section = zh_agreement.sections.get(key=AgreementSection.Key.MINORS)
    assert client.get(f"/roundtable/agreements/{zh_agreement.pk}/section/{section.pk}/").status_code == 200

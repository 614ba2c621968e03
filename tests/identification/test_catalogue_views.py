import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.identification.models import Dimension, Indicator
from ksmm.audit.models import AuditEntry
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def member(schema: str, role: str = Membership.Role.MEMBER) -> object:
    with schema_context(schema):
        return MembershipFactory(role=role).user


def cantonal_indicator(text: str = "Arbeitet in einem Nagelstudio ohne Lohn") -> Indicator:
    dimension = Dimension.objects.get(key="conditions")
    return Indicator.objects.create(
        catalogue=dimension.catalogue,
        dimension=dimension,
        code="KT-01",
        order=99,
        text=text,
        text_de=text,
        strength="medium",
        is_cantonal=True,
    )


def test_a_member_reads_the_catalogue_with_filters(zh_client: Client) -> None:
    sign_in(zh_client, member("zh"))
    page = zh_client.get(reverse("identification:catalogue"), {"target": "children"}).content.decode()
    assert "CHI-01" in page and "DOC-01" in page
    assert "HEA-04" not in page  # an adults-only indicator
    assert "Add a cantonal indicator" not in page and "Kantonalen Indikator" not in page


def test_an_outsider_gets_404_on_every_catalogue_page(ge_client: Client) -> None:
    with schema_context("zh"):
        indicator = cantonal_indicator()
    ge_client.defaults["HTTP_HOST"] = "zh.localhost"
    sign_in(ge_client, member("ge", Membership.Role.COORDINATOR))
    for url in (
        reverse("identification:catalogue"),
        reverse("identification:indicator_create"),
        reverse("identification:indicator_edit", args=[indicator.pk]),
    ):
        assert ge_client.get(url).status_code == 404


def test_a_member_may_not_add_or_change_indicators(zh_client: Client) -> None:
    with schema_context("zh"):
        indicator = cantonal_indicator()
    sign_in(zh_client, member("zh", Membership.Role.LEAD))
    assert zh_client.get(reverse("identification:indicator_create")).status_code == 403
    assert zh_client.post(reverse("identification:indicator_edit", args=[indicator.pk]), {}).status_code == 403


def test_a_coordinator_adds_a_cantonal_indicator_marked_as_such_and_audited(zh_client: Client) -> None:
    sign_in(zh_client, member("zh", Membership.Role.COORDINATOR))
    with schema_context("zh"):
        dimension = Dimension.objects.get(key="conditions")
    response = zh_client.post(
        reverse("identification:indicator_create"),
        {
            "dimension": dimension.pk,
            "text_de": "Schläft im Nagelstudio",
            "text_fr": "Dort dans le salon de manucure",
            "strength": "medium",
            "target": "adults",
            "exploitation_form": "labour",
        },
    )
    assert response.status_code == 302
    with schema_context("zh"):
        indicator = Indicator.objects.get(text_de="Schläft im Nagelstudio")
        assert indicator.is_cantonal and indicator.code == "KT-01" and indicator.catalogue_id == dimension.catalogue_id
        assert AuditEntry.objects.filter(object_type="identification.indicator", object_id=str(indicator.pk)).exists()
    page = zh_client.get(reverse("identification:catalogue")).content.decode()
    assert "Schläft im Nagelstudio" in page and "kantonal" in page


def test_a_cantonal_indicator_without_text_is_refused_with_a_message(zh_client: Client) -> None:
    sign_in(zh_client, member("zh", Membership.Role.COORDINATOR))
    with schema_context("zh"):
        dimension = Dimension.objects.get(key="debt")
    data = {"dimension": dimension.pk, "strength": "weak"}
    response = zh_client.post(reverse("identification:indicator_create"), data)
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich" in response.content.decode()


def test_a_coordinator_retires_a_cantonal_indicator_but_cannot_edit_a_default_one(zh_client: Client) -> None:
    sign_in(zh_client, member("zh", Membership.Role.COORDINATOR))
    with schema_context("zh"):
        indicator = cantonal_indicator()
        default = Indicator.objects.get(code="DOC-01")
    data = {
        "dimension": indicator.dimension_id,
        "text_de": indicator.text_de,
        "strength": "medium",
        "target": "all",
        "exploitation_form": "both",
    }
    assert zh_client.post(reverse("identification:indicator_edit", args=[indicator.pk]), data).status_code == 302
    with schema_context("zh"):
        indicator.refresh_from_db()
        assert not indicator.is_active
    assert zh_client.get(reverse("identification:indicator_edit", args=[default.pk])).status_code == 404

import pytest
from django.core.management import CommandError, call_command
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from ksmm.cantons.models import Canton, Domain

pytestmark = pytest.mark.django_db


def test_provisioning_twice_changes_nothing_the_second_time() -> None:
    call_command("canton", "provision", "ZH")
    call_command("canton", "provision", "ZH")
    zh = Canton.objects.get(code="ZH")
    assert zh.is_active
    assert schema_exists("zh")
    assert list(Domain.objects.filter(tenant=zh).values_list("domain", "is_primary")) == [("zh.localhost", True)]


def test_provisioning_a_new_canton_creates_its_schema_and_host(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not schema_exists("ur")
    active_while_created: list[bool] = []
    clone = CloneSchema.clone_schema

    def record_then_clone(self: CloneSchema, *args: object, **kwargs: object) -> None:
        active_while_created.append(Canton.objects.get(code="UR").is_active)
        clone(self, *args, **kwargs)

    monkeypatch.setattr(CloneSchema, "clone_schema", record_then_clone)
    call_command("canton", "provision", "UR")
    assert schema_exists("ur")
    assert Domain.objects.get(domain="ur.localhost").tenant.code == "UR"
    # Beat and the health check see the canton only once its schema is complete.
    assert active_while_created == [False]
    assert Canton.objects.get(code="UR").is_active


def test_provisioning_with_another_domain_makes_it_primary() -> None:
    call_command("canton", "provision", "GE", "--domain", "ge.example.test")
    domains = dict(Domain.objects.filter(tenant__code="GE").values_list("domain", "is_primary"))
    assert domains == {"ge.localhost": False, "ge.example.test": True}


def test_deactivating_a_canton_takes_its_host_off_the_air(zh_client) -> None:  # type: ignore[no-untyped-def]
    assert zh_client.get("/").status_code == 200
    call_command("canton", "deactivate", "ZH")
    assert zh_client.get("/").status_code == 404
    assert schema_exists("zh"), "deactivation keeps the data"


def test_unknown_canton_codes_are_refused() -> None:
    with pytest.raises(CommandError):
        call_command("canton", "provision", "XX")


def test_the_federal_level_cannot_be_deactivated() -> None:
    with pytest.raises(CommandError):
        call_command("canton", "deactivate", "CH")

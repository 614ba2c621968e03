"""Every rule names its source, and a convention of the round table is never labelled law."""

import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps as current_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils.translation import override, trans_real
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import check_new_rule_version, do_open_deadline
from ksmm.deadlines.models import SEEDED_REFERENCES, Rule, RuleKey, SourceKind, shown_reference
from ksmm.partners.models import Organisation
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

# Conventions of the 2005 guidelines and of the round table itself: REFERENCE.md 0 (Art. 36 VZAE
# sets no three-month limit), guidelines 3.3 (the annual meeting), the meeting's own decisions.
CONVENTIONS = {RuleKey.THREE_MONTH_THRESHOLD, RuleKey.ANNUAL_ASSESSMENT, RuleKey.ACTION_ITEM}
ARTICLE = re.compile(r"\bArt\. \d+")


@pytest.mark.parametrize("canton", ["zh", "ge"])
def test_every_rule_of_every_canton_names_its_kind_of_source_and_reference(canton: str) -> None:
    with schema_context(canton):
        for key in RuleKey.values:
            versions = list(Rule.objects.filter(key=key))
            assert versions, key
            for rule in versions:
                assert rule.source_kind in SourceKind.values, key
                assert rule.source_reference.strip(), key


def test_no_convention_of_the_round_table_is_labelled_law() -> None:
    with schema_context("zh"):
        for rule in Rule.objects.filter(key__in=CONVENTIONS):
            assert rule.source_kind == SourceKind.CONVENTION, rule.key
            assert "law" not in rule.reason.lower(), rule.key


def test_every_rule_labelled_law_cites_an_article() -> None:
    with schema_context("zh"):
        laws = list(Rule.objects.filter(source_kind=SourceKind.LAW))
        assert {rule.key for rule in laws} >= {
            RuleKey.REFLECTION_END, RuleKey.ART36_NOTICE, RuleKey.OHG_CLAIM_WINDOW, RuleKey.L_PERMIT_LONGEST,
        }  # fmt: skip
        for rule in laws:
            assert ARTICLE.search(rule.source_reference), rule.key


def test_the_seeds_no_longer_say_law_in_force_for_every_rule() -> None:
    with schema_context("zh"):
        assert not Rule.objects.filter(reason="Law in force (seed)").exists()


def test_the_migration_relabels_a_canton_seeded_with_the_old_text() -> None:
    """A canton migrated before the sources existed had every first version labelled law."""
    migration = importlib.import_module("ksmm.deadlines.migrations.0006_rule_source")
    with schema_context("zh"):
        Rule.objects.filter(key=RuleKey.THREE_MONTH_THRESHOLD).update(reason="Law in force (seed)")
        migration.seed_sources(current_apps, None)
        rule = Rule.objects.get(key=RuleKey.THREE_MONTH_THRESHOLD, version=1)
        assert rule.reason == "Seed: convention of the round table"
        assert rule.source_kind == SourceKind.CONVENTION


def test_the_database_refuses_a_rule_without_a_source() -> None:
    with schema_context("zh"), pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(key=RuleKey.PERMIT_EXPIRY, version=9, valid_from=date(2040, 1, 1), source_kind="law")


@pytest.mark.parametrize(("kind", "reference"), [("", "Art. 35 VZAE"), ("law", "  "), ("statute", "Art. 1")])
def test_a_new_version_without_a_source_is_refused(adam: User, kind: str, reference: str) -> None:
    with schema_context("zh"), pytest.raises(ValidationError) as refused:
        check_new_rule_version(
            acting_user=adam, key=RuleKey.PERMIT_EXPIRY, valid_from=date(2040, 1, 1), months=0, days=0,
            reminder_days=[7], escalate_when_overdue=True, reason="r", source_kind=kind, source_reference=reference,
        )  # fmt: skip
    assert refused.value.code == "source_missing"


def test_the_rules_page_shows_each_source_and_the_convention_as_convention(zh_client: Client, adam: User) -> None:
    page = sign_in(zh_client, adam).get("/deadlines/rules/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # The seeded references in the page's language (German in Zurich).
    assert "Art. 35 Abs. 1 VZAE" in page
    assert "Art. 25 OHG" in page
    assert "Art. 32 Abs. 1 AIG" in page
    assert "Konvention des Runden Tisches</span>: KSMM-Leitfaden 2005, 4.3" in page


def test_the_deadline_list_and_the_api_show_the_source(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        do_open_deadline(
            rule=RuleKey.THREE_MONTH_THRESHOLD, anchor=date(2026, 3, 2), subject=zh_case, case=zh_case,
            responsible_organisation=zh_police, acting_user=None,
        )  # fmt: skip
    sign_in(zh_client, alice)
    page = zh_client.get("/deadlines/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Konvention des Runden Tisches" in page
    assert "Geltendes Recht" not in page
    [row] = zh_client.get("/api/v1/deadlines/").json()["results"]
    assert (row["source_kind"], row["source_reference"][:24]) == ("convention", "KSMM guidelines 2005, 4.")


def _seeded_references() -> set[str]:
    sources = importlib.import_module("ksmm.deadlines.migrations.0006_rule_source").SOURCES
    later = importlib.import_module("ksmm.deadlines.migrations.0007_safety_review")
    return {reference for _kind, reference, _reason in sources.values()} | set(
        re.findall(r'"source_reference": "([^"]+)"', Path(later.__file__).read_text())
    )


def test_every_reference_the_migrations_seed_is_shown_translated() -> None:
    assert _seeded_references() == set(SEEDED_REFERENCES)
    catalogues = {language: trans_real.translation(language) for language in ("de", "fr", "it")}
    for reference in SEEDED_REFERENCES:
        for language, catalogue in catalogues.items():
            assert catalogue.gettext(reference) != reference, (language, reference)
        with override("fr"):
            assert shown_reference(reference) == catalogues["fr"].gettext(reference)


def test_a_reference_a_canton_typed_is_shown_as_typed() -> None:
    typed = "Weisung des Migrationsamts vom 3. März 2026"
    with override("fr"):
        assert shown_reference(typed) == typed
        assert Rule(source_kind=SourceKind.PRACTICE, source_reference=typed).source.endswith(f": {typed}")

"""The rule: the same person (name and full date of birth, case, accents and word order aside)
in two cantons signals in both; anything less does not; public keeps digest and canton only."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation
from django_tenants.utils import schema_context

from cases.matching import federal_signal
from cases.models import Case, FederalMatch
from cases.policy import decide
from cases.retention import do_anonymise_case
from ksmm.matching.models import FederalDigest
from ksmm.memberships.models import Membership
from ksmm.notifications.models import Reminder

from .conftest import People, save

pytestmark = pytest.mark.django_db

ZOE = {"first_name": "Zoë", "official_name": "Marker-Quux", "date_of_birth": "1991-07-08"}
OTHER_KEY = "b3RoZXItZmVkZXJhbC1tYXRjaGluZy1rZXktZm9yLXQ="


def signal_of(canton: str, case_id: int) -> list[str]:
    with schema_context(canton):
        return FederalMatch.objects.filter(case_id=case_id).values_list("cantons", flat=True).first() or []


def possible_match_items(canton: str) -> list[tuple[int | None, str, str]]:
    with schema_context(canton):
        return list(
            Reminder.objects.filter(kind=Reminder.Kind.POSSIBLE_MATCH).values_list("case_id", "link", "event_key")
        )


def test_the_same_person_in_two_cantons_signals_in_both(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    assert signal_of("zh", people.rosa.pk) == []
    save("ge", people.lea, **ZOE)
    assert signal_of("ge", people.lea.pk) == ["zh"]
    assert signal_of("zh", people.rosa.pk) == ["ge"]


def test_both_coordinators_are_told_without_a_case_and_once(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **ZOE)
    save("ge", people.lea, **ZOE, aliases="Zoe M.")  # changed, still the same match: told once
    for canton, coordinator in (("zh", people.carla), ("ge", people.gaston)):
        with schema_context(canton):
            told = list(
                Reminder.objects.filter(kind=Reminder.Kind.POSSIBLE_MATCH).values_list("recipient_id", flat=True)
            )
            coordinators = set(
                Membership.objects.filter(role=Membership.Role.COORDINATOR, is_active=True).values_list(
                    "user_id", flat=True
                )
            )
        assert coordinator.pk in told
        assert set(told) == coordinators, "every coordinator of the canton, nobody else"
        assert len(told) == len(set(told)), "each once"
    (zh_item, *_others) = possible_match_items("zh")
    (ge_item, *_others) = possible_match_items("ge")
    # No case on either side; the link names the other canton's contact page only.
    assert zh_item[0] is None and zh_item[1] == "/matching/ge/"
    assert ge_item[0] is None and ge_item[1] == "/matching/zh/"
    assert re.fullmatch(r"possible-match:ge:[0-9a-f]{32}", zh_item[2])
    assert re.fullmatch(r"possible-match:zh:[0-9a-f]{32}", ge_item[2])


@pytest.mark.parametrize(
    "other",
    [
        {**ZOE, "official_name": "Marker-Quax"},  # one letter
        {**ZOE, "first_name": "Zoa"},  # one letter of the first name
        {**ZOE, "date_of_birth": "1991-07-09"},  # same name, next day
        {**ZOE, "date_of_birth": "1992-07-08"},  # same name, another year
        {**ZOE, "date_of_birth": "1991-07"},  # partial date
        {**ZOE, "date_of_birth": "1991"},
        {**ZOE, "date_of_birth": ""},
        {**ZOE, "first_name": ""},  # the family name alone (a twin would share it)
        {**ZOE, "first_name": "Anna"},  # a sibling born the same day
    ],
)
def test_a_near_miss_signals_nothing(people: People, other: dict[str, str]) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **other)
    assert signal_of("ge", people.lea.pk) == []
    assert signal_of("zh", people.rosa.pk) == []
    assert possible_match_items("zh") == possible_match_items("ge") == []


def test_a_partial_date_publishes_no_federal_digest(people: People) -> None:
    save("zh", people.rosa, **{**ZOE, "date_of_birth": "1991-07"})
    assert not FederalDigest.objects.exists()
    save("ge", people.lea, **{**ZOE, "date_of_birth": "1991-07"})
    assert signal_of("ge", people.lea.pk) == []


@pytest.mark.parametrize(
    "spelling",
    [
        {"first_name": "Marker Quux", "official_name": "Zoë"},  # word order
        {"first_name": "ZOE", "official_name": "marker quux"},  # case, accents, hyphen
        {"first_name": "", "official_name": "quux  ZOË marker"},
        {"first_name": "Zoe", "official_name": "Other", "aliases": "Zoé Marker Quux"},  # an alias
    ],
)
def test_word_order_case_and_accents_still_match(people: People, spelling: dict[str, str]) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **spelling, date_of_birth="1991-07-08")
    assert signal_of("ge", people.lea.pk) == ["zh"]


def test_public_holds_no_name_and_no_date(people: People) -> None:
    save("zh", people.rosa, **ZOE, aliases="Quuxine")
    save("ge", people.lea, **ZOE, aliases="Quuxine")
    assert FederalDigest.objects.count() == 4  # two names, two cantons
    # No bare "1991": hex digests and hashes may contain it by chance.
    markers = ["marker", "quux", "zoë", "zoe", "1991-07", "07.1991", "08.07.1991", "19910708"]
    found = []
    with schema_context("public"), connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name IN"
            " (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            "  AND table_type = 'BASE TABLE')"
        )
        columns = cursor.fetchall()
        assert ("matching_federaldigest", "digest") in columns
        for table, column in columns:
            for marker in markers:
                cursor.execute(
                    f'SELECT count(*) FROM public."{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{marker}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, marker))
    # created_at holds today's date, never the birth date; nothing else may hold a marker.
    assert found == []


def test_the_database_refuses_anything_but_a_hex_digest(people: People) -> None:
    from django.db import IntegrityError, transaction

    from ksmm.cantons.models import Canton

    with pytest.raises(IntegrityError), transaction.atomic():
        FederalDigest.objects.create(canton=Canton.objects.get(schema_name="zh"), digest="zoe marker", key_version=1)


def test_readers_without_identity_access_learn_nothing(people: People) -> None:
    save("ge", people.lea, **ZOE)
    save("zh", people.rosa, **ZOE)
    with schema_context("zh"):
        kesb = Membership.objects.get(user=people.karl)
        police = Membership.objects.get(user=people.polly)
        assert federal_signal(access=decide(reader=kesb, case=people.rosa)) == []
        with translation.override("en"):
            (contact,) = federal_signal(access=decide(reader=police, case=people.rosa))
    assert (contact.code, contact.canton) == ("ge", "Geneva")


def test_a_different_federal_key_matches_nothing(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    with override_settings(KSMM_FEDERAL_MATCHING_KEY=OTHER_KEY):
        save("ge", people.lea, **ZOE)
        assert signal_of("ge", people.lea.pk) == []
    assert FederalDigest.objects.values("digest").distinct().count() == 2


def test_anonymising_a_case_removes_its_digests_and_the_other_cantons_signal(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **ZOE)
    with schema_context("zh"):
        Case.objects.filter(pk=people.rosa.pk).update(status=Case.Status.CLOSED, closed_on=date(2026, 6, 30))
        do_anonymise_case(case=Case.objects.get(pk=people.rosa.pk))
        assert not FederalMatch.objects.filter(case=people.rosa).exists()
    assert list(FederalDigest.objects.values_list("canton__schema_name", flat=True)) == ["ge"]
    assert signal_of("ge", people.lea.pk) == []


def test_a_changed_identity_withdraws_its_old_digest(people: People) -> None:
    save("zh", people.rosa, **ZOE)
    save("ge", people.lea, **ZOE)
    save("zh", people.rosa, **{**ZOE, "date_of_birth": "1991-07"})
    assert list(FederalDigest.objects.values_list("canton__schema_name", flat=True)) == ["ge"]
    assert signal_of("ge", people.lea.pk) == []
    assert signal_of("zh", people.rosa.pk) == []


def test_a_digest_another_case_of_the_canton_holds_stays_published(people: People) -> None:
    from tests.factories import open_test_case

    with schema_context("zh"):
        twin_file = open_test_case(organisation=people.rosa.intake_organisation, pseudonym="Rosa 2")
    save("zh", people.rosa, **ZOE)
    save("zh", twin_file, **ZOE)
    save("zh", people.rosa, **{**ZOE, "date_of_birth": ""})
    assert FederalDigest.objects.filter(canton__schema_name="zh").count() == 1
    save("ge", people.lea, **ZOE)
    assert signal_of("ge", people.lea.pk) == ["zh"]

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django_tenants.utils import schema_context

from cases.encryption import DecryptionFailed, decrypt, encrypt, normalise
from cases.identity import IdentityData, InvalidBirthDate, do_save_identity, is_presumed_minor, parse_birth_date
from cases.models import Case, Identity
from cases.queries import CaseSearch, search_cases

from .conftest import Cast

pytestmark = pytest.mark.django_db


def test_names_are_stored_as_ciphertext_and_read_back_in_clear(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name="Muster", first_name="Anna"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT official_name FROM cases_identity WHERE case_id = %s", [rosa.pk])
            stored = cursor.fetchone()[0]
        assert stored.startswith("v1:")
        assert "Muster" not in stored
        assert Identity.objects.get(case=rosa).official_name == "Muster"


def test_ciphertext_of_one_canton_does_not_decrypt_in_another() -> None:
    token = encrypt("Muster", schema="zh")
    assert decrypt(token, schema="zh") == "Muster"
    with pytest.raises(DecryptionFailed):
        decrypt(token, schema="ge")
    with pytest.raises(DecryptionFailed):
        decrypt(token[:-4] + "AAAA", schema="zh")


def test_a_tampered_value_in_the_database_raises_on_read(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name="Muster"))
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_identity SET official_name = 'plain' WHERE case_id = %s", [rosa.pk])
        with pytest.raises(DecryptionFailed):
            Identity.objects.get(case=rosa)


def test_encrypted_fields_cannot_be_searched_in_plaintext(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"), pytest.raises(ImproperlyConfigured):
        Identity.objects.filter(official_name="Muster").exists()


def test_names_are_compared_without_case_accents_or_word_order(cast: Cast, rosa: Case) -> None:
    assert normalise("  Müller-Lüdenscheidt ") == "muller ludenscheidt"
    with schema_context("zh"):
        do_save_identity(
            acting_user=None, case=rosa, data=IdentityData(official_name="Müller", first_name="Zoë",
                                                           aliases="Zoe M.", date_of_birth="1991-07-08"),
        )  # fmt: skip
        police = cast.membership(cast.polly)
        for name in ("zoe muller", "MÜLLER Zoë", "Müller", "zoe m"):
            assert list(search_cases(membership=police, search=CaseSearch(name=name))) == [rosa], name
        for birth in ("1991", "1991-07", "1991-07-08"):
            assert list(search_cases(membership=police, search=CaseSearch(name="Müller", birth=birth))) == [rosa]
        assert list(search_cases(membership=police, search=CaseSearch(birth="1991-07-09"))) == []
        assert list(search_cases(membership=police, search=CaseSearch(name="Zoë Meier"))) == []


@pytest.mark.parametrize(
    ("born", "in_doubt", "minor"),
    [
        ("2008-11-23", False, False),  # eighteen today
        ("2008-11-24", False, True),  # eighteen tomorrow
        ("2008", False, True),  # born "in 2008": may still be 17 until the end of the year
        ("2007", False, False),
        ("2008-10", False, False),
        ("", True, True),  # age uncertain: presumed a minor
        ("", False, False),
        ("1980", True, True),  # doubt wins over a stated date
    ],
)
def test_the_presumption_of_minority(born: str, in_doubt: bool, minor: bool) -> None:
    assert is_presumed_minor(date_of_birth=born, age_in_doubt=in_doubt, today=date(2026, 11, 23)) is minor


@pytest.mark.parametrize("value", ["19", "1990-13", "1990-02-30", "1990/04/17", "2999"])
def test_impossible_birth_dates_are_refused(value: str) -> None:
    with pytest.raises(InvalidBirthDate):
        parse_birth_date(value)


def test_recording_a_minor_sets_the_flag_on_the_case_and_back(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(age_in_doubt=True))
        rosa.refresh_from_db()
        assert rosa.is_minor
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(date_of_birth="1990-01-01"))
        rosa.refresh_from_db()
        assert not rosa.is_minor

"""The identity of a case in the eCH shapes (eCH-0044 personIdentification, eCH-0011
nationalityData), read and written next to the plain fields.

The eCH objects carry the same data as the plain fields, so they are served only where the plain
fields are (GET/PUT /cases/{id}/identity/: the identity compartment's gate and its audited read).
As input either shape is accepted; where both name the same datum they must agree, or the
request is refused field by field (400), never silently resolved one way.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ksmm.api.ech import ech_country, partial_date, with_plain

from ..identity import IdentityData, InvalidBirthDate, parse_birth_date
from ..models import Identity, PersonIdentifier, Sex

# eCH-0044 leaves the personIdCategory names to the exchange partners ("CH." for federal
# registers); the annex was not checked (REFERENCE.md 3.1, OPEN), so these are ksmm's own.
LOCAL_CATEGORY = "CH.KSMM"
Category = PersonIdentifier.Category
PERSON_ID_CATEGORIES = {
    Category.ZEMIS: "CH.ZEMIS",
    Category.N: "CH.ZEMIS.N",
    Category.PASSPORT: "OT.PASSPORT",
    Category.NATIONAL_ID: "OT.NATIONALID",
    Category.POLICE_REF: "CT.POLICE",
    Category.PROSECUTION_REF: "CT.PROSECUTION",
}
# eCH-0044 personId is at most 36 characters; a longer value (the plain field takes 60) stays in
# the plain identifiers only, rather than cut into a wrong one.
PERSON_ID_LENGTH = 36
CATEGORIES_OF_PERSON_IDS = {ech: category for category, ech in PERSON_ID_CATEGORIES.items()}


def ech0044_of(identity: Identity, *, case_number: str) -> dict[str, Any]:
    """The eCH-0044 personIdentification of a stored identity (identifiers prefetched)."""
    return {
        "personIdentification": {
            "localPersonId": {"personIdCategory": LOCAL_CATEGORY, "personId": case_number},
            "otherPersonId": [
                {"personIdCategory": PERSON_ID_CATEGORIES[Category(item.category)], "personId": item.value}
                for item in identity.identifiers.all()
                if len(item.value) <= PERSON_ID_LENGTH
            ],
            "officialName": identity.official_name,
            "firstName": identity.first_name,
            "sex": identity.sex,
            "dateOfBirth": partial_date(identity.date_of_birth) if identity.date_of_birth else None,
        }
    }


def ech0011_of(identity: Identity) -> dict[str, Any]:
    """eCH-0011 nationalityData: status 2 with the country, or 0 when it is not known."""
    country = ech_country(identity.nationality)
    if country is None:
        return {"nationalityData": {"nationalityStatus": "0", "countryInfo": []}}
    return {"nationalityData": {"nationalityStatus": "2", "countryInfo": [{"country": country}]}}


def plain_from_ech(*, ech0044: Mapping[str, Any] | None, ech0011: Mapping[str, Any] | None) -> dict[str, Any]:
    """The plain identity fields the eCH objects name; a datum they leave out is not returned."""
    plain: dict[str, Any] = {}
    person = (ech0044 or {}).get("personIdentification", {})
    for ech_name, name in (("officialName", "official_name"), ("firstName", "first_name"), ("sex", "sex")):
        if ech_name in person:
            plain[name] = person[ech_name]
    if "dateOfBirth" in person:
        plain["date_of_birth"] = _checked_birth_date(person["dateOfBirth"] or "")
    if "otherPersonId" in person:
        plain["identifiers"] = [_identifier(item, index) for index, item in enumerate(person["otherPersonId"])]
    if ech0011 is not None:
        info = ech0011["nationalityData"].get("countryInfo") or []
        plain["nationality"] = info[0]["country"]["countryIdISO2"] if info else ""
    return plain


def _checked_birth_date(value: str) -> str:
    if value:
        try:
            parse_birth_date(value)
        except InvalidBirthDate as error:
            raise serializers.ValidationError(
                {"ech0044": {"personIdentification": {"dateOfBirth": [str(error)]}}}
            ) from error
    return value


def _identifier(item: Mapping[str, str], index: int) -> dict[str, str]:
    category = CATEGORIES_OF_PERSON_IDS.get(item["personIdCategory"])
    if category is None:
        known = ", ".join(sorted(CATEGORIES_OF_PERSON_IDS))
        message = _("Unknown personIdCategory; known are: %(known)s.") % {"known": known}
        raise serializers.ValidationError(
            {"ech0044": {"personIdentification": {"otherPersonId": {str(index): {"personIdCategory": [message]}}}}}
        )
    return {"category": str(category), "value": item["personId"]}


def merge_ech(attrs: dict[str, Any], *, given: object) -> dict[str, Any]:
    """`attrs` with the data of its eCH objects (popped) in the plain fields (ksmm/api/ech.py
    `with_plain`: a plain field sent as well must agree)."""
    plain = plain_from_ech(ech0044=attrs.pop("ech0044", None), ech0011=attrs.pop("ech0011", None))
    return with_plain(attrs, plain, given=given, same=_same)


def _same(plain: Any, ech: Any) -> bool:
    if isinstance(plain, list):  # identifiers: the same set, in any order
        return sorted(map(_identifier_key, plain)) == sorted(map(_identifier_key, ech))
    return bool(plain == ech)


def _identifier_key(item: Mapping[str, str]) -> tuple[str, str]:
    return (str(item["category"]), item["value"])


INTAKE_FIELDS = ("official_name", "first_name", "date_of_birth", "age_in_doubt", "sex", "nationality", "identifiers")


def identity_at_intake(data: Mapping[str, Any]) -> IdentityData | None:
    """What an intake (plain fields or eCH objects, merged) knows of the identity, if anything."""
    if not any(data.get(name) for name in INTAKE_FIELDS):
        return None
    return IdentityData(
        official_name=data.get("official_name", ""),
        first_name=data.get("first_name", ""),
        sex=data.get("sex", Sex.UNKNOWN),
        date_of_birth=data.get("date_of_birth", ""),
        age_in_doubt=data.get("age_in_doubt", False),
        nationality=data.get("nationality", ""),
        identifiers=[(item["category"], item["value"]) for item in data.get("identifiers", [])],
    )

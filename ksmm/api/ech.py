"""The eCH shapes the API serves next to its own fields: person identification (eCH-0044 v4.1),
nationality (eCH-0011 v8.1), postal address (eCH-0010 v6.0) and residence permit (eCH-0006 v2.0).

Cantonal systems (population registers, ZEMIS exports, case systems) speak these standards; a
client that reads or writes the eCH object needs no mapping of its own. Element names, codes and
lengths follow the XSDs as openmun-ech implements them (REFERENCE.md 3.1). The shapes know no
domain model: the apps map their records onto them (cases/api/ech.py, permits/api.py,
ksmm/partners/api.py). Messages are validation messages about the input, never personal data.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers

from ksmm.language_names import nationality_name

SWITZERLAND = "CH"
DISAGREE = _("The eCH object and this field disagree.")


def with_plain(
    attrs: dict[str, Any],
    plain: Mapping[str, Any],
    *,
    given: object,
    same: Callable[[Any, Any], bool] = lambda plain, ech: bool(plain == ech),
) -> dict[str, Any]:
    """`attrs` with `plain`, the plain fields an eCH object names. A plain field the request body
    (`given`) also sent must name the same value, or each such field is refused (400); one it
    left out, holding its default, takes the eCH value."""
    sent = given if isinstance(given, Mapping) else {}
    conflicts = {
        name: [DISAGREE]
        for name, value in plain.items()
        if name in sent and name in attrs and not same(attrs[name], value)
    }
    if conflicts:
        raise serializers.ValidationError(conflicts)
    return {**attrs, **plain}


def is_country_code(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code of a country django-countries knows ("NG"; not "ng", "NGA")."""
    return code in countries


def ech_country(code: str) -> dict[str, str] | None:
    """eCH-0010 v6 / eCH-0008 countryType of an ISO code, named in the reader's language.
    countryId (the BFS number) is left out: ksmm keeps the ISO code only."""
    if not code:
        return None
    return {"countryIdISO2": code, "countryNameShort": nationality_name(code)[:50]}


class ECH0044DatePartiallyKnownSerializer(serializers.Serializer[Any]):
    """eCH-0044 v4.1 datePartiallyKnownType: exactly one of yearMonthDay, yearMonth or year.
    As input it becomes the text "YYYY-MM-DD", "YYYY-MM" or "YYYY"; the app checks the date."""

    yearMonthDay = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", required=False, help_text="1990-04-17")
    yearMonth = serializers.RegexField(r"^[0-9]{4}-[0-9]{2}$", required=False, help_text="1990-04")
    year = serializers.RegexField(r"^[0-9]{4}$", required=False, help_text="1990")

    def to_representation(self, instance: Any) -> dict[str, str]:
        return partial_date(str(instance))

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        given = [value for value in values.values() if value]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of yearMonthDay, yearMonth or year."))
        return given[0]


def partial_date(value: str) -> dict[str, str]:
    """The eCH-0044 choice for a stored "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    key = {4: "year", 7: "yearMonth"}.get(len(value), "yearMonthDay")
    return {key: value}


class ECH0044NamedPersonIdSerializer(serializers.Serializer[Any]):
    """eCH-0044 v4.1 namedPersonIdType (localPersonId, otherPersonId)."""

    personIdCategory = serializers.CharField(min_length=1, max_length=20)
    personId = serializers.CharField(min_length=1, max_length=36)


class ECH0044PersonIdentificationSerializer(serializers.Serializer[Any]):
    """eCH-0044 v4.1 personIdentificationType (namespace http://www.ech.ch/xmlns/eCH-0044/4).

    The standard requires officialName, firstName and dateOfBirth; ksmm keeps what is known, so
    an unknown name is empty and an unknown date of birth null. localPersonId is the case
    number (category CH.KSMM) and is set by the platform; an identifier longer than personId's 36
    characters is served in the plain identifiers only. vn (AHV-13) and originalName are not
    kept by ksmm and not served.
    """

    localPersonId = ECH0044NamedPersonIdSerializer(read_only=True)
    otherPersonId = ECH0044NamedPersonIdSerializer(many=True, required=False)
    officialName = serializers.CharField(max_length=100, required=False, allow_blank=True)
    firstName = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sex = serializers.ChoiceField(
        choices=[("1", _("Male")), ("2", _("Female")), ("3", _("Unknown or undetermined"))],
        required=False,
        help_text="eCH-0044 sexType: 1 male, 2 female, 3 unknown or undetermined.",
    )
    dateOfBirth = ECH0044DatePartiallyKnownSerializer(required=False, allow_null=True)


class ECH0044PersonSerializer(serializers.Serializer[Any]):
    """eCH-0044 v4.1: the person identification of the case's person."""

    personIdentification = ECH0044PersonIdentificationSerializer()


class ECH0008CountrySerializer(serializers.Serializer[Any]):
    """eCH-0008 / eCH-0010 v6.0 countryType: the ISO 3166-1 alpha-2 code and the short name in
    the reader's language (as input only countryIdISO2 counts)."""

    countryIdISO2 = serializers.CharField(min_length=2, max_length=2)
    countryNameShort = serializers.CharField(max_length=50, required=False)

    def validate_countryIdISO2(self, value: str) -> str:
        if not is_country_code(value):
            raise serializers.ValidationError(_("Enter an ISO 3166-1 country code in capitals, such as NG."))
        return value


class ECH0011CountryInfoSerializer(serializers.Serializer[Any]):
    country = ECH0008CountrySerializer()


class ECH0011NationalityDataSerializer(serializers.Serializer[Any]):
    """eCH-0011 v8.1 nationalityDataType: nationalityStatus 0 unknown, 2 known with countryInfo.
    Status 1 (stateless) is not kept by ksmm and refused as input."""

    nationalityStatus = serializers.ChoiceField(choices=[("0", _("Unknown")), ("2", _("Known"))])
    # ksmm keeps one nationality. The stubs lack ListSerializer's max_length (DRF 3.14).
    countryInfo = ECH0011CountryInfoSerializer(many=True, required=False, max_length=1)  # type: ignore[call-arg]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["nationalityStatus"] == "2") != bool(attrs.get("countryInfo")):
            raise serializers.ValidationError(_("A known nationality names its country; an unknown one none."))
        return attrs


class ECH0011PersonSerializer(serializers.Serializer[Any]):
    """eCH-0011 v8.1: the nationality of the case's person."""

    nationalityData = ECH0011NationalityDataSerializer()


class ECH0010AddressInformationSerializer(serializers.Serializer[Any]):
    """eCH-0010 v6.0 addressInformationType (namespace http://www.ech.ch/xmlns/eCH-0010/6):
    swissZipCode (1000 to 9999) only in CH, foreignZipCode elsewhere; town is required."""

    street = serializers.CharField(max_length=60, required=False, allow_blank=True)
    houseNumber = serializers.CharField(max_length=12, required=False, allow_blank=True)
    postOfficeBoxText = serializers.CharField(max_length=15, required=False, allow_blank=True)
    swissZipCode = serializers.IntegerField(min_value=1000, max_value=9999, required=False, allow_null=True)
    foreignZipCode = serializers.CharField(max_length=15, required=False, allow_blank=True)
    town = serializers.CharField(max_length=40)
    country = ECH0008CountrySerializer()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        swiss = attrs["country"]["countryIdISO2"] == SWITZERLAND
        if attrs.get("swissZipCode") is not None and not swiss:
            raise serializers.ValidationError({"swissZipCode": _("A Swiss postal code is only for an address in CH.")})
        if attrs.get("foreignZipCode") and swiss:
            raise serializers.ValidationError({"foreignZipCode": _("An address in CH has a swissZipCode.")})
        return attrs


class ECH0010OrganisationSerializer(serializers.Serializer[Any]):
    """eCH-0010 v6.0 organisationMailAddressInfoType: the name in lines of at most 60 characters."""

    organisationName = serializers.CharField(max_length=60, read_only=True)
    organisationNameAddOn1 = serializers.CharField(max_length=60, read_only=True, help_text="Empty if not needed.")
    organisationNameAddOn2 = serializers.CharField(max_length=60, read_only=True, help_text="Empty if not needed.")


class ECH0010OrganisationMailAddressSerializer(serializers.Serializer[Any]):
    """eCH-0010 v6.0 organisationMailAddressType: the organisation and its postal address.

    Declared with source="*" on a record's serializer: `from_record` maps the record onto the
    shape for reading; as input the validated addressInformation lands in the parent's data.
    """

    organisation = ECH0010OrganisationSerializer(read_only=True)
    addressInformation = ECH0010AddressInformationSerializer()

    def __init__(self, *args: Any, from_record: Callable[[Any], dict[str, Any]], **kwargs: Any) -> None:
        self.from_record = from_record
        super().__init__(*args, **kwargs)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return dict(super().to_representation(self.from_record(instance)))


class ECH0006ResidencePermitSerializer(serializers.Serializer[Any]):
    """eCH-0006 v2.0 permit codes with the validity of eCH-0011 v8.1 residencePermitData.

    residencePermitCategory is the base category (02 B, 05 F, 07 L, 08 N); residencePermit the
    most detailed code known (0202 B, 0503 F, 0804 N; for L 0702, or 070201 ≥12 months,
    070202 >4 to <12 months, 070204 ≤4 months once the validity is set).
    """

    residencePermitCategory = serializers.RegexField(r"^\d{2}$", read_only=True)
    residencePermit = serializers.RegexField(r"^\d{2}(\d{2}){0,2}$", read_only=True)
    residencePermitValidFrom = serializers.DateField(allow_null=True, read_only=True)
    residencePermitValidTill = serializers.DateField(allow_null=True, read_only=True)


class ECH0006PermitInputSerializer(serializers.Serializer[Any]):
    """eCH-0006 v2.0 residencePermitCategory of the permit asked for (07 L, 02 B) and the
    validity of a decision (eCH-0011 v8.1 residencePermitValidFrom / residencePermitValidTill):
    an alternative to the plain kind, valid_from and valid_until."""

    residencePermitCategory = serializers.ChoiceField(choices=[("07", "L"), ("02", "B")], required=False)
    residencePermitValidFrom = serializers.DateField(required=False, allow_null=True)
    residencePermitValidTill = serializers.DateField(required=False, allow_null=True)

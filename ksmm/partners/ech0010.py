"""A directory entry's postal address in the eCH-0010 v6.0 shape, out and in.

The entry keeps the address in eCH-0010's fields already (entries.py); this maps the names. A
Swiss postal code becomes swissZipCode, any other foreignZipCode. As input the eCH object is an
alternative to the plain fields; where both are sent they must agree.
"""

import re
import textwrap
from typing import Any

from ksmm.api.ech import SWITZERLAND, ech_country, with_plain

from .entries import DirectoryEntry


def mail_address_of(entry: DirectoryEntry, *, name: str) -> dict[str, Any]:
    """eCH-0010 organisationMailAddress of an organisation or federal partner named `name`."""
    swiss = entry.country == SWITZERLAND
    return {
        "organisation": organisation_name(name),
        "addressInformation": {
            "street": entry.street,
            "houseNumber": entry.house_number,
            "postOfficeBoxText": entry.post_office_box,
            "swissZipCode": int(entry.postal_code) if swiss and re.fullmatch("[0-9]{4}", entry.postal_code) else None,
            "foreignZipCode": "" if swiss else entry.postal_code,
            "town": entry.town,
            "country": ech_country(entry.country),
        },
    }


def merge_address(attrs: dict[str, Any], *, given: object) -> dict[str, Any]:
    """`attrs` with the eCH-0010 addressInformation (popped) in the plain address fields; a plain
    field the request also sent must name the same value."""
    address = attrs.pop("addressInformation", None)
    if address is None:
        return attrs
    zip_code = address.get("swissZipCode")
    plain = {
        "street": address.get("street", ""),
        "house_number": address.get("houseNumber", ""),
        "post_office_box": address.get("postOfficeBoxText", ""),
        "postal_code": str(zip_code) if zip_code is not None else address.get("foreignZipCode", ""),
        "town": address["town"],
        "country": address["country"]["countryIdISO2"],
    }
    return with_plain(attrs, plain, given=given)


def organisation_name(name: str) -> dict[str, str]:
    """The name in eCH-0010's lines of 60 characters: organisationName, then two add-ons (empty
    when not needed), broken between words (a name of the directory takes up to 200 characters)."""
    lines = [*textwrap.wrap(name, 60)[:3], "", "", ""]
    keys = ("organisationName", "organisationNameAddOn1", "organisationNameAddOn2")
    return dict(zip(keys, lines, strict=False))

"""A contact person as a vCard 3.0 (RFC 2426), for the address book of a phone."""

from .models import ContactPerson


def _escape(value: str) -> str:
    """Text value escaping of RFC 2426 section 4: backslash, comma, semicolon, newline."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF and one space (RFC 2425 5.8.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def contact_vcard(contact: ContactPerson) -> str:
    organisation = contact.organisation
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(contact.name)}",
        f"N:{_escape(contact.name)};;;;",
        f"ORG:{_escape(organisation.name)}",
    ]
    if contact.function:
        lines.append(f"TITLE:{_escape(contact.function)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(contact.phone)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{_escape(contact.email)}")
    if organisation.emergency_phone:
        lines.append(f"item1.TEL:{_escape(organisation.emergency_phone)}")
        lines.append("item1.X-ABLabel:24/7")
    address = [
        organisation.post_office_box,
        "",
        organisation.street_line,
        organisation.town,
        "",
        organisation.postal_code,
        organisation.country,
    ]
    if any(address[:-1]):
        lines.append("ADR;TYPE=WORK:" + ";".join(_escape(part) for part in address))
    if organisation.website:
        lines.append(f"URL:{organisation.website}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)

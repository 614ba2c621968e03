"""Two small attachments on a ZH demo case: a signed consent form in the counselling (its notes
part, which the case's consent opens to the police) and an interview record in the investigation.

The PDFs are written here by hand (one page of Helvetica text): no rendering at seed time.
"""

from datetime import date

from cases.attachments.actions import do_upload
from cases.attachments.models import Attachment, AttachmentKind
from cases.models import Case, CounsellingPart
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .people import Type

DEMO_PSEUDONYM = "Aurora"


def text_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF showing `lines` (Latin-1 text), with its cross-reference table."""
    text = "\n".join(
        f"BT /F1 11 Tf 56 {780 - 16 * number} Td ({line.replace('(', '[').replace(')', ']')}) Tj ET"
        for number, line in enumerate(lines)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load_demo_attachments(organisations: dict[str, Organisation]) -> None:
    """Once, on the demo case Aurora, through the real action (encrypted, audited)."""
    case = Case.objects.filter(pseudonym=DEMO_PSEUDONYM).first()
    if case is None or Attachment.objects.filter(case=case).exists():
        return
    opened = case.opened_on.strftime("%d.%m.%Y")
    do_upload(
        acting_user=None, organisation=organisations[Type.VICTIM_AID], case=case,
        compartment=Compartment.COUNSELLING, counselling_part=CounsellingPart.NOTES,
        kind=AttachmentKind.CONSENT_FORM, title="Einwilligung Informationsweitergabe an die Kantonspolizei",
        data=text_pdf([
            "Einwilligung zur Weitergabe von Informationen (Demo)", "",
            f"Fall {case.case_number}, Pseudonym {DEMO_PSEUDONYM}",
            "Empfaengerin: Kantonspolizei, Zweck: Einvernahme vorbereiten",
            "Umfang: Beratungsnotizen", f"Datum: {opened}", "", "Unterschrift: (fiktiv)",
        ]),
    )  # fmt: skip
    do_upload(
        acting_user=None, organisation=organisations[Type.CANTONAL_POLICE], case=case,
        compartment=Compartment.INVESTIGATION, counselling_part="", kind=AttachmentKind.INTERVIEW_RECORD,
        title="Protokoll erste Einvernahme",
        data=text_pdf([
            "Protokoll der ersten Einvernahme (Demo)", "", f"Fall {case.case_number}",
            f"Datum: {date(2026, 2, 5).strftime('%d.%m.%Y')}", "Vertrauensperson angeboten: ja",
            "Dolmetscherin Bulgarisch: ja", "", "(fiktiver Inhalt)",
        ]),
    )  # fmt: skip

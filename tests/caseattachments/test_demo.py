"""The demo shows attachments on Aurora in ZH: a consent form the police read by the consent, and
an interview record; the PDFs are valid and loading twice adds nothing."""

import pytest
from django_tenants.utils import schema_context

from cases.attachments.access import reads
from cases.attachments.models import Attachment
from cases.attachments.sealing import load
from cases.models import Case
from cases.policy import decide
from demo.seed import PEOPLE, demo_email, load_demo
from ksmm.memberships.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_attaches_two_readable_pdfs_to_aurora_once() -> None:
    load_demo()
    load_demo()
    with schema_context("zh"):
        aurora = Case.objects.get(pseudonym="Aurora")
        attachments = list(Attachment.objects.filter(case=aurora).order_by("compartment"))
        assert [(a.compartment, a.kind) for a in attachments] == [
            ("counselling", "consent_form"),
            ("investigation", "interview_record"),
        ]
        police = next(person for person in PEOPLE if person.key == "police")
        membership = Membership.objects.select_related("organisation").get(user__email=demo_email(police, "ZH"))
        access = decide(reader=membership, case=aurora)
        for attachment in attachments:
            assert reads(access, attachment)
            data = load(schema="zh", storage_key=attachment.storage_key)
            assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")

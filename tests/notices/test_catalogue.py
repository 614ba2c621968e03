"""The starter catalogue: in every canton, in every shipped language, awaiting review."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from notices.languages import SHIPPED
from notices.models import Notice, NoticeText, NoticeVersion
from notices.placeholders import PLACEHOLDER, PLACEHOLDERS, unknown_placeholders
from notices.seed import KINDS, starter_texts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("schema", ["zh", "ge", "ti", "be"])
def test_each_canton_has_the_four_notices_published_in_every_shipped_language(schema: str) -> None:
    with schema_context(schema):
        assert list(Notice.objects.values_list("kind", flat=True)) == list(KINDS)
        for notice in Notice.objects.all():
            published = notice.versions.get(status=NoticeVersion.Status.PUBLISHED)
            assert sorted(published.texts.values_list("language", flat=True)) == sorted(SHIPPED)


def test_a_canton_provisioned_later_gets_the_notices_too() -> None:
    call_command("canton", "provision", "UR")
    with schema_context("ur"):
        assert NoticeText.objects.filter(version__status="published").count() == len(KINDS) * len(SHIPPED)


def test_every_starter_text_awaits_professional_review_until_a_coordinator_confirms_it() -> None:
    with schema_context("zh"):
        assert set(NoticeText.objects.values_list("review", flat=True)) == {NoticeText.Review.AWAITING}


def test_every_starter_text_names_the_whole_contact_block_and_no_unknown_placeholder() -> None:
    for language, texts in starter_texts().items():
        assert set(texts) == set(KINDS), language
        for kind, (title, body) in texts.items():
            assert unknown_placeholders(title + body) == [], (language, kind)
            assert set(PLACEHOLDER.findall(body)) == set(PLACEHOLDERS), (language, kind)
            assert "117" in body and "144" in body, (language, kind)
            for line in body.splitlines():
                assert len(PLACEHOLDER.findall(line)) <= 1, (language, kind, line)

"""The gates in front of notices, versions and texts: inside the canton's schema only, 404 alike
for missing and foreign ids. The case gate is cases.access."""

from django.http import Http404

from .models import Notice, NoticeText, NoticeVersion

MANAGE = "notices.manage_notices"


def access_notice(*, notice_id: int) -> Notice:
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    return notice


def access_version(*, version_id: int) -> NoticeVersion:
    version = NoticeVersion.objects.select_related("notice").filter(pk=version_id).first()
    if version is None:
        raise Http404
    return version


def access_text(*, text_id: int, may_manage: bool) -> NoticeText:
    """A text; a draft's text only for those who manage notices (the others never saw it)."""
    texts = NoticeText.objects.select_related("version__notice")
    if not may_manage:
        texts = texts.exclude(version__status=NoticeVersion.Status.DRAFT)
    text = texts.filter(pk=text_id).first()
    if text is None:
        raise Http404
    return text

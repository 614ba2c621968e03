"""Writes to the notices catalogue and delivery records: already authorised by the caller, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_close_deadline, do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.partners.models import Organisation

from .languages import speaks
from .models import ImmutableVersion, Notice, NoticeDelivery, NoticeText, NoticeVersion
from .placeholders import unknown_placeholders

PURPOSE = "victims' notices"
# Delivering either of these informs the victim about assistance (guidelines 4.3).
ASSISTANCE_KINDS = frozenset({Notice.Kind.ASSISTANCE, Notice.Kind.MINORS})


def check_draft(version: NoticeVersion) -> None:
    """Raises ImmutableVersion unless the version, as stored, is still a draft."""
    stored = NoticeVersion.objects.filter(pk=version.pk).values_list("status", flat=True).first()
    if stored != NoticeVersion.Status.DRAFT:
        raise ImmutableVersion(_("A published or retired version cannot be changed; start a new version."))


def do_new_version(*, acting_user: User, notice: Notice) -> NoticeVersion:
    """A draft copied from the latest version, texts and their review state included.

    An existing draft is returned as it is: a notice has one draft at a time.
    """
    with transaction.atomic():
        Notice.objects.select_for_update().filter(pk=notice.pk).first()
        draft = notice.versions.filter(status=NoticeVersion.Status.DRAFT).first()
        if draft is not None:
            return draft
        latest = notice.versions.order_by("-number").first()
        number = (notice.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
        draft = NoticeVersion.objects.create(notice=notice, number=number)
        if latest is not None:
            NoticeText.objects.bulk_create(
                NoticeText(
                    version=draft,
                    language=text.language,
                    title=text.title,
                    body=text.body,
                    review=text.review,
                    reviewed_by_id=text.reviewed_by_id,
                    reviewed_at=text.reviewed_at,
                )
                for text in latest.texts.all()
            )
        do_record(actor=acting_user, action=AuditEntry.Action.CREATE, obj=draft, purpose=PURPOSE)
    return draft


def check_save_text(*, acting_user: User, version: NoticeVersion, language: str, title: str, body: str) -> NoticeText:
    """Adds or changes the text of a draft in one language; a changed text awaits review again."""
    check_draft(version)
    unknown = unknown_placeholders(f"{title}\n{body}")
    if unknown:
        raise ValidationError(
            {"body": _("Unknown placeholder: %(names)s.") % {"names": ", ".join(f"{{{name}}}" for name in unknown)}}
        )
    with transaction.atomic():
        text = NoticeText.objects.select_for_update().filter(version=version, language=language).first()
        if text is None:
            text = NoticeText(version=version, language=language)
            action = AuditEntry.Action.CREATE
        else:
            action = AuditEntry.Action.UPDATE
        if (text.title, text.body) != (title, body):
            text.title, text.body = title, body
            text.review, text.reviewed_by, text.reviewed_at = NoticeText.Review.AWAITING, None, None
        text.save()
        do_record(actor=acting_user, action=action, obj=text, purpose=PURPOSE)
    return text


def do_confirm_review(*, acting_user: User, text: NoticeText) -> NoticeText:
    """A coordinator confirms that a professional reviewed this text as it stands."""
    with transaction.atomic():
        text.review = NoticeText.Review.CONFIRMED
        text.reviewed_by = acting_user
        text.reviewed_at = timezone.now()
        text.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=text, purpose=PURPOSE)
    return text


def check_publish(*, acting_user: User, version: NoticeVersion) -> NoticeVersion:
    """Publishes a draft with at least one text; the version published before is retired."""
    check_draft(version)
    if not version.texts.exists():
        raise ValidationError(_("A version needs at least one text before it is published."))
    with transaction.atomic():
        for previous in NoticeVersion.objects.select_for_update().filter(
            notice_id=version.notice_id, status=NoticeVersion.Status.PUBLISHED
        ):
            previous.status = NoticeVersion.Status.RETIRED
            previous.save(update_fields=["status"])
            do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=previous, purpose=PURPOSE)
        version.status = NoticeVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=version, purpose=PURPOSE)
    return version


def do_expect_notice_delivery(*, case: Case, acting_user: User | None) -> None:
    """At intake: the reminder that fires when no assistance notice is delivered in time.

    The deadline engine computes the due date from the canton's rule `notice_delivery`.
    """
    do_open_deadline(
        rule=RuleKey.NOTICE_DELIVERY,
        anchor=case.opened_on,
        subject=case,
        case=case,
        responsible_organisation=case.intake_organisation,
        acting_user=acting_user,
    )


CASE_CLOSED = gettext_lazy("The case is closed: no notice is delivered on a closed case.")


def check_record_delivery(
    *,
    acting_user: User,
    organisation: Organisation,
    case: Case,
    text: NoticeText,
    delivered_on: date,
    method: str,
    interpreter: str = "",
    acknowledged: bool,
    no_acknowledgement_reason: str = "",
    victim_languages: list[str] | None = None,
    unreviewed_reason: str = "",
    language_reason: str = "",
) -> NoticeDelivery:
    """Validates a delivery, then records it (the caller has checked write access to the case).

    A text still awaiting professional review, and a text in none of the victim's recorded
    languages, is delivered only with its reason. `victim_languages` are the languages of the
    identity record as the deliverer may read them: None when the policy does not let it read
    the identity (then nothing is compared), [] when none is recorded.
    """
    if case.status == Case.Status.CLOSED:
        raise ValidationError({"__all__": [str(CASE_CLOSED)]}, code="case_closed")
    errors: dict[str, str] = {}
    if text.review == NoticeText.Review.AWAITING and not unreviewed_reason.strip():
        errors["unreviewed_reason"] = _(
            "This text awaits professional review (a draft): give the reason to deliver it all the same."
        )
    if (
        victim_languages
        and not speaks(language=text.language, languages=victim_languages)
        and not (language_reason.strip())
    ):
        errors["language_reason"] = _(
            "The identity record names other languages of the victim: give the reason to deliver this one."
        )
    if text.version.status != NoticeVersion.Status.PUBLISHED:
        errors["text"] = _("Only the published version of a notice can be delivered.")
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = _("The date of delivery cannot be in the future.")
    elif delivered_on < case.opened_on:
        errors["delivered_on"] = _("The date of delivery cannot be before the case was opened.")
    if method == NoticeDelivery.Method.INTERPRETER and not interpreter.strip():
        errors["interpreter"] = _("Name the interpreter.")
    if not acknowledged and not no_acknowledgement_reason.strip():
        errors["no_acknowledgement_reason"] = _("Give the reason there is no acknowledgement.")
    if errors:
        raise ValidationError(errors)
    return do_record_delivery(
        acting_user=acting_user,
        organisation=organisation,
        case=case,
        text=text,
        delivered_on=delivered_on,
        method=method,
        interpreter=interpreter.strip(),
        acknowledged=acknowledged,
        no_acknowledgement_reason="" if acknowledged else no_acknowledgement_reason.strip(),
        unreviewed_reason="" if text.review == NoticeText.Review.CONFIRMED else unreviewed_reason.strip(),
        language_reason=language_reason.strip()
        if victim_languages and not speaks(language=text.language, languages=victim_languages)
        else "",
    )


def do_record_delivery(
    *,
    acting_user: User,
    organisation: Organisation,
    case: Case,
    text: NoticeText,
    delivered_on: date,
    method: str,
    interpreter: str,
    acknowledged: bool,
    no_acknowledgement_reason: str,
    unreviewed_reason: str = "",
    language_reason: str = "",
) -> NoticeDelivery:
    """Records the delivery; one handed over unreviewed or in a language the victim does not speak
    says so in the audit trail's purpose (the reasons stay on the delivery)."""
    reviewed = text.review == NoticeText.Review.CONFIRMED
    purpose = (
        PURPOSE + ("" if reviewed else "; unreviewed text") + ("; language not the victim's" if language_reason else "")
    )
    with transaction.atomic():
        delivery = NoticeDelivery.objects.create(
            case=case,
            text=text,
            delivered_on=delivered_on,
            delivered_by=acting_user,
            organisation=organisation,
            method=method,
            interpreter=interpreter,
            acknowledged=acknowledged,
            no_acknowledgement_reason=no_acknowledgement_reason,
            text_reviewed=reviewed,
            unreviewed_reason="" if reviewed else unreviewed_reason,
            language_reason=language_reason,
        )
        do_record(
            actor=acting_user,
            action=AuditEntry.Action.CREATE,
            obj=delivery,
            compartment=Compartment.CORE,
            purpose=purpose,
        )
        if text.version.notice.kind in ASSISTANCE_KINDS:
            do_close_deadline(
                rule=RuleKey.NOTICE_DELIVERY,
                subject=case,
                acting_user=acting_user,
                reason="assistance notice delivered",
            )
    return delivery

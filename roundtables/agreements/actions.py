"""Writes to co-operation agreements: already authorised by the caller, audited."""

from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from roundtables.matrix import COLUMNS, conservative_grants
from roundtables.models import Agreement, AgreementSection, ImmutableAgreement, PartnerDuty, SharingRule, Signatory

PURPOSE = "co-operation agreement"


class AgreementIncomplete(Exception):
    """The agreement lacks a section, a partner duty or a signatory."""


def next_version() -> int:
    return (Agreement.objects.aggregate(highest=Max("version"))["highest"] or 0) + 1


def _default_matrix(agreement: Agreement) -> None:
    from ksmm.partners.models import Organisation

    SharingRule.objects.bulk_create(
        SharingRule(
            agreement=agreement,
            organisation_type=organisation_type,
            compartment=compartment,
            can_read=compartment in conservative_grants(organisation_type=organisation_type),
        )
        for organisation_type in Organisation.Type.values
        for compartment in COLUMNS
    )


def missing_cells(agreement: Agreement, rules: list[SharingRule]) -> list[SharingRule]:
    """Unsaved cells, not granted, for the columns a draft made before them lacks (a new sub-grant)."""
    from ksmm.partners.models import Organisation

    present = {(rule.organisation_type, rule.compartment) for rule in rules}
    return [
        SharingRule(agreement=agreement, organisation_type=organisation_type, compartment=column, can_read=False)
        for organisation_type in Organisation.Type.values
        for column in COLUMNS
        if (organisation_type, column) not in present
    ]


def do_create_draft(
    *,
    acting_user: User | None,
    title: str,
    form: str = Agreement.Form.B,
    language: str = "de",
    second_language: str = "",
) -> Agreement:
    """Creates an empty draft with the conservative data-sharing matrix."""
    with transaction.atomic():
        agreement = Agreement.objects.create(
            version=next_version(), title=title, form=form, language=language, second_language=second_language
        )
        _default_matrix(agreement)
        do_record(actor=acting_user, action=AuditEntry.Action.CREATE, obj=agreement, purpose=PURPOSE)
    return agreement


def check_mutable(agreement: Agreement) -> None:
    """Raises ImmutableAgreement unless the agreement, as stored, is still a draft."""
    stored = Agreement.objects.filter(pk=agreement.pk).values_list("status", flat=True).first()
    if stored is not None and stored != Agreement.Status.DRAFT:
        raise ImmutableAgreement(_("An adopted or superseded agreement cannot be changed."))
    agreement.check_mutable()


def do_save_part(*, acting_user: User | None, agreement: Agreement, obj: Model) -> Model:
    """Saves the agreement itself or one of its parts (section, duty, signatory, sharing rule)."""
    check_mutable(agreement)
    action = AuditEntry.Action.UPDATE if obj.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        obj.save()
        do_record(actor=acting_user, action=action, obj=obj, purpose=PURPOSE)
    return obj


def do_delete_part(*, acting_user: User | None, agreement: Agreement, obj: Model) -> None:
    check_mutable(agreement)
    with transaction.atomic():
        do_record(actor=acting_user, action=AuditEntry.Action.DELETE, obj=obj, purpose=PURPOSE)
        obj.delete()


def missing_for_adoption(agreement: Agreement) -> list[str]:
    missing: list[str] = []
    present = set(agreement.sections.values_list("key", flat=True))
    missing += [str(label) for key, label in AgreementSection.Key.choices if key not in present]
    if not agreement.duties.exists():
        missing.append(_("at least one partner duty"))
    if not agreement.signatories.exists():
        missing.append(_("at least one signatory"))
    return missing


def check_adopt(*, acting_user: User | None, agreement: Agreement) -> Agreement:
    """Adopts a complete draft; the previously adopted version is superseded."""
    check_mutable(agreement)
    missing = missing_for_adoption(agreement)
    if missing:
        raise AgreementIncomplete(_("Missing: %(missing)s") % {"missing": ", ".join(missing)})
    with transaction.atomic():
        for previous in Agreement.objects.select_for_update().filter(status=Agreement.Status.ADOPTED):
            previous.status = Agreement.Status.SUPERSEDED
            previous.save(update_fields=["status"])
            do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=previous, purpose=PURPOSE)
        agreement.status = Agreement.Status.ADOPTED
        agreement.adopted_at = timezone.now()
        agreement.save(update_fields=["status", "adopted_at"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=agreement, purpose=PURPOSE)
    return agreement


def do_new_version_from(*, acting_user: User | None, agreement: Agreement) -> Agreement:
    """Copies an agreement with its sections, duties, signatories and matrix into a new draft."""
    with transaction.atomic():
        draft = Agreement.objects.create(
            version=next_version(),
            form=agreement.form,
            title=agreement.title,
            shared_objective=agreement.shared_objective,
            financing=agreement.financing,
            valid_from=agreement.valid_from,
            valid_until=agreement.valid_until,
            review_date=agreement.review_date,
            language=agreement.language,
            second_language=agreement.second_language,
        )
        AgreementSection.objects.bulk_create(
            AgreementSection(
                agreement=draft,
                key=s.key,
                order=s.order,
                heading=s.heading,
                text=s.text,
                heading_second=s.heading_second,
                text_second=s.text_second,
            )
            for s in agreement.sections.all()
        )
        PartnerDuty.objects.bulk_create(
            PartnerDuty(agreement=draft, organisation_id=d.organisation_id, duties=d.duties)
            for d in agreement.duties.all()
        )
        Signatory.objects.bulk_create(
            Signatory(agreement=draft, organisation_id=s.organisation_id, name=s.name, function=s.function)
            for s in agreement.signatories.all()
        )
        SharingRule.objects.bulk_create(
            SharingRule(
                agreement=draft, organisation_type=r.organisation_type, compartment=r.compartment, can_read=r.can_read
            )
            for r in agreement.sharing_rules.all()
        )
        do_record(actor=acting_user, action=AuditEntry.Action.CREATE, obj=draft, purpose=PURPOSE)
    return draft

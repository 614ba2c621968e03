"""One save of a whole draft agreement (the editor): its header, sections, partner duties and
signatories together, refused if the draft changed since the coordinator opened it."""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from roundtables.models import Agreement, AgreementSection, ImmutableAgreement, PartnerDuty, Signatory

from .actions import PURPOSE


class StaleDraft(Exception):
    """Another coordinator saved the draft after this one was opened."""


@dataclass
class DraftChanges:
    """What one save of the editor writes: the objects to save and the parts to delete."""

    save: list[Model] = field(default_factory=list)
    delete: list[Model] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.save or self.delete)


def draft_fingerprint(
    *,
    agreement: Agreement,
    sections: Iterable[AgreementSection],
    duties: Iterable[PartnerDuty],
    signatories: Iterable[Signatory],
) -> str:
    """A digest of everything the editor shows, to tell whether the draft changed in between.

    A digest rather than a revision counter: every writer (the per-part pages, the API, the
    editor) changes it without having to remember to."""
    state = {
        "agreement": [
            agreement.form, agreement.title, agreement.shared_objective, agreement.financing,
            agreement.valid_from, agreement.valid_until, agreement.review_date, agreement.status,
        ],
        "sections": sorted(
            [s.pk, s.key, s.order, s.heading, s.text, s.heading_second, s.text_second] for s in sections
        ),
        "duties": sorted([d.pk, d.organisation_id, d.duties] for d in duties),
        "signatories": sorted([s.pk, s.organisation_id, s.name, s.function] for s in signatories),
    }  # fmt: skip
    return hashlib.sha256(json.dumps(state, default=str, ensure_ascii=False).encode()).hexdigest()


def stored_fingerprint(agreement: Agreement) -> str:
    return draft_fingerprint(
        agreement=agreement,
        sections=agreement.sections.all(),
        duties=agreement.duties.all(),
        signatories=agreement.signatories.all(),
    )


def do_save_draft(
    *, acting_user: User | None, agreement: Agreement, based_on: str, changes: DraftChanges
) -> Sequence[Model]:
    """Writes all changes of the editor at once, or none: refuses an agreement that is no longer a
    draft (ImmutableAgreement) and one another coordinator saved since `based_on` (StaleDraft).
    One audit entry records the change of the agreement."""
    with transaction.atomic():
        stored = Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
        if stored is None or not stored.is_draft:
            raise ImmutableAgreement(_("An adopted or superseded agreement cannot be changed."))
        if stored_fingerprint(stored) != based_on:
            raise StaleDraft(_("Another coordinator saved this draft after you opened it."))
        if not changes:
            return []
        try:
            # A savepoint, so that a clash with a concurrent per-part save leaves the transaction usable.
            with transaction.atomic():
                for part in changes.delete:
                    part.delete()
                for obj in changes.save:
                    obj.save()
        except IntegrityError as error:
            raise StaleDraft(_("Another coordinator saved this draft after you opened it.")) from error
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=agreement, purpose=PURPOSE)
    return changes.save

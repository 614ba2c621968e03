"""The gate for proceedings and claims: the case gate, then what the reader sees of them.

Readers of the investigation compartment (police, prosecution) see proceedings in full, and
that read is audited; every other party sees the stage and its dates (CORE_FIELDS). Writing a
proceeding needs the investigation compartment (404 without it, as for any compartment the
reader cannot read). OHG claims are core data: recorded by victim aid and by the authorities
of the investigation, never by the migration office or others (403, the case is visible).
"""

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from cases.access import access_case, actor_of, record_reads
from cases.policy import CaseAccess, Reader
from ksmm.audit.actions import do_record_denied
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import CriminalProceeding, OhgClaim

READ_PURPOSE = "criminal proceedings"
M = TypeVar("M", CriminalProceeding, OhgClaim)


@dataclass(frozen=True)
class ProceedingsAccess:
    """The case decision and what it means for proceedings and claims."""

    access: CaseAccess

    @property
    def full(self) -> bool:
        return self.access.can_read(Compartment.INVESTIGATION)

    @property
    def writes_proceedings(self) -> bool:
        return self.access.can_write(Compartment.INVESTIGATION)

    @property
    def writes_claims(self) -> bool:
        """Victim aid helps the victim claim (Art. 2 OHG); the investigation records them too."""
        if not self.access.can_write(Compartment.CORE):
            return False
        is_aid = str(self.access.reader.organisation.type) == Organisation.Type.VICTIM_AID
        return is_aid or self.writes_proceedings


def access_proceedings(*, reader: Reader, case_id: int | str, request: HttpRequest | None = None) -> ProceedingsAccess:
    """The page's gate: every party reads the summary; a full read is audited."""
    access = access_case(membership=reader, case_id=case_id, request=request, purpose=READ_PURPOSE)
    gate = ProceedingsAccess(access)
    if gate.full:
        record_reads(access=access, compartments={Compartment.INVESTIGATION}, request=request, purpose=READ_PURPOSE)
    return gate


def access_proceeding_for_write(
    *, reader: Reader, case_id: int | str, proceeding_id: int | str | None, request: HttpRequest | None = None
) -> tuple[ProceedingsAccess, CriminalProceeding | None]:
    """404 without the investigation compartment, 403 when it is read-only; then the row."""
    access = access_case(
        membership=reader, case_id=case_id, compartment=Compartment.INVESTIGATION, write=True, request=request
    )
    gate = ProceedingsAccess(access)
    if proceeding_id is None:
        return gate, None
    # Changing one shows its stored investigation data: a read, audited.
    record_reads(access=access, compartments={Compartment.INVESTIGATION}, request=request, purpose=READ_PURPOSE)
    return gate, _row(CriminalProceeding, case_id=access.case.pk, pk=proceeding_id)


def access_claim_for_write(
    *, reader: Reader, case_id: int | str, claim_id: int | str | None, request: HttpRequest | None = None
) -> tuple[ProceedingsAccess, OhgClaim | None]:
    access = access_case(membership=reader, case_id=case_id, request=request, purpose=READ_PURPOSE)
    gate = ProceedingsAccess(access)
    if not gate.writes_claims:
        do_record_denied(actor=actor_of(reader, request), request=request, obj=access.case, compartment="core")
        raise PermissionDenied(_("OHG claims are recorded by victim aid, the police and the prosecution."))
    if claim_id is None:
        return gate, None
    return gate, _row(OhgClaim, case_id=access.case.pk, pk=claim_id)


def _row(model: type[M], *, case_id: int, pk: int | str) -> M:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    row = model._default_manager.filter(case_id=case_id, pk=key).first()
    if row is None:
        raise Http404
    return row

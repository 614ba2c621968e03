"""The demo's hand-offs, made through the real actions so that "My work" and the inbox of each
demo person hold something to act on: caseworkers assigned, a case the police refer to victim
aid, a reflection period waiting for the migration office, and a referral to the KESB by letter."""

from datetime import timedelta

from django.utils import timezone

from cases.actions import do_add_party
from cases.assignments import do_assign_case
from cases.intake import do_take_in
from cases.letters import check_record_dispatch
from cases.models import Case, CaseParty, Referral, ReferralDispatch
from cases.referrals import check_request_referral
from ksmm.accounts.models import User
from ksmm.compartments import Compartment
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .people import PEOPLE, Type, demo_email

# Per canton: the pseudonym of a case the police open and refer to victim aid, and the case on
# which victim aid asks the migration office for a reflection period.
REFERRED_BY_POLICE = {"ZH": "Hasel", "GE": "Iris", "TI": "Lauro"}
REFLECTION_WAITING = {"GE": "Dahlia", "TI": "Faggio"}
REFERRED_TO_KESB = {"ZH": "Birke"}
GROUNDS = {"GE": "Indices issus du premier entretien (démo).", "TI": "Indizi emersi dal primo colloquio (demo)."}

CASEWORKER_OF = {Type.VICTIM_AID: "victimaid", Type.CANTONAL_POLICE: "police", Type.MIGRATION_OFFICE: "migration"}


def _member(code: str, key: str) -> Membership:
    person = next(person for person in PEOPLE if person.key == key)
    return Membership.objects.select_related("organisation", "user").get(user__email=demo_email(person, code))


def load_hand_offs(code: str, organisations: dict[str, Organisation]) -> None:
    """Once per canton: skipped when the police's referred case exists."""
    pseudonym = REFERRED_BY_POLICE.get(code)
    if pseudonym is None or Case.objects.filter(pseudonym=pseudonym).exists():
        return
    _assign_caseworkers(code, organisations)
    police = _member(code, "police")
    today = timezone.localdate()
    case, _duplicates = do_take_in(
        acting_user=police.user, organisation=police.organisation, pseudonym=pseudonym,
        opened_on=today - timedelta(days=1), source=Case.Source.POLICE_CHECK,
        exploitation_type=Case.ExploitationType.SEXUAL, exploitation_subtypes=("prostitution",),
        place_of_exploitation=Case.Place.SWITZERLAND, identity=None,
    )  # fmt: skip
    do_add_party(acting_user=police.user, case=case, organisation=organisations[Type.PUBLIC_PROSECUTOR])
    check_request_referral(
        acting_user=police.user, membership=police, case=case, recipient=organisations[Type.VICTIM_AID],
        compartments=[Compartment.CORE, Compartment.IDENTITY],
    )  # fmt: skip
    if code in REFLECTION_WAITING:
        _request_reflection_period(code, organisations, REFLECTION_WAITING[code])
    if code in REFERRED_TO_KESB:
        _refer_to_kesb(code, REFERRED_TO_KESB[code])


def _assign_caseworkers(code: str, organisations: dict[str, Organisation]) -> None:
    """The demo caseworker of each organisation holds its organisation's demo cases."""
    for org_type, key in CASEWORKER_OF.items():
        organisation = organisations[org_type]
        caseworker: User = _member(code, key).user
        parties = CaseParty.objects.filter(organisation=organisation, left_at__isnull=True).select_related("case")
        for party in parties:
            do_assign_case(acting_user=None, case=party.case, organisation=organisation, assignee=caseworker)


def _request_reflection_period(code: str, organisations: dict[str, Organisation], pseudonym: str) -> None:
    from permits.actions import check_request_reflection_period

    aid = _member(code, "victimaid")
    check_request_reflection_period(
        acting_user=aid.user, organisation=aid.organisation, case=Case.objects.get(pseudonym=pseudonym),
        addressed_to=organisations[Type.MIGRATION_OFFICE], requested_on=timezone.localdate(),
        grounds=GROUNDS[code],
    )  # fmt: skip


def _refer_to_kesb(code: str, pseudonym: str) -> None:
    aid = _member(code, "victimaid")
    kesb = Organisation.objects.get(type=Type.KESB)
    referral: Referral = check_request_referral(
        acting_user=aid.user, membership=aid, case=Case.objects.get(pseudonym=pseudonym), recipient=kesb,
        compartments=[Compartment.CORE, Compartment.IDENTITY],
    )  # fmt: skip
    check_record_dispatch(
        acting_user=aid.user, membership=aid, referral=referral, method=ReferralDispatch.Method.POST,
        sent_on=timezone.localdate(),
    )  # fmt: skip

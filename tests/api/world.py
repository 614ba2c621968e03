"""A canton with something behind every endpoint, for the suite-level API tests.

Built on the demo data of ZH (cases, notes, consents, round table, reflection period, permit
request), plus: vicky, a coordinator of the demo victim-aid service that holds every grant on
the case Aurora, so that one session reads and writes every compartment; a draft agreement and a
draft meeting with a decision and an action item, which can still change.
"""

import re
from dataclasses import dataclass
from datetime import date

from django_tenants.utils import schema_context

from cases.grants import COMPARTMENTS, set_grants
from cases.models import Case, Consent, CounsellingEntry, EvidenceNote, Referral
from cases.operations.models import PlannedOperation
from cases.referrals import check_request_referral
from demo.seed import ORGANISATIONS, load_demo
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from permits.models import PermitRequest, ReflectionPeriod
from roundtables.agreements.actions import do_create_draft
from roundtables.meetings.actions import do_create_meeting, do_save_part
from roundtables.models import ActionItem, Agreement, Decision, Meeting, RoundTable
from tests.personas import VICKY, member


@dataclass(frozen=True)
class World:
    vicky: User
    aid: Organisation
    case: Case
    ids: dict[str, int]  # path parameter values that name an object the session may reach

    def path(self, template: str) -> str:
        """An operation's path of the schema, with this world's objects as its parameters."""
        return re.sub(r"\{(\w+)\}", lambda match: str(self.parameter(template, match.group(1))), template)

    def parameter(self, template: str, name: str) -> int:
        ids = self.ids
        if name in ("case_id", "consent_id"):
            return ids[name.removesuffix("_id")]
        by_resource = {
            "cases": ids["case"], "organisations": ids["organisation"], "agreements": ids["agreement"],
            "meetings": ids["meeting"], "decisions": ids["decision"], "action-items": ids["action_item"],
            "referrals": ids["referral"], "reflection-periods": ids["reflection_period"],
            "permit-requests": ids["permit_request"], "operations": ids["operation"],
        }  # fmt: skip
        if "{case_id}" in template:
            return 1  # a step of the case: the world has none
        return by_resource.get(template.removeprefix("/api/v1/").split("/", 1)[0], 1)


def build_zh_world() -> World:
    load_demo()
    with schema_context("zh"):
        by_type = {o.type: o for o in Organisation.objects.filter(name__in=ORGANISATIONS["ZH"].values())}
        aid = by_type[Organisation.Type.VICTIM_AID]
        vicky = member(VICKY, organisation=aid, language="fr")
        case = Case.objects.get(pseudonym="Aurora")
        set_grants(case=case, organisation=aid, read=COMPARTMENTS, write=COMPARTMENTS)
        referral = check_request_referral(
            acting_user=vicky,
            membership=Membership.objects.select_related("organisation").get(user=vicky),
            case=case,
            recipient=Organisation.objects.filter(type=Organisation.Type.NGO).first(),
            compartments=[],
        )
        agreement = do_create_draft(acting_user=None, title="Vereinbarung (Entwurf)")
        meeting = do_create_meeting(acting_user=None, round_table=RoundTable.objects.get(), date=date(2026, 5, 4))
        decision = Decision(meeting=meeting, order=1, text="Ja.")
        do_save_part(acting_user=None, meeting=meeting, obj=decision)
        item = ActionItem(meeting=meeting, description="Klären", owner=aid, due_date=date(2026, 6, 1))
        do_save_part(acting_user=None, meeting=meeting, obj=item)
        ids = {
            "case": case.pk,
            "counselling_entry": CounsellingEntry.objects.filter(case=case).values_list("pk", flat=True)[0],
            "evidence_note": EvidenceNote.objects.filter(case=case).values_list("pk", flat=True)[0],
            "consent": Consent.objects.filter(case=case).values_list("pk", flat=True)[0],
            "referral": referral.pk,
            "agreement": agreement.pk,
            "meeting": meeting.pk,
            "decision": decision.pk,
            "action_item": item.pk,
            "reflection_period": ReflectionPeriod.objects.values_list("pk", flat=True)[0],
            "permit_request": PermitRequest.objects.values_list("pk", flat=True)[0],
            "organisation": aid.pk,
            "police": by_type[Organisation.Type.CANTONAL_POLICE].pk,
            # The demo's operation, announced to the demo victim aid (demo/seed/operations.py).
            "operation": PlannedOperation.objects.values_list("pk", flat=True)[0],
        }
        assert Referral.objects.filter(pk=referral.pk).exists()
        assert Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.DRAFT).exists()
        assert Agreement.objects.filter(pk=agreement.pk, status=Agreement.Status.DRAFT).exists()
        return World(vicky=vicky, aid=aid, case=case, ids=ids)

"""The proceedings page and its forms: who sees and writes what, the audit of investigation
reads, the OHG claim window's deadline, and the page's query count."""

from datetime import date

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.models import Case
from cases.proceedings.models import CriminalProceeding, OhgClaim
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.models import Deadline, RuleKey
from tests.casesteps.conftest import client_for
from tests.queries import assert_count, statements_of

from .conftest import Cast

pytestmark = pytest.mark.django_db


def proceeding_data(cast: Cast, **overrides: str) -> dict[str, object]:
    return {
        "proceeding-prosecution_office": cast.prosecution.pk,
        "proceeding-file_number": "FILE-MARKER 2026/17",
        "proceeding-offences": ["stgb_182", "stgb_195"],
        "proceeding-opened_on": "2026-02-01",
        "proceeding-indicted_on": "2026-03-01",
        "proceeding-court_on": "2026-04-01",
        "proceeding-claimant_civil": "on",
        "proceeding-judgment_copy": "requested",
        "proceeding-note": "NOTE-MARKER",
        **overrides,
    }


CLAIM = {"claim-kind": "satisfaction", "claim-window_from": "offence", "claim-window_anchor": "2025-11-01",
         "claim-status": "to_file"}  # fmt: skip


def page_url(case: Case) -> str:
    return reverse("caseproceedings:page", args=[case.pk])


def test_the_prosecution_records_proceedings_and_victim_aid_sees_only_stage_and_dates(cast: Cast, rosa: Case) -> None:
    answer = client_for(cast.piet).post(reverse("caseproceedings:create", args=[rosa.pk]), proceeding_data(cast))
    assert answer.status_code == 302
    with schema_context("zh"):
        proceeding = CriminalProceeding.objects.get(case=rosa)
        assert proceeding.stage == "at_court" and proceeding.offences == ["stgb_182", "stgb_195"]
        created = AuditEntry.objects.get(object_type="caseproceedings.criminalproceeding", action="create")
        assert (created.compartment, created.actor_user_id) == ("investigation", cast.piet.pk)
    aid_page = client_for(cast.vera).get(page_url(rosa)).content.decode()
    assert "Vor Gericht" in aid_page and "01.04.2026" in aid_page
    for marker in ("FILE-MARKER", "NOTE-MARKER", "Art. 195"):
        assert marker not in aid_page
    police_page = client_for(cast.polly).get(page_url(rosa)).content.decode()
    assert "FILE-MARKER" in police_page and "Art. 195" in police_page
    with schema_context("zh"):
        reads = AuditEntry.objects.filter(action="read", compartment="investigation")
        assert reads.filter(actor_user_id=cast.polly.pk).exists()
        assert not reads.filter(actor_user_id=cast.vera.pk).exists()


def test_stages_out_of_order_come_back_with_the_input_kept(cast: Cast, rosa: Case) -> None:
    data = proceeding_data(cast, **{"proceeding-judged_on": "2026-03-15"})  # before the court
    answer = client_for(cast.piet).post(reverse("caseproceedings:create", args=[rosa.pk]), data)
    assert answer.status_code == 400
    assert "FILE-MARKER" in answer.content.decode() and 'role="alert"' in answer.content.decode()
    with schema_context("zh"):
        assert not CriminalProceeding.objects.exists()


OUT_OF_ORDER = [
    ({"proceeding-indicted_on": "2026-01-15"}, "indicted_on"),  # before the opening
    ({"proceeding-judged_on": "2026-03-15"}, "judged_on"),  # before the court
    ({"proceeding-court_on": "", "proceeding-judged_on": "2026-04-15"}, "judged_on"),  # the court skipped
    ({"proceeding-judged_on": "2026-04-02", "proceeding-final_on": "2026-04-01"}, "final_on"),
    ({"proceeding-judged_on": "2026-04-02", "proceeding-discontinued_on": "2026-04-03"}, "discontinued_on"),
]


@pytest.mark.parametrize(("dates", "field"), OUT_OF_ORDER, ids=[field for _dates, field in OUT_OF_ORDER])
def test_every_stage_out_of_order_is_explained_on_its_field_never_by_a_constraint_name(
    cast: Cast, rosa: Case, dates: dict[str, str], field: str
) -> None:
    answer = client_for(cast.piet).post(
        reverse("caseproceedings:create", args=[rosa.pk]), proceeding_data(cast, **dates)
    )
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert field in errors and "__all__" not in errors, errors
    body = answer.content.decode()
    for constraint in CriminalProceeding._meta.constraints:
        assert constraint.name not in body


def test_a_claim_filed_before_its_window_is_explained_on_its_field(cast: Cast, rosa: Case) -> None:
    data = CLAIM | {"claim-status": "filed", "claim-filed_on": "2025-10-01"}  # before the anchor
    answer = client_for(cast.vera).post(reverse("caseproceedings:claim_create", args=[rosa.pk]), data)
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert "filed_on" in errors and "__all__" not in errors, errors
    assert "ohg_claim_filed_after_anchor" not in answer.content.decode()


def test_a_final_judgment_closes_the_stages_and_tells_the_lead(cast: Cast, rosa: Case) -> None:
    piet = client_for(cast.piet)
    final = {"proceeding-judged_on": "2026-04-20", "proceeding-final_on": "2026-05-20"}
    answer = piet.post(reverse("caseproceedings:create", args=[rosa.pk]), proceeding_data(cast, **final))
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    with schema_context("zh"):
        proceeding = CriminalProceeding.objects.get(case=rosa)
        assert proceeding.stage == "final"
        from ksmm.notifications.models import Reminder

        told = Reminder.objects.filter(kind="proceedings_ended").values_list("recipient_id", flat=True)
        assert set(told) == {cast.polly.pk}  # the police opened the case: they lead it
    edit = reverse("caseproceedings:edit", args=[rosa.pk, proceeding.pk])
    moved = proceeding_data(cast, **final, **{"proceeding-court_on": "2026-04-02"})
    assert piet.post(edit, moved).status_code == 400
    assert piet.post(edit, proceeding_data(cast, **final, **{"proceeding-note": "later"})).status_code == 302


def test_victim_aid_records_a_claim_that_opens_and_meets_the_five_year_window(cast: Cast, rosa: Case) -> None:
    aid = client_for(cast.vera)
    assert aid.post(reverse("caseproceedings:claim_create", args=[rosa.pk]), CLAIM).status_code == 302
    with schema_context("zh"):
        claim = OhgClaim.objects.get(case=rosa)
        deadline = Deadline.objects.get(rule_key=RuleKey.OHG_CLAIM_WINDOW, status="open")
        assert (deadline.due_on, deadline.responsible_organisation_id) == (date(2030, 11, 1), cast.aid.pk)
        assert deadline.case_id == rosa.pk
    assert "01.11.2030" in client_for(cast.mia).get(page_url(rosa)).content.decode()
    filed = {**CLAIM, "claim-status": "filed", "claim-filed_on": "2026-01-10"}
    assert aid.post(reverse("caseproceedings:claim_edit", args=[rosa.pk, claim.pk]), filed).status_code == 302
    with schema_context("zh"):
        assert not Deadline.objects.filter(rule_key=RuleKey.OHG_CLAIM_WINDOW, status="open").exists()
        assert Deadline.objects.get(rule_key=RuleKey.OHG_CLAIM_WINDOW).status == "done"


def test_wrong_roles_are_refused(cast: Cast, rosa: Case) -> None:
    # Victim aid cannot read investigation data: writing proceedings is a 404 for it.
    assert (
        client_for(cast.vera).post(reverse("caseproceedings:create", args=[rosa.pk]), proceeding_data(cast)).status_code
        == 404
    )
    assert client_for(cast.vera).get(reverse("caseproceedings:create", args=[rosa.pk])).status_code == 404
    # The migration office sees the case but does not record OHG claims.
    migration = client_for(cast.mia)
    assert migration.get(reverse("caseproceedings:claim_create", args=[rosa.pk])).status_code == 403
    assert migration.post(reverse("caseproceedings:claim_create", args=[rosa.pk]), CLAIM).status_code == 403
    with schema_context("zh"):
        assert not OhgClaim.objects.exists() and not CriminalProceeding.objects.exists()


def test_outsiders_and_non_parties_get_404(cast: Cast, rosa: Case, gabi: object) -> None:
    with schema_context("zh"):
        proceeding = CriminalProceeding.objects.create(
            case=rosa, prosecution_office=cast.prosecution, offences=["stgb_182"], opened_on=date(2026, 2, 1),
            recorded_by_organisation=cast.prosecution,
        )  # fmt: skip
        claim = OhgClaim.objects.create(
            case=rosa, kind="compensation", window_anchor=date(2025, 1, 1), recorded_by_organisation=cast.aid
        )
    urls = [
        page_url(rosa),
        reverse("caseproceedings:create", args=[rosa.pk]),
        reverse("caseproceedings:edit", args=[rosa.pk, proceeding.pk]),
        reverse("caseproceedings:claim_create", args=[rosa.pk]),
        reverse("caseproceedings:claim_edit", args=[rosa.pk, claim.pk]),
    ]
    outsider = client_for(gabi, host="ge.localhost")  # type: ignore[arg-type]
    stranger = client_for(cast.nora)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
        assert stranger.get(url).status_code == 404, url
    for url in urls[1:]:
        assert outsider.post(url, {}).status_code == 404, url
        assert stranger.post(url, {}).status_code == 404, url


def test_the_page_runs_the_same_queries_for_1_and_20_proceedings(cast: Cast, rosa: Case) -> None:
    police = client_for(cast.polly)

    def add(count: int) -> None:
        with schema_context("zh"):
            for _ in range(count):
                CriminalProceeding.objects.create(
                    case=rosa, prosecution_office=cast.prosecution, offences=["stgb_182"],
                    opened_on=date(2026, 2, 1), recorded_by_organisation=cast.prosecution,
                )  # fmt: skip
                OhgClaim.objects.create(
                    case=rosa, kind="compensation", window_anchor=date(2025, 1, 1), recorded_by_organisation=cast.aid
                )

    add(1)
    one = statements_of(police, page_url(rosa))
    add(19)
    twenty = statements_of(police, page_url(rosa), warm_up=False)
    assert_count(one, len(twenty))
    assert_count(twenty, 14)

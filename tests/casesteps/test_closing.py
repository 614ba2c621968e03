"""Closing a case and withdrawing from it: only the lead closes, after asking the parties or with
a recorded reason; withdrawing ends one organisation's part; nothing reminds about a closed case."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from cases.models import Case, CaseParty
from cases.policy import decide
from cases.steps import closing
from cases.steps.models import Closure, ClosureProposal
from cases.timeline import timeline_for
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.deadlines.queries import calendar_deadlines_for, deadlines_for
from ksmm.notifications.models import Reminder
from ksmm.notifications.scan import insert_due_reminders
from tests.queries import assert_count, statements_of

from .conftest import Cast, client_for

pytestmark = pytest.mark.django_db


def close_url(case: Case) -> str:
    return reverse("casesteps:close", args=[case.pk])


def withdraw_url(case: Case) -> str:
    return reverse("casesteps:withdraw", args=[case.pk])


def closing_data(**extra: str) -> dict[str, str]:
    return {
        "action": "close", "close-closed_on": timezone.localdate().strftime("%d.%m.%Y"),
        "close-reason": "proceedings_ended", "close-confirm": "on", **extra,
    }  # fmt: skip


def open_deadline(case: Case, organisation: object, subject: object, rule: str = RuleKey.OHG_CLAIM_WINDOW) -> Deadline:
    return do_open_deadline(
        rule=rule, anchor=timezone.localdate() - timedelta(days=60 * 30 - 20), subject=subject, case=case,
        responsible_organisation=organisation, acting_user=None,  # type: ignore[arg-type]
    )  # fmt: skip


def test_only_the_lead_closes_and_the_others_are_told_why_not(cast: Cast, rosa: Case) -> None:
    answer = client_for(cast.vera).post(close_url(rosa), closing_data(**{"close-override_reason": "x"}))
    assert answer.status_code == 403
    assert "federführende Organisation" in answer.content.decode()
    with schema_context("zh"):
        rosa.refresh_from_db()
        assert rosa.status == Case.Status.OPEN
    propose = client_for(cast.mia).post(close_url(rosa), {"action": "propose", "propose-reason": "other"})
    assert propose.status_code == 403


def test_closing_without_the_parties_agreement_needs_a_recorded_reason(cast: Cast, rosa: Case) -> None:
    police = client_for(cast.polly)  # the police opened the case: they lead it
    unasked = police.post(close_url(rosa), closing_data())
    assert unasked.status_code == 400
    with schema_context("zh"):
        assert not Closure.objects.exists()
    closed = police.post(close_url(rosa), closing_data(**{"close-override_reason": "Opfer ausgereist"}))
    assert closed.status_code == 302
    with schema_context("zh"):
        closure = Closure.objects.get(case=rosa)
        assert closure.override_reason == "Opfer ausgereist" and closure.proposal is None
        told = set(Reminder.objects.filter(kind="case_closed").values_list("recipient_id", flat=True))
        assert told == {cast.vera.pk, cast.mia.pk, cast.piet.pk}


def test_the_lead_closes_without_a_reason_once_every_party_agreed_and_not_against_an_objection(
    cast: Cast, rosa: Case
) -> None:
    with schema_context("zh"):
        closing.check_propose_closure(
            acting_user=cast.polly, organisation=cast.police, case=rosa, reason="proceedings_ended", note="",
            answer_days=10,
        )  # fmt: skip
        asked = set(Reminder.objects.filter(kind="closure_proposed").values_list("recipient_id", flat=True))
        assert asked == {cast.vera.pk, cast.mia.pk, cast.piet.pk}
    answers = {cast.vera: "yes", cast.mia: "yes", cast.piet: "no"}
    for user, agrees in answers.items():
        data = {"action": "answer", "answer-agrees": agrees, "answer-note": "Verfahren läuft" if agrees == "no" else ""}
        assert client_for(user).post(close_url(rosa), data).status_code == 302
    police = client_for(cast.polly)
    assert police.post(close_url(rosa), closing_data()).status_code == 400  # the prosecution objects
    with schema_context("zh"):
        assert set(Reminder.objects.filter(kind="closure_objected").values_list("recipient_id", flat=True)) == {
            cast.polly.pk
        }
    assert client_for(cast.piet).post(close_url(rosa), {"action": "answer", "answer-agrees": "yes"}).status_code == 302
    assert police.post(close_url(rosa), closing_data()).status_code == 302
    with schema_context("zh"):
        closure = Closure.objects.get(case=rosa)
        assert closure.override_reason == "" and closure.proposal is not None
        assert ClosureProposal.objects.get().status == ClosureProposal.Status.CLOSED


@pytest.mark.parametrize(("agrees", "note"), [("yes", ""), ("no", "Verfahren läuft")])
def test_a_party_finds_its_answer_chosen_on_the_page_to_change_it(
    cast: Cast, rosa: Case, agrees: str, note: str
) -> None:
    with schema_context("zh"):
        closing.check_propose_closure(
            acting_user=cast.polly, organisation=cast.police, case=rosa, reason="proceedings_ended", note="",
            answer_days=10,
        )  # fmt: skip
    aid = client_for(cast.vera)
    assert (
        aid.post(close_url(rosa), {"action": "answer", "answer-agrees": agrees, "answer-note": note}).status_code == 302
    )
    form = aid.get(close_url(rosa)).context["answer_form"]
    assert (form["agrees"].value(), form["note"].value()) == (agrees, note)


def test_once_the_parties_agreed_the_form_asks_no_override_and_confirms_last(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        deadline = open_deadline(rosa, cast.aid, subject=cast.aid)
        closing.check_propose_closure(
            acting_user=cast.polly, organisation=cast.police, case=rosa, reason="proceedings_ended", note="",
            answer_days=10,
        )  # fmt: skip
    police = client_for(cast.polly)
    asked = list(police.get(close_url(rosa)).context["close_form"].fields)
    assert "override_reason" in asked and asked[-2:] == [f"deadline_{deadline.pk}", "confirm"]
    for user in (cast.vera, cast.mia, cast.piet):
        client_for(user).post(close_url(rosa), {"action": "answer", "answer-agrees": "yes"})
    form = police.get(close_url(rosa)).context["close_form"]
    assert "override_reason" not in form.fields and list(form.fields)[-1] == "confirm"
    label = form.fields[f"deadline_{deadline.pk}"].label
    assert rosa.case_number not in label and deadline.due_on.strftime("%d.%m.%Y") in label
    assert police.post(close_url(rosa), closing_data()).status_code == 302


def test_every_party_reads_the_closing_once_on_the_timeline_with_its_reason(cast: Cast, rosa: Case) -> None:
    assert (
        client_for(cast.polly)
        .post(close_url(rosa), closing_data(**{"close-override_reason": "Ausgereist"}))
        .status_code
        == 302
    )
    with schema_context("zh"), translation.override("en"):
        rosa.refresh_from_db()
        for user in (cast.polly, cast.vera, cast.mia, cast.piet):
            titles = [entry.title for entry in timeline_for(access=decide(reader=cast.membership(user), case=rosa))]
            assert [title for title in titles if "closed" in title] == ["Case closed: Proceedings ended"], user


@pytest.mark.parametrize("days_after", [0, 1])
def test_silence_counts_as_agreement_only_after_the_answer_period(cast: Cast, rosa: Case, days_after: int) -> None:
    with schema_context("zh"):
        proposal = closing.check_propose_closure(
            acting_user=None, organisation=cast.police, case=rosa, reason="other", note="Kontakt verloren",
            answer_days=10,
        )  # fmt: skip
        today = proposal.answer_by + timedelta(days=days_after)
        assert closing.proposal_state(proposal=proposal, today=today).settled == (days_after > 0)


def test_closing_settles_every_open_deadline_and_nothing_reminds_afterwards(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        aid_deadline = open_deadline(rosa, cast.aid, subject=cast.aid)
        police_deadline = open_deadline(rosa, cast.police, subject=cast.police)
    page = client_for(cast.polly).get(close_url(rosa)).content.decode()
    assert f"close-deadline_{aid_deadline.pk}" in page
    data = closing_data(**{
        "close-override_reason": "Opfer ausgereist",
        f"close-deadline_{aid_deadline.pk}": str(cast.aid.pk),
        f"close-deadline_{police_deadline.pk}": "cancel",
    })  # fmt: skip
    assert client_for(cast.polly).post(close_url(rosa), data).status_code == 302
    with schema_context("zh"):
        settled = {d.pk: d for d in Deadline.objects.filter(pk__in=[aid_deadline.pk, police_deadline.pk])}
        assert {d.status for d in settled.values()} == {"cancelled"}
        assert "handed over to organisation" in settled[aid_deadline.pk].close_reason
        # Left open by some other path: still no reminder, no feed entry, no to-do.
        stray = open_deadline(rosa, cast.aid, subject=cast.migration)
        assert stray.status == "open"
        assert (
            insert_due_reminders(today=stray.due_on + timedelta(days=5)) == 0
            or not Reminder.objects.filter(deadline=stray).exists()
        )
        assert not Reminder.objects.filter(deadline=stray).exists()
        assert stray not in calendar_deadlines_for(organisation=cast.aid)
        assert stray not in deadlines_for(organisation=cast.aid)
        retention = Deadline.objects.get(rule_key=RuleKey.RETENTION, case=rosa)
        assert retention.status == "open"  # the closed case's own deadline: anonymisation


def test_an_open_case_deadline_still_reminds(cast: Cast, rosa: Case) -> None:
    """The control of the test above: the same deadline on an open case does remind."""
    with schema_context("zh"):
        deadline = open_deadline(rosa, cast.aid, subject=cast.migration)
        insert_due_reminders(today=deadline.due_on + timedelta(days=5))
        assert Reminder.objects.filter(deadline=deadline, recipient=cast.vera).exists()
        assert deadline in calendar_deadlines_for(organisation=cast.aid)


def test_a_party_withdraws_hands_its_deadlines_to_the_lead_and_no_longer_sees_the_case(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        deadline = open_deadline(rosa, cast.aid, subject=cast.aid)
    aid = client_for(cast.vera)
    assert aid.post(withdraw_url(rosa), {"reason": ""}).status_code == 400
    assert aid.post(withdraw_url(rosa), {"reason": "Opfer betreut durch anderen Kanton"}).status_code == 302
    assert aid.get(reverse("cases:detail", args=[rosa.pk])).status_code == 404
    with schema_context("zh"):
        deadline.refresh_from_db()
        assert (deadline.status, deadline.responsible_organisation_id) == ("open", cast.police.pk)
        party = CaseParty.objects.get(case=rosa, organisation=cast.aid)
        assert party.left_at is not None and party.left_reason
        told = set(Reminder.objects.filter(kind="party_withdrew").values_list("recipient_id", flat=True))
        assert told == {cast.polly.pk, cast.mia.pk, cast.piet.pk}
    timeline = client_for(cast.polly).get(reverse("cases:detail", args=[rosa.pk])).content.decode()
    assert "Opferhilfe Fallakte hat sich aus dem Fall zurückgezogen" in timeline


def test_the_lead_names_its_successor_before_it_withdraws(cast: Cast, rosa: Case) -> None:
    police = client_for(cast.polly)
    assert police.post(withdraw_url(rosa), {"reason": "Ermittlung abgeschlossen"}).status_code == 400
    answer = police.post(withdraw_url(rosa), {"reason": "Ermittlung abgeschlossen", "successor": cast.aid.pk})
    assert answer.status_code == 302
    with schema_context("zh"):
        assert CaseParty.objects.get(case=rosa, is_lead=True).organisation_id == cast.aid.pk
    assert (
        client_for(cast.vera).post(close_url(rosa), closing_data(**{"close-override_reason": "x"})).status_code == 302
    )


def test_outsiders_and_non_parties_get_404_on_closing_and_withdrawing(cast: Cast, rosa: Case, gabi: object) -> None:
    outsider = client_for(gabi, host="ge.localhost")  # type: ignore[arg-type]
    stranger = client_for(cast.nora)
    for url in (close_url(rosa), withdraw_url(rosa)):
        for client in (outsider, stranger):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"action": "close"}).status_code == 404, url


def test_the_closing_page_runs_a_fixed_number_of_queries(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        closing.check_propose_closure(
            acting_user=None, organisation=cast.police, case=rosa, reason="other", note="Kontakt verloren",
            answer_days=10,
        )  # fmt: skip
        for subject in (cast.aid, cast.migration, cast.prosecution):
            open_deadline(rosa, cast.police, subject=subject)
    # The lead: the decision, the proposal and its answers, the parties, the deadlines (their
    # case joined) and one query per warning source; a party answering reads no deadline.
    assert_count(statements_of(client_for(cast.polly), close_url(rosa)), 16)
    assert_count(statements_of(client_for(cast.vera), close_url(rosa)), 10)

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.identification.models import Assessment, Checklist, Indicator
from cases.models import Case
from cases.policy import decide
from cases.timeline import timeline_for
from ksmm.audit.models import AuditEntry
from tests.casesteps.conftest import Cast, cast, client_for, gabi, rosa  # noqa: F401  shared fixtures
from tests.queries import assert_count, captured

pytestmark = pytest.mark.django_db


def indicator_ids(*codes: str) -> list[int]:
    with schema_context("zh"):
        return list(Indicator.objects.filter(code__in=codes).values_list("pk", flat=True))


def with_ngo(cast: Cast, case: Case) -> Case:  # noqa: F811
    with schema_context("zh"):
        do_add_party(acting_user=None, case=case, organisation=cast.ngo)
    return case


def test_the_police_fill_the_checklist_and_assess_and_every_party_sees_the_result(cast: Cast, rosa: Case) -> None:  # noqa: F811
    police = client_for(cast.polly)
    doc, debt = indicator_ids("DOC-01", "DEB-01")
    data = {"indicator": [doc, debt], f"note-{doc}": "PASS-MARKER Pass beim Chef"}
    assert police.post(reverse("identification:checklist", args=[rosa.pk]), data).status_code == 302
    assert police.post(reverse("identification:assess", args=[rosa.pk]), {"result": "yes"}).status_code == 302
    with schema_context("zh"):
        checklist = Checklist.objects.get(case=rosa)
        assert set(checklist.observations.values_list("indicator_id", flat=True)) == {doc, debt}
        assessment = Assessment.objects.get(case=rosa)
        assert (assessment.result, assessment.decided_by, assessment.decided_by_organisation) == (
            "yes", cast.polly, cast.police,
        )  # fmt: skip
        assert assessment.observed_count == 2
        assert AuditEntry.objects.filter(object_type="identification.checklist", compartment="identity").exists()
    page = client_for(cast.vera).get(reverse("identification:case", args=[rosa.pk])).content.decode()
    assert "Mutmassliches Opfer" in page and "PASS-MARKER" in page
    case_page = client_for(cast.mia).get(reverse("cases:detail", args=[rosa.pk])).content.decode()
    assert "Mutmassliches Opfer" in case_page


def test_a_party_without_identity_sees_the_assessment_but_not_the_checklist(cast: Cast, rosa: Case) -> None:  # noqa: F811
    with_ngo(cast, rosa)
    police = client_for(cast.polly)
    (doc,) = indicator_ids("DOC-01")
    police.post(reverse("identification:checklist", args=[rosa.pk]), {"indicator": [doc], f"note-{doc}": "PASS-MARKER"})
    police.post(reverse("identification:assess", args=[rosa.pk]), {"result": "unclear"})
    ngo = client_for(cast.nora)
    page = ngo.get(reverse("identification:case", args=[rosa.pk])).content.decode()
    assert "Unklar" in page and "PASS-MARKER" not in page and "DOC-01" not in page
    assert ngo.post(reverse("identification:checklist", args=[rosa.pk]), {"indicator": [doc]}).status_code == 404
    with schema_context("zh"):
        titles = [entry.title for entry in timeline_for(access=decide(reader=cast.membership(cast.nora), case=rosa))]
        assert any("Unklar" in title or "unclear" in title.lower() for title in titles)
        assert not any("checklist" in title.lower() or "Checkliste" in title for title in titles)
        police_titles = [e.title for e in timeline_for(access=decide(reader=cast.membership(cast.polly), case=rosa))]
        assert any("Checkliste" in title or "checklist" in title.lower() for title in police_titles)


def test_reading_the_checklist_is_audited(cast: Cast, rosa: Case) -> None:  # noqa: F811
    client_for(cast.vera).get(reverse("identification:case", args=[rosa.pk]))
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action="read", compartment="identity", actor_user_id=cast.vera.pk).exists()


def test_an_outsider_gets_404_on_every_identification_page_and_endpoint(cast: Cast, rosa: Case, gabi: object) -> None:  # noqa: F811
    outsider = client_for(gabi)  # type: ignore[arg-type]
    for name in ("identification:case", "identification:checklist", "identification:assess"):
        assert outsider.post(reverse(name, args=[rosa.pk]), {"result": "yes"}).status_code == 404
    assert outsider.get(reverse("identification:case", args=[rosa.pk])).status_code == 404
    for path in (f"/api/v1/cases/{rosa.pk}/checklist/", f"/api/v1/cases/{rosa.pk}/assessments/"):
        assert outsider.get(path).status_code == 404
    with schema_context("zh"):
        assert not Assessment.objects.exists()


def test_an_invalid_assessment_is_refused_with_a_message(cast: Cast, rosa: Case) -> None:  # noqa: F811
    police = client_for(cast.polly)
    response = police.post(reverse("identification:assess", args=[rosa.pk]), {"result": "maybe"}, follow=True)
    assert "Wählen Sie ja, nein oder unklar." in response.content.decode()
    with schema_context("zh"):
        assert not Assessment.objects.exists()


def test_checklist_and_assessments_over_the_api(cast: Cast, rosa: Case) -> None:  # noqa: F811
    with_ngo(cast, rosa)
    police = client_for(cast.polly)
    (doc,) = indicator_ids("DOC-01")
    body = {"observations": [{"indicator": doc, "note": "PASS-MARKER"}]}
    put = police.put(f"/api/v1/cases/{rosa.pk}/checklist/", body, content_type="application/json")
    assert put.status_code == 200, put.content
    assert put.json()["observations"][0]["code"] == "DOC-01"
    created = police.post(f"/api/v1/cases/{rosa.pk}/assessments/", {"result": "yes"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["decided_by_organisation"] == cast.police.pk
    ngo = client_for(cast.nora)
    assert ngo.get(f"/api/v1/cases/{rosa.pk}/checklist/").status_code == 404
    assert ngo.put(f"/api/v1/cases/{rosa.pk}/checklist/", body, content_type="application/json").status_code == 404
    assert [row["result"] for row in ngo.get(f"/api/v1/cases/{rosa.pk}/assessments/").json()] == ["yes"]


def test_the_assessment_list_and_the_indicator_list_pin_their_queries(cast: Cast, rosa: Case) -> None:  # noqa: F811
    """Counted with tests/queries.py after a warm-up request: the assessments, 1 and 50, both run
    7 statements (6 besides SET search_path); the indicators, a page of 1 and of 50, both 5 (4)."""
    police = client_for(cast.polly)
    path = f"/api/v1/cases/{rosa.pk}/assessments/"

    def add(count: int) -> None:
        with schema_context("zh"):
            Assessment.objects.bulk_create(
                Assessment(case=rosa, result="unclear", decided_by_organisation=cast.police) for _ in range(count)
            )

    add(1)
    police.get(path)
    with captured() as one:
        assert len(police.get(path).json()) == 1
    add(49)
    with captured() as fifty:
        assert len(police.get(path).json()) == 50
    assert len(one) == len(fifty)
    assert_count(one, 7, without_search_path=6)
    assert_count(fifty, 7, without_search_path=6)
    with captured() as first:
        assert len(police.get("/api/v1/indicators/?page_size=1").json()["results"]) == 1
    with captured() as page:
        assert len(police.get("/api/v1/indicators/?page_size=50").json()["results"]) == 50
    assert len(first) == len(page)
    assert_count(first, 5, without_search_path=4)
    assert_count(page, 5, without_search_path=4)

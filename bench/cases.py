"""Benchmark: the case list page and the case API with 10,000 cases in one canton (`make bench`).

Builds its own database (ksmm_bench, dropped at the end), provisions ZH, seeds 10,000 cases
that the benchmark's police officer is party to, then requests the list page and the API list
(first page, a later page, a search) and records p50 and p95 per request and the queries each
request ran. Writes bench-results/cases.json.
"""

import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CASES = 10_000
RUNS = 40
RESULTS = Path(__file__).resolve().parent.parent / "bench-results" / "cases.json"


def seed(code: str) -> Any:
    """10,000 cases with police and victim aid as parties, their grants as the actions set them."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from cases import grants
    from cases.actions import do_add_party, intake_grants
    from cases.models import Case, CaseGrant, CaseNumberCounter, CaseParty
    from ksmm.accounts.models import User
    from ksmm.memberships.models import Membership
    from ksmm.partners.models import Organisation

    with schema_context(code.lower()), transaction.atomic():
        police = Organisation.objects.create(name="Bench Police", type=Organisation.Type.CANTONAL_POLICE)
        aid = Organisation.objects.create(name="Bench Victim Aid", type=Organisation.Type.VICTIM_AID)
        user = User.objects.create_user("bench.police@example.test", "bench-password-2026", full_name="Bench")
        Membership.objects.create(user=user, organisation=police)
        start = date(2020, 1, 1)
        cases = Case.objects.bulk_create(
            Case(
                case_number=f"{code}-2025-{number:05d}",
                pseudonym=f"Person {number}",
                intake_organisation=police,
                opened_on=start + timedelta(days=number % 1800),
                exploitation_type=Case.ExploitationType.values[number % 4],
                is_minor=number % 7 == 0,
            )
            for number in range(1, CASES + 1)
        )
        CaseNumberCounter.objects.create(year=2025, last_number=CASES)
        ids = grants.permission_ids()
        rows = []
        for organisation, read in ((police, intake_grants(organisation=police)),
                                   (aid, grants.default_read(organisation_type=aid.type))):  # fmt: skip
            group = grants.group_of(organisation)
            wanted = [ids[grants.read_codename(c)] for c in read] + [ids[grants.write_codename(c)] for c in read]
            CaseParty.objects.bulk_create(CaseParty(case=case, organisation=organisation) for case in cases)
            rows += [CaseGrant(group=group, content_object=case, permission_id=pk) for case in cases for pk in wanted]
        CaseGrant.objects.bulk_create(rows, batch_size=5000)
        # One case through the real actions, so the seeded shape matches what they write.
        do_add_party(acting_user=None, case=cases[0], organisation=police)
    # Statistics as autovacuum would gather them on a live system; without them the planner
    # estimates 3 grant rows instead of 10,000 and nests loops over them (seconds per page).
    with schema_context(code.lower()), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user


def measure(client: Any, path: str, **headers: str) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, **headers)  # warm caches
    timings, queries = [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path, **headers)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)  # noqa: S101
        queries.append(len(captured))
    timings.sort()
    return {
        "path": path,
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1),
        "queries_per_request": max(queries),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["TEST"] = {"NAME": "ksmm_bench"}  # never the test suite's database
    django.setup()
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    from ksmm.cantons.actions import do_provision_canton
    from tests.auth import sign_in

    databases = setup_databases(verbosity=0, interactive=False)
    try:
        do_provision_canton(code="ZH")
        user = seed("ZH")
        client = sign_in(Client(HTTP_HOST="zh.localhost"), user)
        api = {"HTTP_ACCEPT": "application/json"}
        cursor = client.get("/api/v1/cases/", **api).json()["next"].split("?", 1)[1]
        from django_tenants.utils import schema_context

        from cases.models import Case

        with schema_context("zh"):  # the position of the 150th page, as a "Next" link carries it
            day, pk = Case.objects.order_by("-opened_on", "-pk").values_list("opened_on", "pk")[149 * 50 - 1]
        results = {
            "cases": CASES,
            "runs_per_path": RUNS,
            "case_list_page": [
                measure(client, "/cases/"),
                measure(client, f"/cases/?after={day.isoformat()}.{pk}"),
                measure(client, "/cases/?q=ZH-2025-0999"),
            ],
            "case_api": [
                measure(client, "/api/v1/cases/", **api),
                measure(client, f"/api/v1/cases/?{cursor}", **api),
                measure(client, "/api/v1/cases/?q=Person%204242", **api),
            ],
        }
    finally:
        from django.db import connection

        connection.set_schema_to_public()
        teardown_databases(databases, verbosity=0)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    sys.stdout.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()

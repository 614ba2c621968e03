"""The second process of tests/cases/test_rotation_under_load.py: a user of the canton who keeps
opening cases, saving identities and counselling notes and running the duplicate check while
the test rotates the keys. It asserts nothing; it writes what it did, one JSON line per step,
and the test compares that with the database.

    python -m tests.cases.rotation_writer <schema> <plan.json> <log.jsonl> <stop-file>

The plan names the intake organisation and the seed persons (case id, name, birth date) the
test wrote before the rotation, under the old key.
"""

import json
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

import django

MAX_SECONDS = 180  # a safety net only: the test ends it with the stop file


def main(schema: str, plan_path: Path, log_path: Path, stop_path: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django_tenants.utils import schema_context

    from cases.actions import do_open_case
    from cases.identity import IdentityData, do_save_identity, flag_duplicates
    from cases.models import CounsellingEntry, CounsellingPart
    from ksmm.partners.models import Organisation

    plan = json.loads(plan_path.read_text())
    seeds = plan["seeds"]
    # Every case of a person, as the writer knows them: the seed's and those it opened itself.
    cases_of: dict[str, list[int]] = {seed["name"]: [seed["case"]] for seed in seeds}
    started = time.monotonic()
    step = 0
    with schema_context(schema), log_path.open("a", buffering=1) as log:

        def write(**entry: object) -> None:
            log.write(json.dumps({"at": time.time(), **entry}) + "\n")

        organisation = Organisation.objects.get(pk=plan["organisation"])
        try:
            while not stop_path.exists() and time.monotonic() - started < MAX_SECONDS:
                seed = seeds[step % len(seeds)]
                # Every second case is the same person as a seed: a duplicate the check must find.
                name, born = (seed["name"], seed["born"]) if step % 2 == 0 else (f"Neu{step} Person", "2001-02-03")
                case = do_open_case(
                    acting_user=None, organisation=organisation, pseudonym=f"W{step}", opened_on=date(2026, 3, 1)
                )
                notes = f"notes {step}"
                do_save_identity(
                    acting_user=None,
                    case=case,
                    data=IdentityData(official_name=name, first_name="", date_of_birth=born, interpreter_notes=notes),
                )
                text = f"counselling {step}"
                CounsellingEntry.objects.create(
                    case=case, author_organisation=organisation, part=CounsellingPart.NOTES,
                    occurred_on=date(2026, 3, 2), text=text,
                )  # fmt: skip
                write(op="create", case=case.pk, name=name, born=born, notes=notes, counselling=text)
                expected = sorted(cases_of.get(name, []))
                found = sorted(flag.other_case_id for flag in flag_duplicates(case=case))
                write(op="check", case=case.pk, found=found, expected=expected)
                cases_of.setdefault(name, []).append(case.pk)

                # An update of a seed's identity, racing the rotation of its row and its index.
                notes = f"update {step}"
                do_save_identity(
                    acting_user=None,
                    case=case.__class__.objects.get(pk=seed["case"]),
                    data=IdentityData(official_name=seed["name"], date_of_birth=seed["born"], interpreter_notes=notes),
                )
                write(op="update", case=seed["case"], notes=notes)
                step += 1
        except Exception:  # noqa: BLE001 - logged for the test, which fails on it
            write(op="error", trace=traceback.format_exc())
            return 1
        write(op="stop", steps=step)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])))

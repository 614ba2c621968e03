"""What a transfer carries from the sending canton's schema into the receiving one's.

A carrier reads its rows inside the sending canton (encrypted fields decrypt with that canton's
key as they load) and writes them inside the receiving canton (they encrypt with its key as
they save). The copy (cases/transfers/copy.py) runs every carrier in one transaction. Apps above
cases (permits, notices) register their carriers in their AppConfig.ready, as they register
intake hooks (cases.actions.on_case_opened), so that cases imports none of them.

Organisations are of the sending canton: a copied row names the receiving organisation instead,
or the receiving canton's migration office for what was addressed to a migration office. Dates
are copied as they were: a reflection period does not restart, a deadline stays due when it was.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.identity import IdentityData, do_save_identity
from cases.models import Case, CounsellingEntry, EvidenceNote, Identity
from ksmm.accounts.models import User
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, Rule
from ksmm.partners.models import Organisation


@dataclass
class Carrying:
    """One copy in progress: what goes, and in the receiving canton the new case and the ids
    each copied row got there (label → sending id → receiving id)."""

    compartments: frozenset[str]
    counselling_parts: frozenset[str]
    acting_user: User | None
    receiving: Organisation | None = None
    case: Case | None = None
    ids: dict[str, dict[int, int]] = field(default_factory=dict)
    carried: dict[str, int] = field(default_factory=dict)
    # What could not be carried as a row but must not vanish silently (label → entries), shown
    # in the history summary beside the counts.
    kept: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    # Undoes what a carrier did outside the database (files written to the storage), run when the
    # copy's transaction rolls back. Shared with the caller, who runs it after the rollback.
    undo: list[Callable[[], None]] = field(default_factory=list)
    _migration_office: Organisation | None = None

    def sends(self, compartment: str) -> bool:
        return compartment in self.compartments

    def organisation_for(self, organisation_type: str) -> Organisation:
        """The organisation of the receiving canton that stands for one of the sending canton's."""
        assert self.receiving is not None  # noqa: S101 - set before any carrier writes
        if organisation_type == Organisation.Type.MIGRATION_OFFICE:
            if self._migration_office is None:
                self._migration_office = (
                    Organisation.objects.filter(type=Organisation.Type.MIGRATION_OFFICE, is_active=True)
                    .order_by("pk")
                    .first()
                ) or self.receiving
            return self._migration_office
        return self.receiving

    def remember(self, model: type[Model] | Model, sent: int, received: int) -> None:
        self.ids.setdefault(model._meta.label_lower, {})[sent] = received

    def keep(self, key: str, entry: dict[str, str]) -> None:
        self.kept.setdefault(key, []).append(entry)

    def count(self, key: str, how_many: int) -> None:
        if how_many:
            self.carried[key] = self.carried.get(key, 0) + how_many


@dataclass(frozen=True)
class Carrier:
    name: str
    read: Callable[..., Any]  # (case_id=, carrying=) in the sending canton
    write: Callable[..., None]  # (data, carrying=) in the receiving canton
    order: int


_CARRIERS: dict[str, Carrier] = {}
# What each count in `IncomingTransfer.carried` names, in the reader's language.
CARRIED_LABELS: dict[str, Promise] = {}


def register_carrier(carrier: Carrier, *, labels: dict[str, Promise]) -> None:
    _CARRIERS[carrier.name] = carrier
    CARRIED_LABELS.update(labels)


def carriers() -> list[Carrier]:
    return sorted(_CARRIERS.values(), key=lambda carrier: (carrier.order, carrier.name))


def values_of(row: Model, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The row's own column values (decrypted), without its key and the named columns."""
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if not f.primary_key and f.name not in without
    }


# The case file's own compartments ---------------------------------------------------------


def _read_records(*, case_id: int, carrying: Carrying) -> dict[str, Any]:
    data: dict[str, Any] = {"identity": None, "counselling": [], "evidence": []}
    if carrying.sends(Compartment.IDENTITY):
        identity = Identity.objects.filter(case_id=case_id).prefetch_related("identifiers").first()
        if identity is not None:
            data["identity"] = IdentityData(
                official_name=identity.official_name,
                first_name=identity.first_name,
                aliases=identity.aliases,
                sex=identity.sex,
                date_of_birth=identity.date_of_birth,
                age_in_doubt=identity.age_in_doubt,
                nationality=identity.nationality,
                languages=list(identity.languages),
                interpreter_needed=identity.interpreter_needed,
                interpreter_notes=identity.interpreter_notes,
                identifiers=[(i.category, i.value) for i in identity.identifiers.all()],
            )
    if carrying.sends(Compartment.COUNSELLING) and carrying.counselling_parts:
        # Only the parts the person consented to (Art. 11 OHG): the filter is the rule.
        entries = CounsellingEntry.objects.filter(case_id=case_id, part__in=sorted(carrying.counselling_parts))
        data["counselling"] = [values_of(e, without=("case", "author_organisation")) for e in entries]
    if carrying.sends(Compartment.INVESTIGATION):
        notes = EvidenceNote.objects.filter(case_id=case_id)
        data["evidence"] = [values_of(n, without=("case", "author_organisation")) for n in notes]
    return data


def _write_records(data: dict[str, Any], *, carrying: Carrying) -> None:
    case, receiving = carrying.case, carrying.receiving
    assert case is not None and receiving is not None  # noqa: S101
    if data["identity"] is not None:
        do_save_identity(acting_user=carrying.acting_user, case=case, data=data["identity"])
        carrying.count("identity", 1)
    CounsellingEntry.objects.bulk_create(
        CounsellingEntry(**values, case=case, author_organisation=receiving) for values in data["counselling"]
    )
    carrying.count("counselling", len(data["counselling"]))
    EvidenceNote.objects.bulk_create(
        EvidenceNote(**values, case=case, author_organisation=receiving) for values in data["evidence"]
    )
    carrying.count("evidence", len(data["evidence"]))


# Deadlines: last, once every subject they hang off has its id in the receiving canton --------


def _read_deadlines(*, case_id: int, carrying: Carrying) -> list[dict[str, Any]]:
    rows = Deadline.objects.filter(case_id=case_id, status=Deadline.Status.OPEN).select_related(
        "responsible_organisation"
    )
    return [
        {
            **values_of(d, without=("rule", "case", "responsible_organisation", "responsible_user", "closed_at")),
            "responsible_type": d.responsible_organisation.type,
        }
        for d in rows
    ]


def _write_deadlines(data: list[dict[str, Any]], *, carrying: Carrying) -> None:
    case = carrying.case
    assert case is not None  # noqa: S101
    rules = {rule.key: rule for rule in Rule.objects.filter(valid_until__isnull=True)}
    created = []
    for values in data:
        responsible_type = values.pop("responsible_type")
        subject_id: int | None
        if values["subject_type"] == "cases.case":
            subject_id = case.pk
        else:
            subject_id = carrying.ids.get(values["subject_type"], {}).get(values["subject_id"])
        rule = rules.get(values["rule_key"])
        if subject_id is None or rule is None:
            continue  # its subject did not travel (a step of the sending canton's own work)
        # The due date is the sending canton's, not re-computed: the clock does not restart.
        created.append(
            Deadline(
                **{**values, "subject_id": subject_id},
                rule=rule,
                case=case,
                responsible_organisation=carrying.organisation_for(responsible_type),
            )
        )
    Deadline.objects.bulk_create(created)
    carrying.count("deadlines", len(created))


register_carrier(
    Carrier(name="cases", read=_read_records, write=_write_records, order=10),
    labels={
        "identity": _("Identity"),
        "counselling": _("Counselling entries"),
        "evidence": _("Evidence notes"),
    },
)
register_carrier(
    Carrier(name="deadlines", read=_read_deadlines, write=_write_deadlines, order=1000),
    labels={"deadlines": _("Open deadlines, with their due dates")},
)

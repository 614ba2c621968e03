"""Per-case grants of organisations, stored as guardian group object permissions.

Each organisation has one auth group (OrganisationGroup); its permissions on a case are rows of
CaseGrant (guardian's direct-foreign-key table). `view_<compartment>` lets an organisation read a
compartment, `change_<compartment>` write it. Users are never members of these groups: the
policy resolves the group from the reader's organisation in this canton, so a grant in ZH can
never follow a person into GE.
"""

from collections.abc import Iterable
from functools import cache

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import QuerySet

from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment, SubGrant
from ksmm.partners.models import Organisation
from roundtables.matrix import default_grants

from .models import Case, CaseGrant, GrantChange, OrganisationGroup

COMPARTMENTS: tuple[str, ...] = tuple(Compartment.values)
# Named parts of a compartment the matrix shares on their own; read only (`view_<sub-grant>`).
SUB_GRANTS: tuple[str, ...] = tuple(SubGrant.values)


def read_codename(compartment: str) -> str:
    return f"view_{compartment}"


def write_codename(compartment: str) -> str:
    return f"change_{compartment}"


@cache
def _permission_ids_of(database_name: str) -> dict[str, int]:
    codenames = [read_codename(c) for c in COMPARTMENTS] + [write_codename(c) for c in COMPARTMENTS]
    codenames += [read_codename(s) for s in SUB_GRANTS]
    rows = Permission.objects.filter(content_type__app_label="cases", codename__in=codenames).values_list(
        "codename", "id"
    )
    found = dict(rows)
    if len(found) != len(codenames):
        raise LookupError("The case permissions are missing; run migrate_schemas --shared.")
    return found


def permission_ids() -> dict[str, int]:
    """Codename to auth.Permission id; the ids live in public and never change once created."""
    return _permission_ids_of(str(connection.settings_dict["NAME"]))


def codenames_by_id() -> dict[int, str]:
    return {pk: codename for codename, pk in permission_ids().items()}


def group_of(organisation: Organisation) -> Group:
    """The organisation's grant group, created on first use (the name carries the schema)."""
    link = OrganisationGroup.objects.select_related("group").filter(organisation=organisation).first()
    if link is not None:
        return link.group
    name = f"{current_schema()}:organisation:{organisation.pk}"
    group, _created = Group.objects.get_or_create(name=name)
    OrganisationGroup.objects.get_or_create(organisation=organisation, defaults={"group": group})
    return group


def group_ids_of(organisation_id: int) -> QuerySet[OrganisationGroup, int]:
    """A subquery: the grant group of an organisation, for filters by a join."""
    return OrganisationGroup.objects.filter(organisation_id=organisation_id).values_list("group_id", flat=True)


def default_read(*, organisation_type: str) -> frozenset[str]:
    """The agreement matrix's compartments; core always, counselling only for victim aid."""
    grants = (set(default_grants(organisation_type=organisation_type)) & set(COMPARTMENTS)) | {Compartment.CORE.value}
    if organisation_type != Organisation.Type.VICTIM_AID:
        # Professional secrecy (Art. 11 OHG): only a consent opens counselling to others.
        grants.discard(Compartment.COUNSELLING.value)
    return frozenset(grants)


def default_sub_grants(*, organisation_type: str) -> frozenset[str]:
    """The sub-grants the agreement's matrix gives an organisation of this type (e.g. the safety
    details to victim aid)."""
    return frozenset(default_grants(organisation_type=organisation_type)) & frozenset(SUB_GRANTS)


def default_write(*, read: Iterable[str]) -> frozenset[str]:
    """Who reads a compartment by grant also writes it (a consent never grants writing)."""
    return frozenset(read)


def granted(*, organisation_id: int, case_id: int) -> frozenset[str]:
    """The codenames an organisation holds on one case (one query)."""
    names = codenames_by_id()
    ids = CaseGrant.objects.filter(group_id__in=group_ids_of(organisation_id), content_object_id=case_id).values_list(
        "permission_id", flat=True
    )
    return frozenset(names[pk] for pk in ids if pk in names)


def set_grants(
    *,
    case: Case,
    organisation: Organisation,
    read: Iterable[str],
    write: Iterable[str],
    sub_grants: Iterable[str] | None = None,
) -> None:
    """Replaces the organisation's grants on the case; callers authorise and audit.

    `sub_grants` None keeps the sub-grants the organisation holds (a change of one compartment
    leaves them as they are); an iterable replaces them too.
    """
    group = group_of(organisation)
    ids = permission_ids()
    wanted = {ids[read_codename(c)] for c in read} | {ids[write_codename(c)] for c in write}
    existing = set(CaseGrant.objects.filter(group=group, content_object=case).values_list("permission_id", flat=True))
    sub_ids = {ids[read_codename(s)] for s in SUB_GRANTS}
    wanted |= (existing & sub_ids) if sub_grants is None else {ids[read_codename(s)] for s in sub_grants}
    CaseGrant.objects.filter(group=group, content_object=case, permission_id__in=existing - wanted).delete()
    CaseGrant.objects.bulk_create(
        [CaseGrant(group=group, content_object=case, permission_id=pk) for pk in wanted - existing],
        ignore_conflicts=True,
    )


def grants_by_organisation(*, case: Case) -> dict[int, frozenset[str]]:
    """Every party's codenames on a case, for the grants page (two queries)."""
    names = codenames_by_id()
    organisation_of = dict(OrganisationGroup.objects.values_list("group_id", "organisation_id"))
    result: dict[int, set[str]] = {}
    for group_id, permission_id in CaseGrant.objects.filter(content_object=case).values_list(
        "group_id", "permission_id"
    ):
        organisation_id = organisation_of.get(group_id)
        if organisation_id is not None and permission_id in names:
            result.setdefault(organisation_id, set()).add(names[permission_id])
    return {key: frozenset(value) for key, value in result.items()}


def changes_of(*, case: Case) -> QuerySet[GrantChange]:
    """The history of who was given or lost access to the case, with the organisation."""
    return GrantChange.objects.filter(case=case).select_related("organisation")

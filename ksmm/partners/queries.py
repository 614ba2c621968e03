"""Reading the partner directory of the current canton, with search and filters."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ksmm.federal.models import FederalPartner

from .models import ContactPerson, Organisation


@dataclass(frozen=True, kw_only=True)
class DirectorySearch:
    """What a reader of the directory asks for; empty strings mean no restriction."""

    text: str = ""
    type: str = ""
    group: str = ""
    level: str = ""
    language: str = ""


def directory_organisations() -> QuerySet[Organisation]:
    """The active organisations of the current canton, core group first."""
    return Organisation.objects.filter(is_active=True).order_by("group", "name")


def _search_filter(search: DirectorySearch) -> Q:
    condition = Q()
    text = search.text.strip()
    if text:
        condition &= (
            Q(name__icontains=text)
            | Q(short_name__icontains=text)
            | Q(services__icontains=text)
            | Q(town__icontains=text)
        )
    if search.level:
        condition &= Q(level=search.level)
    if search.language:
        condition &= Q(languages__contains=[search.language])
    return condition


def search_organisations(*, search: DirectorySearch) -> QuerySet[Organisation]:
    organisations = directory_organisations().filter(_search_filter(search))
    if search.type:
        organisations = organisations.filter(type=search.type)
    if search.group:
        organisations = organisations.filter(group=search.group)
    return organisations


def search_federal_partners(*, search: DirectorySearch) -> QuerySet[FederalPartner]:
    """Federal partners have no cantonal type or group: a filter on either leaves none of them."""
    if search.type or search.group:
        return FederalPartner.objects.none()
    return FederalPartner.objects.filter(_search_filter(search)).order_by("name")


def organisation_with_contacts(organisation_id: int, *, include_inactive: bool = False) -> Organisation | None:
    """An organisation of the directory; an inactive one only for those who may reactivate it."""
    contacts = Prefetch("contacts", queryset=ContactPerson.objects.select_related("deputy"))
    organisations = Organisation.objects.all() if include_inactive else directory_organisations()
    return organisations.prefetch_related(contacts).filter(pk=organisation_id).first()


def federal_partner_with_contacts(partner_id: int) -> FederalPartner | None:
    return FederalPartner.objects.prefetch_related("contacts").filter(pk=partner_id).first()


def contact_person(contact_id: int, *, include_inactive: bool = False) -> ContactPerson | None:
    contacts = ContactPerson.objects.select_related("organisation")
    if not include_inactive:
        contacts = contacts.filter(organisation__is_active=True)
    return contacts.filter(pk=contact_id).first()


def printable_directory() -> tuple[QuerySet[Organisation], QuerySet[FederalPartner]]:
    """Everything the printed directory shows, contacts included, in four queries."""
    contacts = Prefetch("contacts", queryset=ContactPerson.objects.order_by("name"))
    organisations = directory_organisations().prefetch_related(contacts)
    federal = FederalPartner.objects.order_by("name").prefetch_related("contacts")
    return organisations, federal


@dataclass(frozen=True)
class PhoneGap:
    """A victim-aid service whose printed notices would fall back to the police emergency number."""

    organisation: Organisation
    lacks_phone: bool
    lacks_emergency_phone: bool


def victim_aid_phone_gaps() -> list[PhoneGap]:
    """The active victim-aid services without a phone or a 24/7 number (one statement): every
    printed notice carries both, so the coordinator completes them before one is printed."""
    lacking = Organisation.objects.filter(type=Organisation.Type.VICTIM_AID, is_active=True).filter(
        Q(phone="") | Q(emergency_phone="")
    )
    return [
        PhoneGap(organisation=o, lacks_phone=not o.phone, lacks_emergency_phone=not o.emergency_phone)
        for o in lacking.order_by("name", "pk")
    ]

"""The partner directory over the API: organisations of the current canton (coordinators write),
their contact persons, and the federal partners shared by all cantons (read-only)."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS

from ksmm.accounts.models import User
from ksmm.api.ech import ECH0010OrganisationMailAddressSerializer
from ksmm.api.scopes import Scope
from ksmm.api.writes import SafeWritesMixin
from ksmm.federal.models import FederalContact, FederalPartner
from ksmm.memberships.models import Membership

from . import actions
from .ech0010 import mail_address_of, merge_address
from .entries import CANTON_CODES, Language, is_valid_country, is_valid_postal_code
from .models import ContactPerson, Organisation
from .queries import directory_organisations

ENTRY_FIELDS = [
    "level", "street", "house_number", "post_office_box", "postal_code", "town", "country", "phone", "email",
    "emergency_phone", "languages", "services", "cantons_served", "website",
]  # fmt: skip


ECH0010_HELP = (
    "The postal address as eCH-0010 v6.0 organisationMailAddress; as input an alternative to the "
    "address fields (where both are sent they must agree)."
)


def _mail_address(record: Organisation | FederalPartner) -> dict[str, Any]:
    return mail_address_of(record, name=record.name)


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    languages = serializers.ListField(child=serializers.ChoiceField(choices=Language.choices), required=False)
    cantons_served = serializers.ListField(child=serializers.ChoiceField(choices=CANTON_CODES), required=False)
    ech0010 = ECH0010OrganisationMailAddressSerializer(
        source="*", required=False, from_record=_mail_address, help_text=ECH0010_HELP
    )

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "short_name", "type", "specialised_in_trafficking", "group", "correspondence_language",
            *ENTRY_FIELDS, "ech0010",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def validate_country(self, value: str) -> str:
        if not is_valid_country(value):
            raise serializers.ValidationError(_("Enter a two-letter country code such as CH."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = merge_address(attrs, given=self.initial_data)
        country = attrs.get("country", self.instance.country if self.instance else "CH")
        postal_code = attrs.get("postal_code", self.instance.postal_code if self.instance else "")
        if not is_valid_postal_code(country=country, postal_code=postal_code):
            raise serializers.ValidationError({"postal_code": _("A Swiss postal code has four digits.")})
        specialised = attrs.get(
            "specialised_in_trafficking", self.instance.specialised_in_trafficking if self.instance else False
        )
        if specialised and attrs.get("type", self.instance.type if self.instance else "") != Organisation.Type.NGO:
            raise serializers.ValidationError(
                {"specialised_in_trafficking": _("Only an NGO is marked as specialised in victims of trafficking.")}
            )
        return attrs


class ContactPersonSerializer(serializers.ModelSerializer[ContactPerson]):
    email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty.")

    class Meta:
        model = ContactPerson
        fields = ["id", "organisation", "name", "function", "phone", "email", "deputy", "is_permanent_representative"]
        read_only_fields = fields


class FederalContactSerializer(serializers.ModelSerializer[FederalContact]):
    email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty.")

    class Meta:
        model = FederalContact
        fields = ["id", "name", "function", "phone", "email"]
        read_only_fields = fields


class FederalPartnerSerializer(serializers.ModelSerializer[FederalPartner]):
    email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty.")
    contacts = FederalContactSerializer(many=True, read_only=True)
    ech0010 = ECH0010OrganisationMailAddressSerializer(
        source="*", read_only=True, from_record=_mail_address, help_text="The postal address as eCH-0010 v6.0."
    )

    class Meta:
        model = FederalPartner
        fields = ["id", "name", "short_name", *ENTRY_FIELDS, "ech0010", "contacts"]
        read_only_fields = fields


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=Organisation.Type.choices)
    group = django_filters.ChoiceFilter(choices=Organisation.Group.choices)

    class Meta:
        model = Organisation
        fields = ["type", "group"]


class OrganisationViewSet(
    SafeWritesMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Organisation]
):
    """Active organisations of this canton's round table; filter by `type` and `group`.
    Coordinators create and update them; OAuth2 clients only read."""

    serializer_class = OrganisationSerializer
    read_scopes = (Scope.DIRECTORY,)
    filterset_class = OrganisationFilter
    # Cursor pagination needs a unique ordering; names are unique per canton.
    ordering = "name"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @property
    def minimum_role(self) -> str:
        if self.request.method in SAFE_METHODS:
            return Membership.Role.MEMBER
        return Membership.Role.COORDINATOR

    def get_queryset(self) -> QuerySet[Organisation]:
        return directory_organisations()

    def perform_create(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        organisation = Organisation(**serializer.validated_data)
        picked = "group" in serializer.validated_data
        serializer.instance = actions.do_save_organisation(
            acting_user=self._acting_user(), organisation=organisation, group_picked=picked
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Organisation]) -> None:
        organisation = serializer.instance
        if organisation is None:
            raise exceptions.NotFound()
        for field, value in serializer.validated_data.items():
            setattr(organisation, field, value)
        picked = actions.group_was_picked(
            organisation=organisation, group_given=True, group_changed="group" in serializer.validated_data
        )
        actions.do_save_organisation(acting_user=self._acting_user(), organisation=organisation, group_picked=picked)

    def _acting_user(self) -> User:
        user = self.request.user
        # The role rank lets a canton admin past minimum_role; the directory right is the
        # coordinator's alone, as on the pages. Clients never pass the role rule of a write.
        if not isinstance(user, User) or not user.has_perm("partners.manage_directory"):
            raise exceptions.PermissionDenied()
        return user


class ContactPersonViewSet(SafeWritesMixin, viewsets.ReadOnlyModelViewSet[ContactPerson]):
    """Contact persons at the organisations of this canton; filter by `organisation`."""

    serializer_class = ContactPersonSerializer
    read_scopes = (Scope.DIRECTORY,)
    filterset_fields = ["organisation"]

    def get_queryset(self) -> QuerySet[ContactPerson]:
        return ContactPerson.objects.filter(organisation__is_active=True)


class FederalPartnerViewSet(SafeWritesMixin, viewsets.ReadOnlyModelViewSet[FederalPartner]):
    """Federal and inter-cantonal partners, the same in every canton."""

    serializer_class = FederalPartnerSerializer
    read_scopes = (Scope.DIRECTORY,)

    def get_queryset(self) -> QuerySet[FederalPartner]:
        return FederalPartner.objects.prefetch_related("contacts")

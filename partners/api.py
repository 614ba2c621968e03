"""The partner directory over the API: organisations of the current canton, read-only."""

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from .models import Organisation
from .queries import directory_organisations


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "type", "group"]
        read_only_fields = fields


class OrganisationFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=Organisation.Type.choices)
    group = django_filters.ChoiceFilter(choices=Organisation.Group.choices)

    class Meta:
        model = Organisation
        fields = ["type", "group"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """Active organisations of this canton's round table; filter by `type` and `group`."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    # Cursor pagination needs a unique ordering; names are unique per canton.
    ordering = "name"

    def get_queryset(self) -> QuerySet[Organisation]:
        return directory_organisations()

"""Read side of the federal statistics for the pages: releases, never the aggregates."""

from django.db.models import QuerySet
from django.http import Http404

from .models import Release


def open_data_releases() -> QuerySet[Release]:
    """The open-data releases, newest first: public to everyone."""
    return Release.objects.filter(kind=Release.Kind.OPEN_DATA).order_by("-created_at", "-pk")


def open_data_release(release_id: int) -> Release:
    """An open-data release by id; 404 for any other id, a dashboard release's included."""
    release = open_data_releases().filter(pk=release_id).first()
    if release is None:
        raise Http404
    return release

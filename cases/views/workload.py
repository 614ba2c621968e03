"""The workload page: a lead sees their organisation's caseworkers, a coordinator the canton."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ksmm.memberships.access import member_required
from ksmm.memberships.models import Membership

from ..workload import canton_load, organisation_load
from .common import membership_of


@member_required
def workload(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    today = timezone.localdate()
    context: dict[str, object]
    if membership.role == Membership.Role.LEAD:
        context = {"own": organisation_load(organisation=membership.organisation, today=today)}
    elif membership.role == Membership.Role.COORDINATOR:
        context = {"canton": canton_load(today=today)}
    else:
        raise PermissionDenied
    return render(request, "cases/workload.html", {**context, "organisation": membership.organisation})

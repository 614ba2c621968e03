"""My work: the start page after sign-in, composed of the sections the apps register."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ksmm.memberships.access import acting_user, member_required
from ksmm.memberships.models import Membership

from .sections import sections_for


@member_required
def my_work(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    today = timezone.localdate()
    sections = sections_for(membership=membership, user=acting_user(request), today=today)
    return render(request, "work/my_work.html", {"sections": sections, "today": today})

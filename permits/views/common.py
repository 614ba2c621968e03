"""What the residence pages and the review queue share."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from cases.models import Case
from ksmm.memberships.access import permission_required_here

REVIEW = "permits.review_requests"
reviewer_required = permission_required_here(REVIEW)


def membership_of(request: HttpRequest) -> Any:
    return request.membership  # type: ignore[attr-defined]


def today() -> Any:
    return timezone.localdate()


def to_case(case: Case) -> HttpResponse:
    return redirect("permits:case", case_id=case.pk)

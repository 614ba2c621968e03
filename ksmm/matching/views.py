"""The page an inbox item of a possible match links to: whom to call in the other canton."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.audit.actions import do_record_denied
from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton
from ksmm.memberships.access import member_required, membership_of
from ksmm.memberships.models import Membership

from .contacts import coordination_contact, is_canton


@member_required
def contact(request: HttpRequest, code: str) -> HttpResponse:
    """For the round-table coordinators of this canton only; any other canton than this one."""
    membership = membership_of(request)
    if membership is None or membership.role != Membership.Role.COORDINATOR:
        do_record_denied(actor=None, request=request, object_type="matching.contact", object_id=code[:2])
        raise PermissionDenied
    other = code != current_schema() and is_canton(code)
    if not other or not Canton.objects.filter(schema_name=code, is_active=True).exists():
        raise Http404
    return render(request, "matching/contact.html", {"contact": coordination_contact(code=code)})

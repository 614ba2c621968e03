"""What the case endpoints share: the caller and the person behind it."""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.request import Request

from ksmm.accounts.models import User
from ksmm.api.identity import Caller, caller_for


def caller_of(request: Request) -> Caller:
    caller = caller_for(request)
    if caller is None:
        raise Http404
    return caller


def person_or_none(request: Request) -> User | None:
    return request.user if isinstance(request.user, User) else None


def person_of(request: Request) -> User:
    if not isinstance(request.user, User):
        raise exceptions.PermissionDenied()
    return request.user

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ksmm.accounts.second_factor import passed_second_factor
from ksmm.memberships.access import membership_of


def home(request: HttpRequest) -> HttpResponse:
    """The start page of a canton host; a verified member of the canton goes on to "My work"
    (where LOGIN_REDIRECT_URL, "home", leads after sign-in: the federal host has its own home)."""
    if passed_second_factor(request.user) and membership_of(request) is not None:
        return redirect("work:mine")
    return render(request, "cantons/home.html")

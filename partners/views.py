from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ksmm.memberships.access import member_required

from .queries import directory_organisations


@member_required
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/directory.html", {"organisations": directory_organisations()})

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The start page of a canton host."""
    return render(request, "cantons/home.html")

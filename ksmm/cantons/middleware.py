"""Routing by host: each request runs inside one canton's schema or on the federal level."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_tenants.middleware.main import TenantMainMiddleware

from .hosts import canton_for_host
from .models import Canton, Domain

UI_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


class CantonMiddleware(TenantMainMiddleware):
    """Resolves the host to an active canton; unknown and inactive hosts get the 404 page."""

    def get_tenant(self, domain_model: type[Domain], hostname: str) -> Canton:
        canton = canton_for_host(hostname)
        if canton is None:
            raise domain_model.DoesNotExist
        return canton


class CantonLocaleMiddleware:
    """Chooses the interface language: the user's choice, else the canton's default.

    The federal level has no default of its own and follows the browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request) or default_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in UI_LANGUAGES:
        return str(user.language)
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in UI_LANGUAGES:
        return cookie
    return None


def default_language(request: HttpRequest) -> str:
    canton = getattr(request, "tenant", None)
    if isinstance(canton, Canton) and not canton.is_federal:
        if canton.default_language in UI_LANGUAGES:
            return canton.default_language
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)

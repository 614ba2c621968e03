"""`Cache-Control: no-store` on every answer of the application (DESIGN.md 9).

Case pages, identity over the API, PDFs and search results must stay neither in the browser's
cache nor in a proxy: after sign-out the back button would show them again. Every answer is
marked, signed in or not, whatever the view set: the few anonymous pages (sign-in, landing page)
gain nothing from a cache, and one rule leaves no route forgotten. Static files are served by
WhiteNoise above this middleware and keep their long cache, and so do the public documents
below: the same for everyone, with no data (RFC 8414 metadata).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

NO_STORE = "private, no-store, max-age=0"
# Paths whose answer is one public document, identical for every caller; their view sets the cache.
PUBLIC_DOCUMENTS = frozenset({"/.well-known/oauth-authorization-server"})


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path in PUBLIC_DOCUMENTS and response.status_code == 200:
            return response
        # Replaced, not patched: a "public" or a longer "max-age" from a view must not survive.
        response["Cache-Control"] = NO_STORE
        return response

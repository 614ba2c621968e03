"""Every endpoint of the API honours Idempotency-Key, ETag and If-Match."""

from django.urls import URLPattern, URLResolver, get_resolver

from ksmm.api.writes import SafeWritesMixin


def _api_views(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[tuple[str, type]]:
    found: list[tuple[str, type]] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _api_views(pattern.url_patterns, route)
        elif route.startswith("api/v1/"):
            view_class = getattr(pattern.callback, "cls", None)
            if view_class is not None:
                found.append((route, view_class))
    return found


def test_every_view_of_the_api_uses_the_safe_writes() -> None:
    views = _api_views(get_resolver("ksmm.urls_canton").url_patterns)
    assert len(views) >= 5
    missing = sorted({route for route, view_class in views if not issubclass(view_class, SafeWritesMixin)})
    assert missing == []

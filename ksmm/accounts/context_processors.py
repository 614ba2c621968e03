import time

from django.http import HttpRequest

from .session_policy import seconds_left


def session_expiry(request: HttpRequest) -> dict[str, object]:
    """Seconds until a signed-in session ends, for the warning shortly before (static/js/ksmm.js)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {"session_expires_in": seconds_left(request, now=time.time())}

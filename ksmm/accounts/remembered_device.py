"""django-otp's middleware, with the verified device remembered in the session.

django-otp loads the device from the database on every request; here the session keeps it
while the user's stamp holds, and removing or changing a device replaces that stamp.
"""

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from .frozen import freeze, thaw
from .stamps import stamps_for

DEVICE_KEY = "ksmm_device"
# Never the key or throttling state: those load from the database when a code is checked.
DEVICE_FIELDS = ("id", "user_id", "name", "confirmed")


class RememberedOTPMiddleware(OTPMiddleware):
    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = remembered_device(request, user_id=user.pk, persistent_id=persistent_id) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user


def remembered_device(request: HttpRequest, *, user_id: object, persistent_id: str) -> Device | None:
    """The device that verified this session, from the session while the stamps hold."""
    stamps = stamps_for(request, user_id=user_id)  # before any load: see stamps.bump
    kept = request.session.get(DEVICE_KEY)
    if kept and kept["id"] == persistent_id and kept["user"] == user_id and kept["stamps"] == stamps:
        device: Device = thaw(apps.get_model(kept["model"]), kept["fields"])
        return device
    loaded: Device | None = Device.from_persistent_id(OTPMiddleware._normalize_persistent_id(persistent_id))
    if loaded is not None and loaded.user_id == user_id and loaded.confirmed:
        request.session[DEVICE_KEY] = {
            "id": persistent_id,
            "user": user_id,
            "stamps": stamps,
            "model": loaded._meta.label_lower,
            "fields": freeze(loaded, only=DEVICE_FIELDS),
        }
    else:
        request.session.pop(DEVICE_KEY, None)
    return loaded

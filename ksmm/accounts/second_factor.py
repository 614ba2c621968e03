"""TOTP enrolment and verification, and one-time backup codes."""

import secrets

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import BackupCode, BackupCodeDevice, User, hash_backup_code

BACKUP_CODE_COUNT = 10
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (0/o, 1/l/i)


def passed_second_factor(user: object) -> bool:
    """True for a session verified by django-otp's middleware (it adds is_verified to the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled; the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def base32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def confirm_authenticator(*, request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms the enrolment when the code matches; returns fresh backup codes, else None."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = issue_backup_codes(user=device.user)
    complete_second_factor(request=request, device=device)
    return codes


def issue_backup_codes(*, user: User) -> list[str]:
    """Replaces the user's backup codes; the plain codes are shown once and never stored."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "backup codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = ["".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(10)) for _ in range(BACKUP_CODE_COUNT)]
    BackupCode.objects.bulk_create(
        BackupCode(device=device, salt=(salt := secrets.token_hex(16)), code_hash=hash_backup_code(code, salt=salt))
        for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def verify_second_factor(*, user: User, token: str) -> Device | None:
    """The authenticator or backup-code device that accepts `token`, if any (throttled)."""
    cleaned = token.strip().replace(" ", "")
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(cleaned):
            return device
    backup = BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
    if backup is not None and backup.verify_token(cleaned):
        return backup
    return None


def complete_second_factor(*, request: HttpRequest, device: Device) -> None:
    """Marks the session verified and gives it a new id."""
    otp_login(request, device)
    request.session.cycle_key()

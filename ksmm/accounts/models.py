import hashlib
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class FederalRole(models.TextChoices):
    """A person's place on the federal level (the bare host); none for everyone else."""

    ANALYST = "analyst", _("Federal analyst")
    ADMIN = "admin", _("Federal administrator")


class User(AbstractBaseUser, PermissionsMixin):  # type: ignore[django-manager-missing]
    """One global identity per person, logging in with an e-mail address.

    What the person may do in a canton is never stored here: it comes from their membership
    inside the canton of the current host. The federal level has no schema of its own for
    memberships, so its one question, the federal role, lives on the identity.
    """

    class InboxEmail(models.TextChoices):
        IMMEDIATE = "immediate", _("An e-mail for each new item, at once")
        DAILY_DIGEST = "daily_digest", _("One e-mail a day listing the unread items")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("interface language"),
        max_length=2,
        blank=True,
        help_text=_("Empty: the default language of the canton."),
    )
    inbox_email = models.CharField(
        _("e-mail about my inbox"),
        max_length=16,
        choices=InboxEmail.choices,
        default=InboxEmail.IMMEDIATE,
        db_default=InboxEmail.IMMEDIATE,
    )
    is_active = models.BooleanField(_("active"), default=True)
    federal_role = models.CharField(
        _("federal role"),
        max_length=8,
        choices=FederalRole.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Empty: no access to the federal level."),
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
            models.CheckConstraint(
                name="user_inbox_email_is_known", condition=models.Q(inbox_email__in=["immediate", "daily_digest"])
            ),
            models.CheckConstraint(
                name="user_federal_role_is_known", condition=models.Q(federal_role__in=["", *FederalRole.values])
            ),
            models.CheckConstraint(
                name="user_language_is_known", condition=models.Q(language__in=["", "de", "fr", "it", "en"])
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email


class BackupCodeDevice(ThrottlingMixin, Device):
    """One-time backup codes for a lost authenticator; only salted hashes are stored."""

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        candidate = normalise_backup_code(token)
        for code in self.codes.filter(used_at__isnull=True):
            if constant_time_compare(code.code_hash, hash_backup_code(candidate, salt=code.salt)):
                code.used_at = timezone.now()
                code.save(update_fields=["used_at"])
                self.throttle_reset()
                return True
        self.throttle_increment()
        return False


class BackupCode(models.Model):
    """A single backup code, usable once."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self) -> str:
        return f"backup code {self.pk}"


def normalise_backup_code(token: str) -> str:
    return "".join(ch for ch in token.lower() if ch.isalnum())


def hash_backup_code(code: str, *, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()

"""The federal level's own rows in the public schema: the federal and inter-cantonal partners every
canton sees, and the invitations of federal analysts and administrators."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import FederalRole
from ksmm.partners.entries import DirectoryEntry


class FederalPartner(DirectoryEntry):  # type: ignore[django-manager-missing]  # modeltranslation swaps the manager class at run time
    """A federal office, an international organisation or a national NGO every canton works with."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)

    class Meta(DirectoryEntry.Meta):
        ordering = ["name"]
        verbose_name = _("federal partner")
        verbose_name_plural = _("federal partners")
        constraints = [
            *DirectoryEntry.Meta.constraints,
            models.UniqueConstraint(fields=["name"], name="federal_partner_name_unique"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class FederalContact(models.Model):
    """A contact at a federal partner; a function mailbox is as good as a person."""

    partner = models.ForeignKey(
        FederalPartner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("federal partner")
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("federal contact")
        verbose_name_plural = _("federal contacts")

    def __str__(self) -> str:
        return self.name


class FederalInvitation(models.Model):
    """A one-time link that lets a person invited to the federal level choose a password.

    The role is granted with the invitation (the person cannot sign in before the password is
    set); only the token's hash is stored, as for canton invitations (ksmm/memberships).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=8, choices=FederalRole.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("federal invitation")
        verbose_name_plural = _("federal invitations")
        constraints = [
            models.CheckConstraint(name="federal_invitation_role_is_known", condition=Q(role__in=FederalRole.values)),
            models.CheckConstraint(
                name="federal_invitation_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))
            ),
        ]

    def __str__(self) -> str:
        return f"federal invitation {self.pk}"

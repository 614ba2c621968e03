"""Federal and inter-cantonal partners, kept once in the public schema and shown in every canton."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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

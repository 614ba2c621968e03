from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

# The scopes a client can be granted; OAUTH2_PROVIDER["SCOPES"] describes them.
KNOWN_SCOPES = tuple(settings.OAUTH2_PROVIDER["SCOPES"])


class ApiClient(models.Model):
    """A cantonal system calling the API for one organisation of this canton.

    Wraps one OAuth2 application. With client credentials the token has no user: the caller's
    identity is the organisation, and what it may do is limited by `scopes` (read scopes only).
    With an authorisation code, a member of `organisation` grants it some of `scopes` to act on
    their behalf (write scopes included); the token names that person.
    """

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="api_client",
        verbose_name=_("OAuth2 application"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="api_clients", verbose_name=_("organisation")
    )
    scopes = ArrayField(models.CharField(max_length=32), verbose_name=_("scopes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.CheckConstraint(
                name="api_client_scopes_known_and_not_empty",
                condition=Q(scopes__contained_by=list(KNOWN_SCOPES)) & Q(scopes__len__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"API client {self.pk} @ {self.organisation_id}"


class IdempotencyKey(models.Model):
    """A POST's `Idempotency-Key`, kept for a day: which caller sent it, for which request, and
    (once done) its status and the id of the object concerned. Never the response itself."""

    caller = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    request_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["caller", "key"], name="idempotency_key_unique_per_caller")]

    def __str__(self) -> str:
        return f"{self.caller}:{self.pk}"

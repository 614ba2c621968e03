"""How a referral by letter went out: one row per letter sent (a reminder is another row)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.current import PRINT_LANGUAGES

from .referrals import Referral


class ReferralDispatch(models.Model):
    """One dispatch of a referral's letter: how, when, by whom, and in which language."""

    class Method(models.TextChoices):
        POST = "post", _("By post")
        EMAIL = "email", _("By e-mail")
        BY_HAND = "by_hand", _("By hand")
        OTHER = "other", _("Other way")

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="dispatches", verbose_name=_("referral")
    )
    method = models.CharField(_("method of dispatch"), max_length=16, choices=Method.choices)
    sent_on = models.DateField(_("sent on"))
    language = models.CharField(_("language of the letter"), max_length=2)
    note = models.TextField(_("note"), blank=True)
    sent_by_user_id = models.BigIntegerField(_("sent by"), null=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["sent_on", "pk"]
        verbose_name = _("dispatch of a referral letter")
        verbose_name_plural = _("dispatches of referral letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["post", "email", "by_hand", "other"]), name="dispatch_method_known"
            ),
            models.CheckConstraint(condition=~Q(method="other") | ~Q(note=""), name="dispatch_other_explained"),
            models.CheckConstraint(condition=Q(language__in=list(PRINT_LANGUAGES)), name="dispatch_language_known"),
        ]

    def __str__(self) -> str:
        return f"dispatch {self.pk} of referral {self.referral_id}"

"""Deliveries of notices on the case timeline (core compartment: every party sees that and how the
victim was informed; the language stays with the identity compartment, on the notices page)."""

from collections.abc import Iterable
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.timeline import TimelineEntry
from ksmm.compartments import Compartment

from .models import NoticeDelivery


def delivery_entries(*, case: Case) -> Iterable[TimelineEntry]:
    url = reverse("notices:case", args=[case.pk])
    for delivery in NoticeDelivery.objects.filter(case=case).select_related("text__version__notice", "organisation"):
        when = timezone.make_aware(datetime.combine(delivery.delivered_on, time(12)))
        yield TimelineEntry(
            when=when,
            compartment=Compartment.CORE,
            title=_("Notice delivered: %(notice)s") % {"notice": delivery.text.version.notice.get_kind_display()},
            detail=_("%(method)s, by %(organisation)s; %(acknowledgement)s")
            % {
                "method": delivery.get_method_display(),
                "organisation": delivery.organisation,
                "acknowledgement": _("acknowledged") if delivery.acknowledged else _("not acknowledged"),
            },
            url=url,
        )

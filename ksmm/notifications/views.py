"""The inbox (deadline reminders and notifications of events), the choice of e-mail, and the
personal calendar feed with its secret address."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ksmm.cantons.current import current_schema
from ksmm.deadlines.queries import calendar_deadlines_for
from ksmm.memberships.access import acting_user, member_required, membership_for

from . import actions
from .calendar import calendar_feed
from .forms import InboxEmailForm
from .models import CalendarFeed
from .queries import inbox_for

PAGE_SIZE = 100


@member_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    reminders = inbox_for(user_id=user.pk)[:PAGE_SIZE]
    return render(
        request,
        "notifications/inbox.html",
        {"reminders": reminders, "email_form": InboxEmailForm(initial={"inbox_email": user.inbox_email})},
    )


@member_required
@require_POST
def inbox_email(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = InboxEmailForm(request.POST)
    if form.is_valid():
        actions.do_set_inbox_email(acting_user=user, inbox_email=form.cleaned_data["inbox_email"])
        messages.success(request, _("Your choice of e-mail has been saved."))
    else:
        messages.error(request, _("Choose how you want to receive e-mail."))
    return redirect("notifications:inbox")


@member_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("reminder", "")
    actions.do_mark_read(acting_user=acting_user(request), reminder_id=int(raw) if raw.isdigit() else None)
    return redirect("notifications:inbox")


@member_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    active = CalendarFeed.objects.filter(user=acting_user(request), revoked_at__isnull=True).first()
    token = request.session.pop("new_calendar_token", None)
    feed_url = request.build_absolute_uri(reverse("notifications:calendar_feed", args=[token])) if token else ""
    return render(request, "notifications/calendar.html", {"active": active, "feed_url": feed_url})


@member_required
@require_POST
def calendar_open(request: HttpRequest) -> HttpResponse:
    # Shown once on the next page, never logged or put in a redirect URL.
    request.session["new_calendar_token"] = actions.do_open_calendar_feed(acting_user=acting_user(request))
    messages.success(request, _("Your calendar address has been created. Copy it now: it is shown only once."))
    return redirect("notifications:calendar")


@member_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if actions.do_revoke_calendar_feed(acting_user=acting_user(request)):
        messages.success(request, _("Your calendar address no longer works."))
    return redirect("notifications:calendar")


@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The feed behind a secret address: 404 for an unknown or revoked token, as for a
    person who is no longer a member here."""
    owner = actions.feed_owner(token=token)
    membership = membership_for(owner) if owner is not None else None
    if owner is None or membership is None:
        raise Http404
    schema_name = current_schema()
    body = calendar_feed(
        deadlines=calendar_deadlines_for(organisation=membership.organisation),
        schema_name=schema_name,
        language=owner.language or get_language(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ksmm.accounts.second_factor import passed_second_factor
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.cantons.models import Canton
from ksmm.memberships.forms import SetPasswordForm
from ksmm.statistics.queries import latest_dashboard_release

from . import actions, onboarding, queries
from .access import federal_admin_required, federal_user
from .forms import FederalInvitationForm, OnboardingForm
from .roles import FederalRole, federal_role_of


def home(request: HttpRequest) -> HttpResponse:
    """The federal start page: the active cantons, each with a link to its own host; for a signed-in
    federal analyst, first the way to the statistics and the date of their latest release."""
    port = request.get_port()
    default_port = "443" if request.is_secure() else "80"
    suffix = "" if port == default_port else f":{port}"
    cantons = []
    for canton in Canton.objects.cantons().active().prefetch_related("domains"):
        primary = next((d.domain for d in canton.domains.all() if d.is_primary), None)
        if primary:
            cantons.append((canton, f"{request.scheme}://{primary}{suffix}/"))
    reads_statistics = federal_role_of(request.user) is not None and passed_second_factor(request.user)
    release = latest_dashboard_release() if reads_statistics else None
    return render(
        request,
        "federal/home.html",
        {"cantons": cantons, "reads_statistics": reads_statistics, "statistics_release": release},
    )


@federal_admin_required
def people(request: HttpRequest) -> HttpResponse:
    """Federal analysts and administrators; reading who they are is itself recorded."""
    do_record(actor=federal_user(request), action=AuditEntry.Action.READ, object_type="federal.people")
    return render(request, "federal/people.html", {"people": queries.federal_people()})


@federal_admin_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = FederalInvitationForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_invite_federal(
                acting_user=federal_user(request), email=data["email"], full_name=data["full_name"],
                role=FederalRole(data["role"]), language=data["language"],
            )  # fmt: skip
        except actions.FederalPeopleError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("federal:people")
    return render(request, "federal/invite.html", {"form": form})


@federal_admin_required
@require_POST
def revoke(request: HttpRequest, user_id: int) -> HttpResponse:
    person = queries.federal_person(user_id)
    if person is None:
        raise Http404
    try:
        actions.check_revoke_federal_role(acting_user=federal_user(request), user=person)
    except actions.FederalPeopleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The federal role has been revoked."))
    return redirect("federal:people")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.valid_federal_invitation(token)
    if invitation is None:
        return render(request, "federal/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_accept_federal_invitation(invitation=invitation, password=form.cleaned_data["password1"])
        messages.success(request, _("Your password is set. Sign in and set up your second factor."))
        return redirect("accounts:login")
    return render(request, "memberships/accept_invitation.html", {"form": form})


@federal_admin_required
def cantons(request: HttpRequest) -> HttpResponse:
    do_record(actor=federal_user(request), action=AuditEntry.Action.READ, object_type="federal.cantons")
    return render(request, "federal/cantons.html", {"states": onboarding.canton_states()})


@federal_admin_required
@require_http_methods(["GET", "POST"])
def onboard(request: HttpRequest) -> HttpResponse:
    initial = {"code": request.GET.get("code", "")[:2].upper(), "language": translation.get_language()}
    form = OnboardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            canton = onboarding.check_onboard_canton(
                acting_user=federal_user(request), code=data["code"], admin_email=data["admin_email"],
                admin_name=data["admin_name"], language=data["language"],
            )  # fmt: skip
        except onboarding.OnboardingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(canton)s is provisioned; the invitation to its first administrator has been sent.")
                % {"canton": canton.code},
            )
            return redirect("federal:cantons")
    return render(request, "federal/onboard.html", {"form": form})

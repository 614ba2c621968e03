from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import actions
from .access import acting_user, permission_required_here
from .forms import InvitationForm, MembershipForm, SetPasswordForm
from .models import Membership

people_manager_required = permission_required_here("memberships.manage_people")


def _membership_or_404(membership_id: int) -> Membership:
    membership = Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


@people_manager_required
def people(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.select_related("user", "organisation").order_by(
        "organisation__name", "user__email"
    )
    return render(request, "memberships/people.html", {"memberships": memberships})


@people_manager_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_invite(
                acting_user=acting_user(request), email=data["email"], full_name=data["full_name"],
                organisation=data["organisation"], role=data["role"], base_url=request.build_absolute_uri("/")[:-1],
            )  # fmt: skip
        except actions.InvitationError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("memberships:people")
    return render(request, "memberships/invite.html", {"form": form})


@people_manager_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(membership_id)
    initial = {"organisation": membership.organisation_id, "role": membership.role}
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_update_membership(
            acting_user=acting_user(request), membership=membership,
            organisation=form.cleaned_data["organisation"], role=form.cleaned_data["role"],
        )  # fmt: skip
        messages.success(request, _("The membership has been saved."))
        return redirect("memberships:people")
    return render(request, "memberships/edit.html", {"form": form, "membership": membership})


@people_manager_required
@require_POST
def set_active(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(membership_id)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot deactivate your own membership."))
        return redirect("memberships:people")
    active = request.POST.get("active") == "1"
    actions.do_set_membership_active(acting_user=acting_user(request), membership=membership, active=active)
    messages.success(request, _("Access enabled.") if active else _("Access ended."))
    return redirect("memberships:people")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.valid_invitation(token)
    if invitation is None:
        return render(request, "memberships/invitation_invalid.html", status=404)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_accept_invitation(invitation=invitation, password=form.cleaned_data["password1"])
        messages.success(request, _("Your password is set. Sign in and set up your second factor."))
        return redirect("accounts:login")
    return render(request, "memberships/accept_invitation.html", {"form": form})

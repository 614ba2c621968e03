"""The indicator catalogue: members read it, coordinators add and change the canton's own."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ksmm.memberships.access import acting_user, member_required, permission_required_here

from . import actions
from .forms import CantonalIndicatorForm
from .models import ExploitationForm, Indicator, Target
from .queries import cantonal_indicator, current_catalogue, dimensions_with_indicators

MANAGE = "identification.manage_catalogue"


@member_required
def catalogue(request: HttpRequest) -> HttpResponse:
    current = current_catalogue()
    target = request.GET.get("target", "")
    form = request.GET.get("form", "")
    target = target if target in Target.values else ""
    form = form if form in ExploitationForm.values else ""
    can_manage = request.user.has_perm(MANAGE)
    dimensions = dimensions_with_indicators(catalogue=current, active_only=not can_manage, target=target, form=form)
    return render(
        request,
        "identification/catalogue.html",
        {
            "catalogue": current,
            "dimensions": dimensions,
            "targets": [(value, label) for value, label in Target.choices if value != Target.ALL],
            "forms": [(value, label) for value, label in ExploitationForm.choices if value != ExploitationForm.BOTH],
            "target": target,
            "form": form,
            "can_manage": can_manage,
        },
    )


@permission_required_here(MANAGE)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int | None = None) -> HttpResponse:
    current = current_catalogue()
    instance: Indicator | None = None
    if indicator_id is not None:
        instance = cantonal_indicator(indicator_id=indicator_id)
        if instance is None:
            raise Http404
    form = CantonalIndicatorForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        catalogue=instance.catalogue if instance else current,
        required_language=getattr(getattr(request, "tenant", None), "default_language", "de"),
    )
    if request.method == "POST" and form.is_valid():
        actions.do_save_cantonal_indicator(acting_user=acting_user(request), indicator=form.save(commit=False))
        return redirect("identification:catalogue")
    status = 400 if form.is_bound else 200
    return render(request, "identification/indicator_form.html", {"form": form, "indicator": instance}, status=status)

"""The federal statistics' publishing page: counting runs, dashboard releases, open data.

Analysts and administrators see the runs and releases and may ask for a count now; only
administrators publish: a dashboard release with another threshold, or an open-data release
that spends privacy budget.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.federal.access import federal_admin_required, federal_member_required, federal_user
from ksmm.federal.roles import FederalRole, federal_role_of

from .models import CountingRun, Release
from .privacy import do_publish_open_data_release, spent_epsilon
from .publishing_forms import DashboardReleaseForm, OpenDataReleaseForm
from .runs import OVERDUE_AFTER, CountingRunningError, check_start_counting_run, do_request_dashboard_release

RUNS_SHOWN = 10


@federal_member_required
def publishing(request: HttpRequest) -> HttpResponse:
    do_record(actor=federal_user(request), action=AuditAction.READ, object_type="statistics.releases")
    return _page(request)


def _page(
    request: HttpRequest,
    *,
    dashboard_form: DashboardReleaseForm | None = None,
    open_data_form: OpenDataReleaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year = timezone.localdate().year
    runs = list(CountingRun.objects.order_by("-started_at", "-pk")[:RUNS_SHOWN])
    overdue_before = timezone.now() - OVERDUE_AFTER
    budget = float(settings.STATISTICS_EPSILON_PER_YEAR)
    spent = {y: spent_epsilon(year=y) for y in (year - 1, year)}
    budgets = [{"year": y, "spent": used, "left": max(budget - used, 0.0)} for y, used in spent.items()]
    context = {
        "runs": [(run, run.status == CountingRun.Status.RUNNING and run.started_at < overdue_before) for run in runs],
        "dashboard_releases": list(Release.objects.filter(kind=Release.Kind.DASHBOARD)[:5]),
        "open_data_releases": list(Release.objects.filter(kind=Release.Kind.OPEN_DATA)[:10]),
        "budget": budget,
        "budgets": budgets,
        "is_admin": federal_role_of(request.user) == FederalRole.ADMIN,
        "dashboard_form": dashboard_form
        or DashboardReleaseForm(initial={"threshold": settings.STATISTICS_SUPPRESSION_THRESHOLD}),
        "open_data_form": open_data_form or OpenDataReleaseForm(initial={"year": year - 1}),
    }
    return render(request, "statistics/publishing.html", context, status=status)


@federal_member_required
@require_POST
def count_now(request: HttpRequest) -> HttpResponse:
    """Counts every active canton now; the dashboard release follows when the last one is done."""
    try:
        run = check_start_counting_run(acting_user=federal_user(request))
    except CountingRunningError:
        messages.error(request, _("A count is already running. Wait until it is done."))
        return redirect("statistics_publishing:publishing")
    messages.success(
        request,
        _("The count of %(cantons)s cantons has started; the dashboard is updated when they are done.")
        % {"cantons": len(run.cantons_expected)},
    )
    return redirect("statistics_publishing:publishing")


@federal_admin_required
@require_POST
def publish_dashboard(request: HttpRequest) -> HttpResponse:
    """A dashboard release of the latest counts with the threshold given, built by the worker."""
    form = DashboardReleaseForm(request.POST)
    if not form.is_valid():
        return _page(request, dashboard_form=form, status=400)
    do_request_dashboard_release(threshold=form.cleaned_data["threshold"], acting_user=federal_user(request))
    messages.success(request, _("The dashboard release is being built; it appears here in a minute."))
    return redirect("statistics_publishing:publishing")


@federal_admin_required
@require_POST
def publish_open_data(request: HttpRequest) -> HttpResponse:
    """An open-data release of one year, charged to that year's privacy budget."""
    form = OpenDataReleaseForm(request.POST)
    if form.is_valid():
        try:
            release = do_publish_open_data_release(
                year=form.cleaned_data["year"], epsilon=form.cleaned_data["epsilon"], acting_user=federal_user(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Open-data release %(number)s is published.") % {"number": release.pk})
            return redirect("statistics_publishing:publishing")
    return _page(request, open_data_form=form, status=400)

"""URLs under /api/ on a canton host."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth2_views
from rest_framework.routers import SimpleRouter

from cases.api import CaseViewSet, ReferralViewSet
from cases.identification.api import AssessmentsView, ChecklistView, IndicatorViewSet
from cases.steps.api import urlpatterns as step_urlpatterns
from ksmm.accounts.api import MeView
from partners.api import ContactPersonViewSet, FederalPartnerViewSet, OrganisationViewSet
from roundtables.api import AgreementViewSet

from .problems import NotFoundView

v1 = SimpleRouter()
v1.register("organisations", OrganisationViewSet, basename="organisation")
v1.register("contacts", ContactPersonViewSet, basename="contact")
v1.register("federal-partners", FederalPartnerViewSet, basename="federal-partner")
v1.register("agreements", AgreementViewSet, basename="agreement")
v1.register("cases", CaseViewSet, basename="case")
v1.register("referrals", ReferralViewSet, basename="referral")
v1.register("indicators", IndicatorViewSet, basename="indicator")

v1_urlpatterns = [
    path("me", MeView.as_view(), name="me"),
    *v1.urls,
    path("cases/<int:case_id>/checklist/", ChecklistView.as_view(), name="case-checklist"),
    path("cases/<int:case_id>/assessments/", AssessmentsView.as_view(), name="case-assessments"),
    *step_urlpatterns,
]

app_name = "api"
urlpatterns = [
    path("v1/", include(v1_urlpatterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Client credentials only: no authorisation or application-management views.
    path("oauth/token/", oauth2_views.TokenView.as_view(), name="token"),
    path("oauth/revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    re_path(r"^.*$", NotFoundView.as_view()),
]

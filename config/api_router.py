"""URLs under /api/ on a canton host."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth2_views
from rest_framework.routers import SimpleRouter

from cases.api.cases import CaseViewSet
from cases.api.changes import ChangeFeedView
from cases.api.referrals import ReferralViewSet
from cases.attachments.api import AttachmentDownload, AttachmentList
from cases.identification.api import AssessmentsView, ChecklistView, IndicatorViewSet
from cases.operations.api import OperationViewSet
from cases.steps.api import urlpatterns as step_urlpatterns
from cases.transfers.api import TransferViewSet
from ksmm.accounts.api import MeView
from ksmm.api.consent import ConsentView
from ksmm.api.problems import NotFoundView
from ksmm.api.token import LockingTokenView
from ksmm.deadlines.api import DeadlineViewSet
from ksmm.notifications.api import InboxViewSet
from ksmm.partners.api import ContactPersonViewSet, FederalPartnerViewSet, OrganisationViewSet
from notices.api import CaseNoticeDeliveryList, NoticeViewSet
from permits.api import PermitRequestViewSet, ReflectionPeriodViewSet
from roundtables.agreements.api import (
    AgreementSectionViewSet,
    AgreementViewSet,
    PartnerDutyViewSet,
    SharingRuleViewSet,
    SignatoryViewSet,
)
from roundtables.round_tables.api import (
    ActionItemViewSet,
    DecisionViewSet,
    MeetingViewSet,
    RoundTableMemberViewSet,
    RoundTableViewSet,
)


class SchemaView(SpectacularAPIView):
    read_scopes = ()  # the description of the API, not data: every client may read it


class DocsView(SpectacularSwaggerSplitView):
    read_scopes = ()


v1 = SimpleRouter()
v1.register("organisations", OrganisationViewSet, basename="organisation")
v1.register("contacts", ContactPersonViewSet, basename="contact")
v1.register("federal-partners", FederalPartnerViewSet, basename="federal-partner")
v1.register("agreements", AgreementViewSet, basename="agreement")
v1.register("reflection-periods", ReflectionPeriodViewSet, basename="reflection-period")
v1.register("permit-requests", PermitRequestViewSet, basename="permit-request")
v1.register("notices", NoticeViewSet, basename="notice")
v1.register("cases", CaseViewSet, basename="case")
v1.register("referrals", ReferralViewSet, basename="referral")
v1.register("transfers", TransferViewSet, basename="transfer")
v1.register("operations", OperationViewSet, basename="operation")
v1.register("agreement-sections", AgreementSectionViewSet, basename="agreement-section")
v1.register("agreement-duties", PartnerDutyViewSet, basename="agreement-duty")
v1.register("agreement-signatories", SignatoryViewSet, basename="agreement-signatory")
v1.register("sharing-rules", SharingRuleViewSet, basename="sharing-rule")
v1.register("round-tables", RoundTableViewSet, basename="round-table")
v1.register("round-table-members", RoundTableMemberViewSet, basename="round-table-member")
v1.register("meetings", MeetingViewSet, basename="meeting")
v1.register("decisions", DecisionViewSet, basename="decision")
v1.register("action-items", ActionItemViewSet, basename="action-item")
v1.register("deadlines", DeadlineViewSet, basename="deadline")
v1.register("inbox", InboxViewSet, basename="inbox")
v1.register("indicators", IndicatorViewSet, basename="indicator")

v1_urlpatterns = [
    path("me", MeView.as_view(), name="me"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path(
        "cases/<int:case_id>/notice-deliveries/",
        CaseNoticeDeliveryList.as_view(),
        name="case-notice-deliveries",
    ),
    *v1.urls,
    path("cases/<int:case_id>/checklist/", ChecklistView.as_view(), name="case-checklist"),
    path("cases/<int:case_id>/assessments/", AssessmentsView.as_view(), name="case-assessments"),
    *step_urlpatterns,
    path("cases/<int:case_id>/attachments/", AttachmentList.as_view(), name="case-attachment-list"),
    path(
        "cases/<int:case_id>/attachments/<int:pk>/download/",
        AttachmentDownload.as_view(),
        name="case-attachment-download",
    ),
]

app_name = "api"
urlpatterns = [
    path("v1/", include(v1_urlpatterns)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    # Client credentials, and authorisation code (PKCE) for systems acting for a person; no
    # application-management views (clients are created with `manage.py api_client`).
    path("oauth/authorize/", ConsentView.as_view(), name="authorize"),
    path("oauth/token/", LockingTokenView.as_view(), name="token"),
    path("oauth/revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="revoke-token"),
    re_path(r"^.*$", NotFoundView.as_view()),
]

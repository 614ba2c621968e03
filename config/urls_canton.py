"""URLs of a canton host (zh.<host>)."""

from django.urls import include, path

from ksmm.api.pages import authorization_server_metadata
from ksmm.cantons import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("accounts/connected-systems/", include("ksmm.api.urls")),
    path("accounts/", include("ksmm.accounts.urls")),
    path(".well-known/oauth-authorization-server", authorization_server_metadata, name="oauth-metadata"),
    path("partners/", include("ksmm.partners.urls")),
    path("manage/", include("ksmm.memberships.urls")),
    path("roundtable/", include("roundtables.urls")),
    path("notices/", include("notices.urls")),
    path("cases/", include("cases.urls")),
    path("", include("cases.transfers.urls")),
    path("audit/", include("ksmm.audit.urls")),
    path("webhooks/", include("ksmm.webhooks.urls")),
    path("residence/", include("permits.urls")),
    path("deadlines/", include("ksmm.deadlines.urls")),
    path("inbox/", include("ksmm.notifications.urls")),
    path("matching/", include("ksmm.matching.urls")),
    path("work/", include("ksmm.work.urls")),
    path("statistics/", include("ksmm.statistics.urls")),
    path("", include("cases.identification.urls")),
    path("cases/<int:case_id>/steps/", include("cases.steps.urls")),
    path("operations/", include("cases.operations.urls")),
    path("cases/<int:case_id>/attachments/", include("cases.attachments.urls")),
    path("cases/<int:case_id>/proceedings/", include("cases.proceedings.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("config.api_router")),
]

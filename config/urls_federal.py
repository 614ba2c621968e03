"""URLs of the federal level on the bare host."""

from django.urls import include, path

from ksmm.cantons import health
from ksmm.federal import views
from ksmm.observability.views import metrics

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    # Prometheus' default path, without a slash; bare host only, behind a bearer token.
    path("metrics", metrics, name="metrics"),
    path("accounts/", include("ksmm.accounts.urls")),
    path("federal/", include("ksmm.federal.urls")),
    path("statistics/", include("ksmm.statistics.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("open-data/", include("ksmm.statistics.opendata_urls")),
    path("statistics/releases/", include("ksmm.statistics.publishing_urls")),
]

"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from agencies.accounts.views import password_reset
from qms_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/two-factor/", include("agencies.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agencies/", include("agencies.urls")),
    path("decisions/", include("objectives.urls")),
    path("print/", include("objectives.printing.urls")),
    path("signing/", include("objectives.signing.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "qms_portal.errors.bad_request"
handler403 = "qms_portal.errors.forbidden"
handler404 = "qms_portal.errors.not_found"
handler500 = "qms_portal.errors.server_error"

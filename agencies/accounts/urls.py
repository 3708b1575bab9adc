"""URLs of the two-factor pages."""

from django.urls import path

from agencies.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.two_factor_setup, name="two-factor-setup"),
    path("verify/", views.two_factor_verify, name="two-factor-verify"),
    path("qr.svg", views.two_factor_qr, name="two-factor-qr"),
]

"""URLs of the management review, included in the reports namespace (reports/urls.py)."""

from django.urls import path

from reports.review import sign_views, views

urlpatterns = [
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/new/<int:agency_pk>/", views.review_new, name="review-new"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("reviews/<int:pk>/compile/", views.review_compile, name="review-compile"),
    path("reviews/<int:pk>/step/<str:step>/", views.review_step, name="review-step"),
    path("reviews/<int:pk>/decisions/", views.decision_add, name="review-decision-add"),
    path("reviews/decisions/<int:pk>/edit/", views.decision_edit, name="review-decision-edit"),
    path("reviews/decisions/<int:pk>/delete/", views.decision_delete, name="review-decision-delete"),
    path("reviews/decisions/<int:pk>/action/", views.decision_action, name="review-decision-action"),
    path("reviews/<int:pk>/print/<str:kind>/<str:fmt>/", views.review_print, name="review-print"),
    path("reviews/<int:pk>/signed/", views.signed_upload, name="review-signed-upload"),
    path("reviews/signed/<int:pk>/", views.signed_file, name="review-signed-file"),
    path("reviews/<int:pk>/fields/<str:kind>/", sign_views.fields_pdf, name="review-fields-pdf"),
    path("reviews/<int:pk>/server-sign/<str:kind>/", sign_views.server_sign, name="review-server-sign"),
]

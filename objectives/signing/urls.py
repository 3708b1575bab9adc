"""URLs of signed originals and signing exports."""

from django.urls import path

from objectives.signing import views

app_name = "signing"
urlpatterns = [
    path("decision/<int:pk>/original/", views.original_upload, name="original-upload"),
    path("original/<int:pk>/", views.original_detail, name="original"),
    path("original/<int:pk>/pdf/", views.original_file, name="original-file"),
    path("original/<int:pk>/recheck/", views.original_recheck, name="original-recheck"),
    path("decision/<int:pk>/fields/<str:part>/", views.fields_pdf, name="fields-pdf"),
    path("decision/<int:pk>/signed-copy/<str:part>/", views.signed_copy_pdf, name="signed-copy"),
]

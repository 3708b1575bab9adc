"""URLs of the agencies app."""

from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_tree, name="tree"),
    path("<int:pk>/", views.agency_detail, name="detail"),
]

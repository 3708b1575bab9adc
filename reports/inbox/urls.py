"""URLs of the inbox: notifications, their settings and the navigation badge."""

from django.urls import path

from reports.inbox import views

app_name = "inbox"
urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="open"),
    path("notifications/read/", views.notifications_read, name="read"),
    path("settings/", views.notification_settings, name="settings"),
    path("badge/", views.nav_badge, name="badge"),
]

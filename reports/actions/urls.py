"""URLs of the corrective action register, included in the reports namespace (reports/urls.py)."""

from django.urls import path

from reports.actions import views

urlpatterns = [
    path("actions/", views.register, name="action-register"),
    path("actions/new/<int:agency_pk>/", views.action_new, name="action-new"),
    path("actions/from-risk/<int:risk_pk>/", views.action_from_risk, name="action-from-risk"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/step/<str:step>/", views.action_step, name="action-step"),
    path("actions/<int:pk>/evidence/", views.evidence_upload, name="action-evidence-upload"),
    path("actions/evidence/<int:pk>/", views.evidence_download, name="action-evidence"),
]

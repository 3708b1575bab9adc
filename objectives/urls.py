"""URLs of the objectives app (decisions, the editor, workflow, cascade check)."""

from django.urls import path

from objectives import views
from objectives.risks.urls import urlpatterns as risk_urls

app_name = "objectives"
urlpatterns = [
    path("", views.decision_list, name="decision-list"),
    path("new/", views.decision_new, name="decision-new"),
    path("import/", views.decision_import, name="decision-import"),
    path("cascade/", views.cascade_check, name="cascade-check"),
    path("<int:pk>/", views.decision_detail, name="decision-detail"),
    path("<int:pk>/history/", views.decision_history, name="decision-history"),
    path("<int:pk>/editor/", views.decision_editor, name="decision-editor"),
    path("<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("<int:pk>/copy-previous/", views.decision_copy_previous, name="decision-copy-previous"),
    path("<int:pk>/objectives/delete/", views.objectives_bulk_delete, name="objectives-delete"),
    path("<int:pk>/sections/new/", views.section_form, name="section-new"),
    path("<int:pk>/sections/<int:section_pk>/", views.section_form, name="section-edit"),
    path("<int:pk>/objectives/new/", views.objective_form, name="objective-new"),
    path("<int:pk>/objectives/<int:objective_pk>/", views.objective_form, name="objective-edit"),
    path("<int:pk>/objectives/<int:objective_pk>/targets/new/", views.target_form, name="target-new"),
    path("<int:pk>/objectives/<int:objective_pk>/targets/<int:target_pk>/", views.target_form, name="target-edit"),
    path("<int:pk>/<str:kind>/<int:child_pk>/delete/", views.child_delete, name="child-delete"),
    path("<int:pk>/<str:kind>/<int:child_pk>/move/<str:direction>/", views.child_move, name="child-move"),
    path("<int:pk>/step/<str:step>/", views.decision_transition, name="decision-step"),
    path("<int:pk>/issue/", views.decision_issue, name="decision-issue"),
    path("<int:pk>/amend/", views.decision_amend, name="decision-amend"),
    path("<int:pk>/scan/", views.decision_scan, name="decision-scan"),
    path("<int:pk>/scan/upload/", views.decision_scan_upload, name="decision-scan-upload"),
    *risk_urls,  # the register of risks and opportunities (objectives/risks/)
]

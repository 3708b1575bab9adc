"""URLs of the risk and opportunity register, included in the objectives namespace (objectives/urls.py)."""

from django.urls import path

from objectives.risks import views

urlpatterns = [
    path("risks/", views.risk_home, name="risk-home"),
    path("risks/<int:agency_pk>/<int:year>/", views.register, name="risk-register"),
    path("risks/<int:agency_pk>/<int:year>/new/", views.item_new, name="risk-new"),
    path("risks/<int:agency_pk>/<int:year>/copy-forward/", views.copy_forward, name="risk-copy-forward"),
    path("risks/<int:agency_pk>/<int:year>/print.pdf", views.register_pdf, name="risk-pdf"),
    path("risks/<int:agency_pk>/<int:year>/export.xlsx", views.register_xlsx, name="risk-xlsx"),
    path("risks/item/<int:pk>/edit/", views.item_edit, name="risk-edit"),
    path("risks/item/<int:pk>/delete/", views.item_delete, name="risk-delete"),
]

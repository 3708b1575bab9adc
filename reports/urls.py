"""URLs of the reports app (progress reports, review, grid, dashboards, year-end report).

Lists and grids export to Excel with ?format=xlsx; the year-end report also with ?format=pdf."""

from django.urls import path

from reports import views
from reports.actions import urls as action_urls
from reports.review import urls as review_urls

app_name = "reports"
urlpatterns = [
    # selectors.report_url() builds "<agency>/<year>/<period>/" under this one: keep them together.
    path("", views.my_reports, name="my-reports"),
    path("<int:agency_pk>/<int:year>/<str:period>/", views.report, name="report"),
    path("<int:agency_pk>/<int:year>/<str:period>/accept/", views.report_accept, name="report-accept"),
    path("<int:agency_pk>/<int:year>/<str:period>/return/", views.report_return, name="report-return"),
    path("<int:agency_pk>/<int:year>/<str:period>/reopen/", views.report_reopen, name="report-reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("review/", views.review_queue, name="review-queue"),
    path("grid/", views.status_grid_home, name="status-grid-home"),
    path("grid/<int:agency_pk>/<int:year>/", views.status_grid, name="status-grid"),
    path("grid/<int:agency_pk>/<int:year>/remind/", views.grid_remind, name="grid-remind"),
    path("grid/<int:agency_pk>/<int:year>/<int:unit_pk>/<str:period>/", views.grid_cell, name="grid-cell"),
    path("due-dates/<int:agency_pk>/<int:year>/", views.due_dates, name="due-dates"),
    # The dashboard's units table builds "<agency>/<year>/" under dashboard-home: keep them together.
    path("dashboard/", views.dashboard_home, name="dashboard-home"),
    path("dashboard/<int:agency_pk>/<int:year>/", views.dashboard, name="dashboard"),
    path("year-end/<int:agency_pk>/<int:year>/", views.year_end, name="year-end"),
]
urlpatterns += action_urls.urlpatterns  # the corrective action register (reports/actions/)
urlpatterns += review_urls.urlpatterns  # the management review (reports/review/)

"""URLs of the print pages: decision PDFs and Word files, batches, signature and seal images."""

from django.urls import path

from objectives.printing import views

app_name = "print"
urlpatterns = [
    path("decision/<int:pk>/", views.decision_print, name="decision"),
    path("decision/<int:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
    path("decision/<int:pk>/appendix/pdf/", views.appendix_pdf, name="appendix-pdf"),
    path("decision/<int:pk>/docx/", views.decision_docx, name="decision-docx"),
    path("batches/", views.batch_index, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch-progress"),
    path("batches/<int:pk>/<str:step>/", views.batch_control, name="batch-control"),
    path("batches/<int:pk>/download/<str:kind>/", views.batch_file, name="batch-file"),
    path("agency/<int:pk>/images/", views.print_images, name="images"),
    path("images/<int:pk>/png/", views.print_image_file, name="image"),
    path("images/<int:pk>/delete/", views.print_image_remove, name="image-delete"),
]

from django.urls import path

from progress import views

urlpatterns = [
    path("initiatives/<uuid:uid>/", views.initiative_progress, name="initiative_progress"),
    path("progress/<slug:slug>/", views.rounds_index, name="progress_rounds"),
    path(
        "progress/<slug:slug>/export/<slug:fmt>/",
        views.network_progress_export,
        name="progress_export",
    ),  # fmt: skip
    path("progress/<slug:slug>/rounds/<int:year>/", views.round_report, name="round_report"),
    path(
        "progress/<slug:slug>/rounds/<int:year>/report.<slug:fmt>",
        views.round_report,
        name="round_report_file",
    ),  # fmt: skip
]

from django.urls import path

from accounts.views import ThrottledPasswordResetView

# Mounted before Wagtail's admin URLs so that its reset form is the throttled one.
urlpatterns = [
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),  # fmt: skip
]

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import urls as accounts_urls
from api import views as api_views
from api.routes import api
from events import views as event_views
from networks import admin_urls
from networks import views as network_views
from portal import views as portal_views
from search import network_views as overlap_network_views
from search import views as overlap_views

urlpatterns = [
    path("", include(accounts_urls)),  # the throttled password reset, before Wagtail's
    path("admin/", include(admin_urls)),  # scoped versions of a few Wagtail admin views
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/reset_form.html",
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("cities/<str:slug>/", network_views.city_detail, name="city_detail"),
    path("networks/<slug:slug>/join/", network_views.join_request, name="join_request"),
    path("cities/<str:slug>/overlaps/", overlap_views.city_overlaps_view, name="city_overlaps"),
    path("search/", portal_views.search, name="search"),
    path("overlaps/<int:pk>/curate/", overlap_network_views.curate_pair, name="curate_pair"),
    path(
        "collaborations/<int:pk>/",
        overlap_network_views.collaboration_detail,
        name="collaboration_detail",
    ),
    path("initiatives/<uuid:uid>/follow/", overlap_views.follow_view, name="follow"),
    path("events/", event_views.events_index, name="events"),
    path(
        "registrations/cancel/<str:token>/",
        event_views.cancel_by_link,
        name="registration_cancel_link",
    ),
    path("calendar.ics", event_views.calendar_all, name="calendar_all"),
    path("calendar/<slug:slug>.ics", event_views.calendar_network, name="calendar_network"),
    path("calendar/events/<int:pk>.ics", event_views.calendar_event, name="calendar_event"),
    path("api/v1/", api.urls),
    path("accounts/tokens/", api_views.tokens, name="api_tokens"),
    path("sitemap.xml", sitemap),
    path("", include("progress.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.errors.server_error"

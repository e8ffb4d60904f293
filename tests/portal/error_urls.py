"""The portal's URLs plus one view that fails, for tests/portal/test_error_reporting.py."""

from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *portal_urlpatterns]
__all__ = ["handler500", "urlpatterns"]

"""sitemap.xml gives the portal's real address and public pages only (issue 19: it listed
``http://localhost/``)."""

import re

import pytest
from wagtail.models import Site

from core.site_url import point_default_site, site_address
from networks.models import NetworkPage

pytestmark = pytest.mark.django_db


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_sitemap_uses_the_configured_address_and_lists_only_public_pages(client, settings):
    urls = locations(client)  # the demo loader set the Site from WAGTAILADMIN_BASE_URL
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" in urls
    assert all(u.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/") for u in urls)
    assert not [u for u in urls if "localhost" in u]
    members = NetworkPage.objects.get(visibility=NetworkPage.Visibility.MEMBERS)
    public = NetworkPage.objects.get(visibility=NetworkPage.Visibility.PUBLIC)
    assert not [u for u in urls if f"/{members.slug}/" in u]
    assert len([u for u in urls if f"/{public.slug}/" in u]) > 10

    point_default_site(Site, "https://portal.wego.example")  # what the data migration does
    urls = locations(client)
    assert "https://portal.wego.example/" in urls
    assert all(u.startswith("https://portal.wego.example/") for u in urls)


def test_site_address_reads_host_and_port():
    assert site_address("https://portal.wego.example") == ("portal.wego.example", 443)
    assert site_address("http://127.0.0.1:8000/") == ("127.0.0.1", 8000)
    with pytest.raises(ValueError):
        site_address("portal.wego.example")


def test_a_first_migrate_before_the_cache_table_exists_still_sets_the_address(settings):
    # Production's recipe runs `migrate` before `createcachetable`: the data migration that sets
    # the address must not touch a database cache that has no table yet.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "cache_table_not_created_yet"}}  # fmt: skip
    point_default_site(Site, "https://portal.example.org")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.org", 443)

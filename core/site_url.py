"""The portal's public address (``WAGTAILADMIN_BASE_URL``) as Wagtail's default Site needs it.

Wagtail builds absolute URLs (sitemap.xml, ``full_url`` in emails) from the Site's hostname and
port, not from settings; a Site left at ``localhost:80`` puts ``http://localhost/`` in the
sitemap search engines read."""

from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connection
from wagtail.models import Site


def site_address(base_url: str) -> tuple[str, int]:
    """(hostname, port) of a base URL: ``https://portal.example`` → ("portal.example", 443)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Not an http(s) URL: “{base_url}”")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def point_default_site(site_model, base_url: str) -> None:
    """Give the default Site the address of ``base_url`` (a migration passes its own model)."""
    hostname, port = site_address(base_url)
    site_model.objects.filter(is_default_site=True).update(hostname=hostname, port=port)
    if _cache_ready():
        Site.clear_site_root_paths_cache()  # else the old address is served from the cache


def _cache_ready() -> bool:
    # A first `migrate` of a production database runs before `createcachetable`: the database
    # cache has no table yet, and nothing in it to clear.
    backend = caches["default"]
    if not isinstance(backend, DatabaseCache):
        return True
    return backend._table in connection.introspection.table_names()

"""What a web worker loads before it serves its first visitor (``gunicorn.conf.py`` runs this
as gunicorn boots each worker): every URL and view module, the compiled templates, the pair
model, the sentence encoders and the overlap engine's corpus. Loaded lazily instead, the first
site search of each worker waited 14-25 s for the encoders."""

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.template.loader import get_template
from django.urls import get_resolver

from events.site_search import similar_initiatives
from search.pair_model import get_model

log = logging.getLogger(__name__)


def _templates() -> None:
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(str(path.relative_to(folder)))  # compiled once, kept by the loader


def _site_search() -> None:
    # Loads the encoders, the language centroids and the engine's corpus.
    similar_initiatives(user=AnonymousUser(), query="warm up the sentence encoders")


STEPS: list[Callable[[], object]] = [
    lambda: get_resolver().resolve("/"),  # imports the URL conf and every view module
    _templates,
    get_model,
    _site_search,
]


def warm_up(*, alive: Callable[[], None] = lambda: None) -> float:
    """Load everything a first request would, calling ``alive`` after each step (gunicorn's
    heartbeat, so a slow boot is not taken for a hung worker); returns the seconds taken."""
    start = time.perf_counter()
    for step in STEPS:
        try:
            step()
        except Exception:  # e.g. the database is down: the first request will load it instead
            log.warning("worker warm-up step failed", exc_info=True)
        alive()
    connections.close_all()  # the worker opens its own when it serves
    seconds = time.perf_counter() - start
    log.info("worker warmed up in %.1f s", seconds)
    return seconds

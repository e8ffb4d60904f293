from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests never touch a developer's index on the same node, nor each other's under pytest-xdist
# (each worker has its own database with its own demo, so its own index too).
ELASTICSEARCH_INDEX_PREFIX = "-".join(
    filter(None, ["portal-test", __import__("os").environ.get("PYTEST_XDIST_WORKER", "")])
)
# A deterministic stand-in for the embedding model; tests about meaning take `real_embedder`.
OVERLAP_EMBEDDER = "tests.fakes.hashed_embeddings"
# The pair model the suite's pages are written against: a fixed copy, so that retraining the
# shipped model (search/overlap_model.json) on new judgments does not move which pairs of the
# fake embedder's demo are stored; a developer's retrained model (var/) stays out too. Tests
# about meaning take `real_embedder`, which uses the shipped model.
OVERLAP_MODEL_PATH = str(BASE_DIR / "tests" / "overlap_model.json")  # noqa: F405

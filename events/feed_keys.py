"""Calendar keys: feed-only, read-only secrets for the events' iCalendar URLs."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class FeedKey(models.Model):
    """A secret for calendar URLs (``?key=``): opens the owner's iCalendar feeds, nothing else.
    Calendar URLs end up in logs and calendar providers, so this is not an API token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="feed_keys")  # fmt: skip
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "events"
        db_table = "api_feedkey"  # made by the api app, which owned it first
        verbose_name = "calendar key"

    def __str__(self) -> str:
        return f"calendar key {self.prefix}…"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

    @classmethod
    def create_key(cls, *, user) -> tuple["FeedKey", str]:
        key = "cal_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, key_hash=cls.hash(key), prefix=key[:10]), key

    @classmethod
    def user_for(cls, key: str):
        """The active owner of a live key, else None."""
        found = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash(key), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        cls.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found.user

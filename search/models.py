"""Overlaps between initiatives, the index outbox and the embedded engine's store."""

from django.conf import settings
from django.db import models


class Overlap(models.Model):
    """A pair of initiatives of different cities; ``a`` has the smaller uid."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    a = models.ForeignKey(
        "action_plans.Initiative", on_delete=models.CASCADE, related_name="overlaps_as_a"
    )
    b = models.ForeignKey(
        "action_plans.Initiative", on_delete=models.CASCADE, related_name="overlaps_as_b"
    )
    score = models.FloatField()
    reasons = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUGGESTED)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The analysed terms of both texts when a coordinator decided, to tell a material change.
    decided_terms = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="unique_overlap_pair")]
        indexes = [models.Index(fields=["state", "-score"])]
        ordering = ["-score"]

    def __str__(self) -> str:
        a, b = self.a, self.b
        return f"{a.plan.city.name}: {a} ↔ {b.plan.city.name}: {b} ({self.score:.2f})"


class IndexOutbox(models.Model):
    """A plan whose initiatives must be brought into the index; written in the same
    transaction as the change, deleted only once the index confirmed it."""

    plan_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"plan {self.plan_id} (attempts: {self.attempts})"


class EmbeddedDoc(models.Model):
    """The embedded engine's persistent store (one row per indexed initiative)."""

    doc_id = models.CharField(max_length=64, unique=True)
    city_id = models.BigIntegerField()
    network_id = models.BigIntegerField(db_index=True)
    plan_id = models.BigIntegerField(db_index=True)
    published = models.BooleanField(default=False)
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    terms = models.JSONField(default=list)
    vector = models.BinaryField(null=True)
    focus_areas = models.JSONField(default=list)
    sdgs = models.JSONField(default=list)
    horizon = models.CharField(max_length=10, blank=True)
    stage = models.CharField(max_length=14, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class EmbeddingCache(models.Model):
    """Embeddings by text hash, so a rebuild does not embed unchanged texts again."""

    text_hash = models.CharField(max_length=40, primary_key=True)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return self.text_hash

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

    class Tier(models.TextChoices):
        SAME_APPROACH = "same_approach", "Same approach"
        SAME_CHALLENGE = "same_challenge", "Same challenge"

    # The calibrated likelihood that a coordinator would confirm the pair in its tier.
    score = models.FloatField()
    tier = models.CharField(max_length=14, choices=Tier.choices, default=Tier.SAME_APPROACH)
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
        indexes = [
            models.Index(fields=["state", "-score"]),
            models.Index(fields=["tier", "state", "-score"]),
        ]
        ordering = ["tier", "-score"]

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
    solution_types = models.JSONField(default=list)
    language = models.CharField(max_length=8, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class EmbeddedStoreState(models.Model):
    """One row whose token changes with every write to the embedded store, so that each
    process knows in one primary-key read whether its in-memory copy is current (a count and
    a maximum over the store cost 250 ms at 100,000 rows)."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token


class LanguageCentroid(models.Model):
    """A language's mean raw embedding over the indexed initiatives (shrunk towards the shipped
    mean for languages with few texts); recomputed by a rebuild, used to centre vectors."""

    language = models.CharField(max_length=8, primary_key=True)
    vector = models.BinaryField()
    texts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.language} ({self.texts} texts)"


class EmbeddingCache(models.Model):
    """Embeddings by text hash, so a rebuild does not embed unchanged texts again."""

    text_hash = models.CharField(max_length=40, primary_key=True)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return self.text_hash


class Collaboration(models.Model):
    """Overlapping initiatives a coordinator promotes toward a joint project."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped"

    network = models.ForeignKey(
        "networks.NetworkPage", on_delete=models.CASCADE, related_name="collaborations"
    )
    title = models.CharField(max_length=200)
    lead_city = models.ForeignKey(
        "networks.City", on_delete=models.PROTECT, related_name="led_collaborations"
    )
    cities = models.ManyToManyField("networks.City", related_name="collaborations")
    initiatives = models.ManyToManyField("action_plans.Initiative", related_name="collaborations")
    overlaps = models.ManyToManyField(Overlap, blank=True, related_name="collaborations")
    next_steps = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Follow(models.Model):
    """A user follows one of their city's initiatives to hear of new overlaps with it."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "At once"
        WEEKLY = "weekly", "Weekly digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    initiative = models.ForeignKey(
        "action_plans.Initiative", on_delete=models.CASCADE, related_name="followers"
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "initiative"], name="unique_follow")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.initiative}"


class OverlapAlert(models.Model):
    """A new overlap with a followed initiative, waiting for (or done with) its email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    overlap = models.ForeignKey(Overlap, on_delete=models.CASCADE, related_name="alerts")
    followed = models.ForeignKey(
        "action_plans.Initiative", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "overlap"], name="unique_overlap_alert")
        ]

    def __str__(self) -> str:
        return f"alert for {self.user}: {self.overlap_id}"

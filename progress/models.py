"""Progress of initiatives (dated updates with indicators) and the annual monitoring round."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin


class ProgressStage(models.TextChoices):
    IDEA = "idea", "Idea"
    PLANNING = "planning", "Planning"
    IMPLEMENTING = "implementing", "Implementing"
    OPERATING = "operating", "Operating"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class ProgressUpdate(RevisionMixin, ClusterableModel):
    """A dated report on one initiative, tied to its stable uid so that it survives plan
    edits, revisions and re-imports. Only an approved update changes the stage shown."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    initiative_uid = models.UUIDField(db_index=True, editable=False)
    # Copied from the initiative when saved: who may read and edit it follows from these.
    city = models.ForeignKey(
        "networks.City", on_delete=models.PROTECT, related_name="+", editable=False
    )
    network = models.ForeignKey(
        "networks.NetworkPage", on_delete=models.CASCADE, related_name="+", editable=False
    )
    initiative_title = models.CharField(max_length=255, editable=False)
    date = models.DateField(help_text="The day the update reports on.")
    stage = models.CharField(max_length=14, choices=ProgressStage.choices)
    completion = models.PositiveSmallIntegerField(
        "completion (%)", null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    narrative = models.TextField(blank=True, help_text="What was done, what blocks it.")
    funding_secured = models.TextField(blank=True)
    partners_engaged = models.TextField(blank=True)
    source_url = models.URLField(blank=True, max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("initiative"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("stage"), FieldPanel("completion")]),
        FieldPanel("narrative"),
        FieldPanel("funding_secured"),
        FieldPanel("partners_engaged"),
        FieldPanel("source_url"),
        InlinePanel("indicators", heading="Indicators", label="Indicator"),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative_uid", "date"], name="unique_progress_update_per_day"
            )
        ]
        indexes = [models.Index(fields=["network", "status", "date"])]

    def __str__(self) -> str:
        return f"{self.initiative_title} ({self.date:%Y-%m-%d})"

    @property
    def initiative(self):
        from action_plans.models import Initiative

        return Initiative.objects.filter(uid=self.initiative_uid).select_related("plan").first()

    def clean(self):
        super().clean()
        if self.stage == ProgressStage.COMPLETED and self.completion not in (None, 100):
            raise ValidationError({"completion": "A completed initiative is 100% complete."})


class ProgressIndicator(Orderable):
    """One indicator's value in a year, as an update reports it."""

    update = ParentalKey(ProgressUpdate, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. %, units, households")
    baseline = models.DecimalField(max_digits=18, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(max_digits=18, decimal_places=3, null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    value = models.DecimalField(max_digits=18, decimal_places=3)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("value")]),
    ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}: {self.value} {self.unit}".strip()


class MonitoringRound(models.Model):
    """A network's annual reporting round: its member cities' editors report their progress
    for ``year`` by ``deadline``; closing it publishes the monitoring report."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    network = models.ForeignKey(
        "networks.NetworkPage", on_delete=models.CASCADE, related_name="monitoring_rounds"
    )
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    deadline = models.DateField()
    message = models.TextField(blank=True, help_text="Added to the invitation email.")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_reminder_on = models.DateField(null=True, blank=True)

    panels = [MultiFieldPanel([FieldPanel("year"), FieldPanel("deadline"), FieldPanel("message")])]

    class Meta:
        ordering = ["-year", "network__title"]
        constraints = [
            models.UniqueConstraint(fields=["network", "year"], name="unique_round_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.network.short_name} monitoring round {self.year}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

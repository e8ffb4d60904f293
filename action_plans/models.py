"""Action plans (Wagtail pages in a network's space) and their initiatives."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from action_plans import solutions
from action_plans.fields import ChoiceListField
from action_plans.panels import WhoElsePanel
from action_plans.vocabulary import (
    BUDGET_DECIMAL_PLACES,
    BUDGET_MAX,
    BUDGET_MAX_DIGITS,
    CURRENCY_CODES,
    SDG_CHOICES,
    FocusArea,
    Horizon,
    Stage,
)
from networks.models import City

SOLUTION_CHOICES = solutions.choices()


def titled_for_city(title: str, city: str) -> str:
    """A plan's title names its city ("Bangkok: Smart City Action Plan 2018"): every plan of
    a network once read "Smart City Action Plan 2018" in listings, searches and emails."""
    title = title.strip()
    if not city or city.casefold() in title.casefold():
        return title
    return f"{city}: {title}"[:255]


class ActionPlanForm(WagtailAdminPageForm):
    """Offers only the network's member cities, and to a city editor only their own cities."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from networks.permissions import can_coordinate, editable_city_ids

        network = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if network is None or "city" not in self.fields:
            return
        cities = City.objects.filter(memberships__network_id=network.pk)
        if self.for_user is not None and not can_coordinate(self.for_user, network):
            cities = cities.filter(pk__in=editable_city_ids(self.for_user))
        self.fields["city"].queryset = cities

    def clean(self):
        # The initiatives' years are checked against the period as posted, next to each field.
        data = super().clean()
        if data.get("title") and data.get("city"):
            data["title"] = titled_for_city(data["title"], data["city"].name)
        start, end = data.get("period_start"), data.get("period_end")
        formset = self.formsets.get("initiatives") if hasattr(self, "formsets") else None
        if formset is None or not (start and end):
            return data
        for form in formset.forms:
            form.full_clean()  # a form with other errors still has its valid fields cleaned
            cleaned = getattr(form, "cleaned_data", {})
            if cleaned.get("DELETE"):
                continue
            for field in ("start_year", "end_year"):
                year = cleaned.get(field)
                if year and not start <= year <= end:
                    form.add_error(field, f"{year} is outside the plan's period ({start}–{end}).")
        return data


class ActionPlanPage(RoutablePageMixin, Page):
    """A city's smart-city action plan in one network."""

    base_form_class = ActionPlanForm

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="plans")
    period_start = models.PositiveSmallIntegerField("from (year)")
    period_end = models.PositiveSmallIntegerField("to (year)")
    horizon = models.CharField(max_length=10, choices=Horizon.choices, blank=True)
    summary = models.TextField(blank=True)
    source_url = models.URLField(
        "link to the source document", blank=True, max_length=500,
        help_text="Where the plan is published, e.g. the city's PDF.",
    )  # fmt: skip
    archived = models.BooleanField(
        default=False, help_text="An archived plan stays readable but no longer overlaps."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("city"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading="Period"),
        FieldPanel("horizon"),
        FieldPanel("summary"),
        FieldPanel("source_url"),
        FieldPanel("archived"),
        InlinePanel("initiatives", heading="Initiatives", label="Initiative"),
        WhoElsePanel(heading="Who else does this?"),
    ]
    parent_page_types = ["networks.NetworkPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.RelatedFields("city", [index.SearchField("name"), index.SearchField("country")]),
    ]

    class Meta:
        verbose_name = "action plan"

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period ends before it starts."})

    @property
    def network(self):
        from networks.models import NetworkPage

        return NetworkPage.objects.get(pk=self.get_parent().pk)

    @property
    def status(self) -> str:
        if self.archived:
            return self.Status.ARCHIVED
        if self.live:
            return self.Status.PUBLISHED
        if self.workflow_in_progress:
            return self.Status.IN_REVIEW
        return self.Status.DRAFT

    @path("export/<slug:fmt>/")
    def export(self, request, fmt):
        from action_plans.views import plan_export

        return plan_export(request, self, fmt)

    def permissions_for_user(self, user):
        from action_plans.permissions import PlanPermissionTester

        return PlanPermissionTester(user, self)

    def get_sitemap_urls(self, request=None):
        if self.archived or not self.network.is_public:
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        from networks.permissions import deny_unless_can_view

        deny_unless_can_view(request, self.network)
        return super().serve(request, *args, **kwargs)


class Initiative(Orderable):
    """One initiative of a plan: the unit that overlaps with other cities' initiatives."""

    plan = ParentalKey(ActionPlanPage, on_delete=models.CASCADE, related_name="initiatives")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    external_id = models.CharField(
        "id in the source system",
        max_length=120,
        blank=True,
        help_text="The id in the source system; re-imports update the initiative it names.",
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    focus_areas = ChoiceListField(choices_list=FocusArea.choices)
    sdgs = ChoiceListField(
        "Sustainable Development Goals (SDGs)", choices_list=SDG_CHOICES, coerce=int
    )
    horizon = models.CharField(max_length=10, choices=Horizon.choices, blank=True)
    stage = models.CharField(max_length=14, choices=Stage.choices, default=Stage.PLANNING)
    start_year = models.PositiveSmallIntegerField("starts (year)", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("ends (year)", null=True, blank=True)
    budget = models.DecimalField(
        max_digits=BUDGET_MAX_DIGITS,
        decimal_places=BUDGET_DECIMAL_PLACES,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(BUDGET_MAX)],
        help_text="At most 1,000,000,000,000,000 (10^15), with up to two decimals.",
    )
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD")
    partners_sought = models.TextField(blank=True)
    solution_types = ChoiceListField(
        choices_list=SOLUTION_CHOICES,
        help_text="The kinds of solution this initiative uses. Left empty, they are found in "
        "its text when the plan is published.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("focus_areas"),
        FieldPanel("sdgs"),
        FieldRowPanel([FieldPanel("horizon"), FieldPanel("stage")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")], heading="Years"),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("currency")], heading="Budget"),
        FieldPanel("partners_sought"),
        FieldPanel("solution_types"),
        MultiFieldPanel([FieldPanel("external_id")], heading="Import", classname="collapsed"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="unique_initiative_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def focus_area_labels(self) -> list[str]:
        return [FocusArea(code).label for code in self.focus_areas if code in FocusArea.values]

    @property
    def text(self) -> str:
        """Title and description: what the overlap engine reads."""
        return f"{self.title}. {self.description}".strip()

    @property
    def effective_solution_types(self) -> list[str]:
        """The types an editor chose, else those the text names."""
        return list(self.solution_types) or solutions.tag(self.text)

    @property
    def public_id(self) -> str:
        """The id overlaps are named by: the external id when there is one."""
        return self.external_id or str(self.uid)

    def clean(self):
        super().clean()
        errors = {}
        if self.currency:
            self.currency = self.currency.strip().upper()
            if self.currency not in CURRENCY_CODES:
                errors["currency"] = f"“{self.currency}” is not an ISO 4217 currency code."
        if self.budget is not None and not self.currency:
            errors["currency"] = "Give the currency of the budget."
        plan = getattr(self, "plan", None)
        for field in ("start_year", "end_year"):
            year = getattr(self, field)
            if year and plan and plan.period_start and plan.period_end:
                if not plan.period_start <= year <= plan.period_end:
                    errors[field] = (
                        f"{year} is outside the plan's period "
                        f"({plan.period_start}–{plan.period_end})."
                    )
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = "The initiative ends before it starts."
        if errors:
            raise ValidationError(errors)


class ImportJob(models.Model):
    """A large import run by a task: the file, where it stands, and what came of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    network = models.ForeignKey("networks.NetworkPage", on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    data = models.BinaryField(editable=False)  # emptied once the job has run
    rows = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

from datetime import date, datetime

from ninja import Field, Schema


class ErrorOut(Schema):
    message: str
    field: str | None = None


class NetworkOut(Schema):
    slug: str
    short_name: str
    title: str
    visibility: str
    founded: int | None = None
    url: str


class CityOut(Schema):
    slug: str
    name: str
    country: str
    latitude: float | None = None
    longitude: float | None = None
    role: str | None = None
    since: date | None = None


class InitiativeOut(Schema):
    id: str
    external_id: str
    title: str
    description: str
    focus_areas: list[str]
    sdgs: list[int]
    horizon: str
    stage: str
    budget: str | None = None
    currency: str
    partners_sought: str
    plan_id: int
    city: str


class PlanOut(Schema):
    id: int
    title: str
    network: str
    city: str
    country: str
    period_start: int
    period_end: int
    horizon: str
    summary: str
    url: str


class PlanDetailOut(PlanOut):
    initiatives: list[InitiativeOut]


class OverlapOut(Schema):
    id: int
    a: str
    b: str
    a_city: str
    b_city: str
    score: float = Field(
        description="calibrated likelihood (0 to 1) that a coordinator confirms the pair's tier"
    )
    tier: str = Field(description="same_approach or same_challenge")
    likelihood: str = Field(description="the likelihood in words: very likely, likely, possible")
    state: str
    reasons: dict


class CurationIn(Schema):
    state: str
    note: str = ""


class ImportOut(Schema):
    plans_created: int
    plans_updated: int
    initiatives_created: int
    initiatives_updated: int
    published: bool


class ImportJobOut(Schema):
    """A large import, run by a task: poll ``url`` until ``status`` is done or failed."""

    id: int
    status: str
    rows: int
    progress: str
    summary: str
    errors: list[str]
    url: str


class EventOut(Schema):
    id: int
    title: str
    kind: str
    network: str
    start: datetime
    end: datetime
    time_zone: str
    venue: str
    venue_city: str
    online: bool
    online_url: str
    host_city: str | None = None
    participating_cities: list[str]
    registration_open: bool
    url: str
    calendar_url: str


class SearchHitOut(Schema):
    kind: str
    id: str
    title: str
    url: str
    network: str
    city: str
    summary: str

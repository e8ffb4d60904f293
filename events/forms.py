"""The event editor's form: times are typed in the event's own time zone."""

import zoneinfo

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from core.forms import IdChoiceField
from events.time_zones import zone_choices, zone_for_city
from events.widgets import CityCheckboxes
from networks.models import City


class EventPageForm(WagtailAdminPageForm):
    """Shows and reads ``start`` and ``end`` as wall-clock times of the chosen ``time_zone``
    (Django would read them in the editor's zone)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = _zone(self.instance.time_zone)
        for name in ("start", "end"):
            value = getattr(self.instance, name, None)
            if value is not None and name in self.fields:
                self.initial[name] = timezone.make_naive(value, zone)
        if "time_zone" in self.fields:
            # Current zones only, by country; a new event takes its host city's zone.
            current = self.instance.time_zone if self.instance.pk else ""
            self.fields["time_zone"] = forms.ChoiceField(
                choices=[("", "The host city's time zone"), *zone_choices(current=current)],
                required=False, initial=current, label="Time zone",
                help_text="Start and end are in this zone. Left empty, the host city's.",
            )  # fmt: skip
            self.initial["time_zone"] = current
        network = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if network is not None:
            # The network's own cities only: a select for the host, checkboxes with a
            # type-to-find box for the participants.
            members = City.objects.filter(memberships__network_id=network.pk).order_by("name")
            if "host_city" in self.fields:
                field = self.fields["host_city"]
                field.queryset, field.widget = members, forms.Select()
                field.widget.choices = field.choices
                field.empty_label = "—"
            if "participating_cities" in self.fields:
                field = self.fields["participating_cities"]
                field.queryset, field.widget = members, CityCheckboxes()
                field.widget.choices = field.choices

    def clean(self):
        data = super().clean()
        if not data.get("time_zone"):
            host = data.get("host_city")
            found = zone_for_city(host) if host else None
            if found is None:
                self.add_error("time_zone", "Choose the time zone, or a host city to take it from.")
                return data
            data["time_zone"] = found
        zone = _zone(data.get("time_zone"))
        if zone is None:
            return data
        current = timezone.get_current_timezone()
        for name in ("start", "end"):
            value = data.get(name)
            if value is not None:
                wall = timezone.make_naive(value, current)
                data[name] = wall.replace(tzinfo=zone)
        return data


def _zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class RegistrationForm(forms.Form):
    """One delegate of one of the cities the user may register for."""

    city = IdChoiceField(queryset=City.objects.none(), empty_label=None)
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    position = forms.CharField(max_length=200, required=False, label="Position (job title)")

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities

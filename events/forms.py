"""The event editor's form: times are typed in the event's own time zone."""

import zoneinfo

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from networks.models import City
from portal.forms import IdChoiceField


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

    def clean(self):
        data = super().clean()
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

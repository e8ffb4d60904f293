"""The event editor's city pickers: the network's own cities, found by typing."""

from django import forms


class CityCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes of cities with a box that hides those whose name does not match."""

    template_name = "events/widgets/city_checkboxes.html"

    class Media:
        js = ["js/city_filter.js"]

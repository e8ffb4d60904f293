"""Admin forms of progress: the update snippet's form and the round forms."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from action_plans.models import ActionPlanPage, Initiative
from core.forms import IdChoiceField
from networks.models import NetworkPage
from networks.permissions import coordinated_network_ids, editable_city_ids


def writable_initiatives(user):
    """Initiatives of published plans the user may report on: their own cities' plans and the
    plans in networks they coordinate."""
    plans = ActionPlanPage.objects.live().filter(archived=False)
    mine = plans.filter(city_id__in=editable_city_ids(user))
    for network in NetworkPage.objects.filter(pk__in=coordinated_network_ids(user)):
        mine = mine | plans.child_of(network)
    return (
        Initiative.objects.filter(plan__in=mine.values("pk"))
        .select_related("plan__city")
        .order_by("plan__city__name", "title")
    )


class ProgressUpdateForm(WagtailAdminModelForm):
    initiative = forms.TypedChoiceField(coerce=uuid.UUID, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = writable_initiatives(self.for_user) if self.for_user else Initiative.objects.none()
        self._initiatives = {str(i.uid): i for i in items}
        choices = [(uid, f"{i.plan.city.name}: {i.title}") for uid, i in self._initiatives.items()]
        field = self.fields["initiative"]
        field.error_messages["invalid_choice"] = "Choose one of your cities' published initiatives."
        field.choices = [("", "---------"), *choices]
        if self.instance.pk:
            field.initial = str(self.instance.initiative_uid)
            field.disabled = True  # an update stays with its initiative
            if field.initial not in self._initiatives:
                field.choices = [(field.initial, self.instance.initiative_title)]

    def clean(self):
        data = super().clean()
        uid = data.get("initiative")
        if self.instance.pk:
            return data
        if uid is not None and str(uid) not in self._initiatives:
            self.add_error("initiative", "Choose one of your cities' published initiatives.")
        elif uid is not None and data.get("date"):
            from progress.models import ProgressUpdate

            if ProgressUpdate.objects.filter(initiative_uid=uid, date=data["date"]).exists():
                self.add_error("date", "This initiative already has an update of that day.")
        return data

    def save(self, commit=True):
        from progress.services import attach_initiative

        if not self.instance.pk:
            item = self._initiatives[str(self.cleaned_data["initiative"])]
            attach_initiative(update=self.instance, initiative=item)
        return super().save(commit=commit)


class OpenRoundForm(forms.Form):
    network = IdChoiceField(queryset=NetworkPage.objects.none())
    year = forms.IntegerField(min_value=1900, max_value=2200)
    deadline = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=4000)  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        networks = NetworkPage.objects.filter(pk__in=coordinated_network_ids(user))
        self.fields["network"].queryset = networks.order_by("title")


class ImportUpdatesForm(forms.Form):
    file = forms.FileField(help_text="CSV, XLSX or JSONL in the format of docs/import-format.md")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError("The file is larger than 10 MB.")
        if upload.name.rsplit(".", 1)[-1].lower() not in ("csv", "xlsx", "jsonl"):
            raise ValidationError("Upload a CSV, XLSX or JSONL file.")
        return upload

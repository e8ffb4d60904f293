"""A list-of-choices field stored as JSON, so it works the same on SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst


class ChoiceListField(models.JSONField):
    """A sorted list of values drawn from ``choices_list``, edited as checkboxes."""

    def __init__(self, *args, choices_list=(), coerce=str, **kwargs):
        self.choices_list = list(choices_list)
        self.coerce = coerce
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {self.coerce(v) for v, _ in self.choices_list}
        bad = [v for v in value or [] if v not in allowed]
        if bad:
            raise ValidationError(f"Not a valid choice: {', '.join(map(str, bad))}.")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices_list,
            coerce=self.coerce,
            required=not self.blank,
            label=capfirst(self.verbose_name),  # "SDGs", not "Sdgs"
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

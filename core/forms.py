"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

from core.params import parse_number


class IdChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` keyed by a numeric id: any other value (too long for a column,
    a non-ASCII digit) is an invalid choice, not a database error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_number(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

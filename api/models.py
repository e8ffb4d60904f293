"""What a personal token may do: its scope (calendar keys are the events app's)."""

from django.db import models
from wagtail.models import APIToken


class TokenScope(models.Model):
    """The scope of one of Wagtail's API tokens: read (the default) or write."""

    class Scope(models.TextChoices):
        READ = "read", "Read: see what you may see"
        WRITE = "write", "Write: also curate overlaps and import plans"

    token = models.OneToOneField(APIToken, on_delete=models.CASCADE, related_name="scope")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)

    def __str__(self) -> str:
        return f"{self.token} ({self.scope})"


def token_scope(token: APIToken) -> str:
    """A token without a recorded scope may only read."""
    scope = TokenScope.objects.filter(token=token).values_list("scope", flat=True).first()
    return scope or TokenScope.Scope.READ

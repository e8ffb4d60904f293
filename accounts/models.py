"""What the throttles count that django-axes does not: password reset requests."""

from django.db import models


class PasswordResetRequest(models.Model):
    """One request for a reset link, kept for the throttle's window and the audit log."""

    email = models.EmailField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    refused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "password reset request"

    def __str__(self) -> str:
        state = "refused" if self.refused else "sent"
        return f"Password reset for {self.email} from {self.ip_address} ({state})"

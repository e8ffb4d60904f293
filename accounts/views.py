from django.contrib import messages
from wagtail.admin.views.account import PasswordResetView

from accounts.throttle import client_ip, reset_refused


class ThrottledPasswordResetView(PasswordResetView):
    """Wagtail's password reset, limited per email and per address (one hour)."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if reset_refused(email=email, ip_address=client_ip(self.request)):
            message = (
                "Too many password reset requests for this email or from your address. "
                "Check your mailbox for the links already sent, or try again in an hour."
            )
            form.add_error(None, message)
            messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

from django.template import loader
from wagtail.admin.forms.auth import PasswordResetForm

from core.mail import queue_mail


class QueuedPasswordResetForm(PasswordResetForm):
    """Wagtail's reset form, with the link sent by the mail task instead of in the request."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        queue_mail(subject=subject, body=body, to=[to_email], html=html)

""" "Who else does this?" beside the plan being edited: a panel on the plan's edit page that
asks again, as the editor writes, which initiatives elsewhere look like each draft initiative
(``portal/static/js/who_else.js`` posts the form to ``search.admin_views.who_else_view``)."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class WhoElsePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "action_plans/admin/who_else_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["url"] = reverse("plan_who_else", args=[page.pk]) if page and page.pk else ""
            return context

"""Ways into the admin from the public pages, for those who have them."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def can_manage(user) -> bool:
    """Whether the user may open the admin (coordinators, editors, staff)."""
    return bool(user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


@register.simple_tag
def page_edit_url(page, user) -> str:
    """The admin's edit address of ``page`` when ``user`` may edit it, else ''."""
    if page is None or not getattr(page, "pk", None) or not can_manage(user):
        return ""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])

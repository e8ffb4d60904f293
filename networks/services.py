"""Writes on networks: roles (guardian grants kept in step with Wagtail groups) and audit."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.log_actions import log
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from networks.models import City, Membership, NetworkPage
from networks.permissions import COORDINATE, EDIT_CITY, VIEW, staff_group

ROLES = ("staff", "coordinator", "editor", "viewer")
COORDINATOR_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_PAGE_PERMS = ["add_page", "change_page"]


class RoleError(ValueError):
    pass


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _page_group(name: str, page: Page, codenames: list[str]) -> Group:
    """A Wagtail group holding page permissions on one subtree (Wagtail can't read guardian)."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(_admin_access())
    for codename in codenames:
        perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)
    return group


def coordinator_group(network: NetworkPage) -> Group:
    group = _page_group(f"{network.short_name} coordinators", network, COORDINATOR_PAGE_PERMS)
    ensure_network_workflow(network, group)
    return group


def ensure_network_workflow(network: NetworkPage, coordinators: Group) -> Workflow:
    """Plans submitted in a network's space go to its coordinators (or WeGO staff) to approve."""
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=f"{network.short_name} coordinator approval"
    )
    task.groups.add(coordinators, staff_group())
    workflow, created = Workflow.objects.get_or_create(name=f"{network.short_name} plan approval")
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=network, defaults={"workflow": workflow})
    return workflow


def city_editor_groups(city: City) -> list[Group]:
    """One group per network the city belongs to: its editors may add and edit plans there."""
    return [
        _page_group(f"{city.name} editors in {m.network.short_name}", m.network, EDITOR_PAGE_PERMS)
        for m in Membership.objects.filter(city=city).select_related("network")
    ]


def ensure_staff_group() -> Group:
    group = staff_group()
    root = Page.get_first_root_node()
    _page_group(group.name, root, [*COORDINATOR_PAGE_PERMS, "bulk_delete_page"])
    return group


@transaction.atomic
def grant_role(
    *, user, role: str, network: NetworkPage | None = None, city: City | None = None, by=None
) -> None:
    """Give ``user`` a role; coordinator and viewer need a network, editor a city."""
    _check(role, network, city)
    if role == "staff":
        user.groups.add(ensure_staff_group())
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    elif role == "coordinator":
        assign_perm(COORDINATE, user, network)
        user.groups.add(coordinator_group(network))
    elif role == "viewer":
        assign_perm(VIEW, user, network)
    elif role == "editor":
        assign_perm(EDIT_CITY, user, city)
        user.groups.add(*city_editor_groups(city))
    _forget_cached_roles(user)
    log(instance=user, action="portal.grant_role", user=by, data=_data(role, network, city))


@transaction.atomic
def revoke_role(
    *, user, role: str, network: NetworkPage | None = None, city: City | None = None, by=None
) -> None:
    _check(role, network, city)
    if role == "staff":
        user.groups.remove(staff_group())
    elif role == "coordinator":
        remove_perm(COORDINATE, user, network)
        user.groups.remove(coordinator_group(network))
    elif role == "viewer":
        remove_perm(VIEW, user, network)
    elif role == "editor":
        remove_perm(EDIT_CITY, user, city)
        user.groups.remove(*city_editor_groups(city))
    _forget_cached_roles(user)
    log(instance=user, action="portal.revoke_role", user=by, data=_data(role, network, city))


def _check(role, network, city):
    if role not in ROLES:
        raise RoleError(f"Unknown role “{role}”: choose one of {', '.join(ROLES)}.")
    if role in ("coordinator", "viewer") and network is None:
        raise RoleError(f"The {role} role needs a network.")
    if role == "editor" and city is None:
        raise RoleError("The editor role needs a city.")


def _data(role, network, city) -> dict:
    return {
        "role": role,
        "network": network.short_name if network else None,
        "city": city.name if city else None,
    }


def _forget_cached_roles(user) -> None:
    for attr in list(vars(user)):
        if attr.startswith("_portal_") or attr.endswith("_perm_cache"):
            delattr(user, attr)

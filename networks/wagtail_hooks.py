from wagtail import hooks
from wagtail.snippets.models import register_snippet

from networks.models import City


@hooks.register("register_log_actions")
def register_role_actions(actions):
    actions.register_action("portal.grant_role", "Grant role", "Granted a role")
    actions.register_action("portal.revoke_role", "Revoke role", "Revoked a role")


register_snippet(City)

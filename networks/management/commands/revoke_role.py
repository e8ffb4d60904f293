from networks.management.commands._roles import RoleCommand


class Command(RoleCommand):
    help = "Revoke a role granted with grant_role."
    verb = "revoke"

from networks.management.commands._roles import RoleCommand


class Command(RoleCommand):
    help = "Grant a role: staff; coordinator or viewer of a network; editor of a city."
    verb = "grant"

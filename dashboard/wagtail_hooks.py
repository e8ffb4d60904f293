from wagtail import hooks

from dashboard import panels


@hooks.register("construct_homepage_panels")
def role_dashboard(request, homepage_panels):
    # Each role's way in: what an editor or a coordinator comes to the admin for, first.
    homepage_panels[:0] = panels.panels_for(request)

from wagtail import hooks

from search.choosers import overlap_chooser


@hooks.register("register_admin_viewset")
def register_overlap_chooser():
    return overlap_chooser

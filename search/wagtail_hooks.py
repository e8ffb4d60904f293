from wagtail import hooks

from search.choosers import collaboration_chooser, overlap_chooser


@hooks.register("register_admin_viewset")
def register_overlap_chooser():
    return overlap_chooser


@hooks.register("register_admin_viewset")
def register_collaboration_chooser():
    return collaboration_chooser

from wagtail import hooks


@hooks.register("register_log_actions")
def account_log_actions(actions):
    actions.register_action(
        "accounts.locked_out", "Sign-in locked", "Sign-in locked after repeated failures"
    )
    actions.register_action(
        "accounts.reset_throttled", "Password reset refused", "Too many password reset requests"
    )

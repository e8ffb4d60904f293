"""Imports point down the layers (portal -> api -> events -> search -> progress ->
action_plans -> networks -> core), imports inside functions included: no new arrow upwards (scripts/
check_imports.py lists today's debt)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_imports", ROOT / "scripts/check_imports.py")
check_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_imports)


def test_no_new_import_points_up_the_layers():
    new = check_imports.new_arrows(check_imports.upward_arrows())
    assert not new, "imports pointing to a higher app:\n" + "\n".join(
        f"{path}:{line}: {text}" for path, line, text in new
    )


def test_the_known_debt_lists_only_imports_that_still_exist():
    """Paid-off debt leaves the list, so it cannot come back unnoticed."""
    current = {f"{path}: {text}" for path, _, text in check_imports.upward_arrows()}
    assert check_imports.KNOWN <= current, sorted(check_imports.KNOWN - current)


def test_an_import_hidden_in_a_function_is_found(tmp_path):
    (tmp_path / "networks").mkdir()
    (tmp_path / "networks" / "views.py").write_text(
        "from networks.models import City\n\n\ndef page():\n    from .selectors import x\n"
        "    from events.selectors import event_list\n    import search.models\n"
    )
    found = [text for _, _, text in check_imports.upward_arrows(tmp_path)]
    assert found == [
        "networks -> events (events.selectors)",
        "networks -> search (search.models)",
    ]

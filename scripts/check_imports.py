"""Check that imports point down the layers, imports inside functions included (issue 18).

Layers, highest first: portal -> api -> events -> search (overlaps) -> progress -> action_plans
-> networks -> core. Progress sits below the overlaps: the overlap pages show each initiative's
progress stage ("done there, planned here"), and the monitoring report's overlap part is added
by the overlaps app through ``progress.rounds.report_section``.
A module may import its own app and any app below it, never one above.
Prints each arrow upwards as ``file:line: app -> higher app (module)``; exits 1 when there is
one that is not in ``KNOWN`` below (today's debt, to be paid off, never added to).

    .venv/bin/python scripts/check_imports.py
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "networks", "action_plans", "progress", "search", "events", "api", "dashboard",
          "portal"]  # fmt: skip
RANK = {app: n for n, app in enumerate(LAYERS)}
# Apps outside the ladder that may import any layer (the demo loader sits on top of the others).
FREE = {"demo"}


def imported_modules(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    """Every module an import statement names, wherever the statement is."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = module.split(".")[: -node.level]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def upward_arrows(root: Path = ROOT) -> list[tuple[str, int, str]]:
    """(file, line, "app -> higher app (module)") for every import pointing up."""
    arrows = []
    for app in LAYERS:
        for path in sorted((root / app).rglob("*.py")) if (root / app).is_dir() else []:
            relative = path.relative_to(root)
            module = ".".join(relative.with_suffix("").parts)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, name in imported_modules(tree, module):
                target = name.split(".")[0]
                if target in RANK and RANK[target] > RANK[app]:
                    arrows.append((str(relative), line, f"{app} -> {target} ({name})"))
    return arrows


def new_arrows(arrows: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """The arrows not in ``KNOWN`` (matched without line numbers, which move with edits)."""
    return [a for a in arrows if f"{a[0]}: {a[2]}" not in KNOWN]


# Upward imports accepted as debt, one per line with why; tests/portal/test_import_graph.py
# fails on any arrow not listed here. None is left (issue 18 started with 27).
KNOWN: set[str] = set()


def main() -> int:
    arrows = upward_arrows()
    new = new_arrows(arrows)
    for path, line, text in arrows:
        print(f"{path}:{line}: {text}" + ("" if (path, line, text) in new else "   [known]"))
    print(f"{len(arrows)} import(s) upwards, {len(new)} new", file=sys.stderr)
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())

"""Dependencies point one way, showcase → marketplace ← orders (DESIGN.md): orders and
marketplace import nothing of showcase, and their templates load none of its tags."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", ["orders", "marketplace"])
def test_app_imports_nothing_of_showcase(app):
    offending = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "showcase"
        )
        for path in (ROOT / app).rglob("*.py")
    }
    assert {path: modules for path, modules in offending.items() if modules} == {}


@pytest.mark.parametrize("folder", ["orders", "marketplace"])
def test_app_templates_load_no_showcase_tags(folder):
    loads = re.compile(r"{%\s*load\s[^%]*\bshowcase_tags\b")
    offending = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates" / folder).rglob("*")
        if path.is_file() and loads.search(path.read_text())
    ]
    assert offending == []

""".env.example lists every environment variable the settings read, and nothing else.

The settings modules are parsed, not imported: each read is a call with the variable's name as
a literal (os.environ.get/[...]/setdefault, os.getenv, or one of the settings' env_* helpers).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = sorted((ROOT / "site" / "config" / "settings").glob("*.py"))
# Read before any settings module, by manage.py, wsgi.py and asgi.py.
# Read by Django itself, and by prometheus_client in every process (ops.metrics).
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE", "PROMETHEUS_MULTIPROC_DIR"}
ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _reader(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id.startswith("env_")
    if isinstance(func, ast.Attribute):
        return (func.attr in {"get", "setdefault"} and _is_environ(func.value)) or (
            func.attr == "getenv"
        )
    return False


def _name_read(node: ast.AST) -> ast.expr | None:
    """The expression naming the variable when ``node`` reads the environment."""
    if isinstance(node, ast.Call) and _reader(node) and node.args:
        return node.args[0]
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return node.slice
    return None


def _reads(tree: ast.AST, path: Path) -> tuple[set[str], list[str]]:
    """Literal names read, and reads whose name is not a literal (outside the env_* helpers,
    whose parameter is the name)."""
    names, unreadable = set(), []
    helpers = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and "env_" in n.name]
    inside_helpers = {id(node) for helper in helpers for node in ast.walk(helper)}
    for node in ast.walk(tree):
        name = _name_read(node)
        if name is None:
            continue
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
        elif id(node) not in inside_helpers:
            unreadable.append(f"{path.name}:{node.lineno}")
    return names, unreadable


def settings_variables() -> tuple[set[str], list[str]]:
    names, unreadable = set(), []
    for path in SETTINGS:
        found, hidden = _reads(ast.parse(path.read_text(), str(path)), path)
        names |= found
        unreadable += hidden
    return names, unreadable


def example_variables() -> set[str]:
    return set(ENV_LINE.findall((ROOT / ".env.example").read_text()))


def test_every_read_names_its_variable_literally():
    _, unreadable = settings_variables()
    assert unreadable == [], "give these reads a literal name, so .env.example can list them"


def test_env_example_lists_every_variable_the_settings_read():
    read, _ = settings_variables()
    assert read - example_variables() == set()


def test_env_example_lists_nothing_the_settings_do_not_read():
    read, _ = settings_variables()
    assert example_variables() - read - READ_ELSEWHERE == set()


def test_the_parser_sees_the_reads_it_must():
    read, _ = settings_variables()
    expected = {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "STRIPE_WEBHOOK_SECRET", "SQLITE_TEST_PATH"}
    assert expected <= read

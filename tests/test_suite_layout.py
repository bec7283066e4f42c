"""The test suite's own layout, so that a newcomer can extend it: helpers live in modules of
their own (a test module never imports another, nor a conftest), every folder of tests is a
package (two rooms may each have a test_views.py), and the fixtures shared by the whole
suite are defined once, in a conftest.py. What each shared fixture name means is checked as
the tests run (tests/conftest.py, ``pytest_fixture_setup``)."""

import ast
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent
# Defined once for the whole suite, each in a conftest.py; modules may give ``cooperative``,
# ``coordinator``, ``mother`` and ``order`` their own data, never these.
DEFINED_ONCE = {
    "coordinator_client",
    "mother_client",
    "localstripe",
    "localstripe_server",
    "stripe_refunds",
    "tree",
}
# Names that meant different things in different modules before; gone for good.
RETIRED = {"signed_in"}


def python_files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def imported_modules(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
        elif isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
    return modules


def is_test_or_conftest(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return module.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def fixtures_defined(path: Path) -> list[str]:
    """The names of the fixtures ``path`` defines (``@pytest.fixture`` with or without
    arguments)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef) and any(
            "fixture" in ast.unparse(decorator) for decorator in node.decorator_list
        ):
            names.append(node.name)
    return names


def test_no_module_imports_a_test_module_or_a_conftest():
    """What two test modules share goes into a helper module (tests/pages.py,
    tests/orders/factories.py, tests/marketplace/checkout.py, …)."""
    wrong = [
        f"{path.relative_to(TESTS)} imports {module}"
        for path in python_files()
        for module in imported_modules(path)
        if is_test_or_conftest(module)
    ]

    assert wrong == []


def test_every_folder_of_tests_is_a_package():
    folders = {path.parent for path in python_files()}

    assert [str(f) for f in sorted(folders) if not (f / "__init__.py").exists()] == []


def test_shared_fixtures_are_defined_once_in_a_conftest():
    where = Counter()
    outside_conftest = []
    for path in python_files():
        for name in set(fixtures_defined(path)) & (DEFINED_ONCE | RETIRED):
            where[name] += 1
            if path.name != "conftest.py" or name in RETIRED:
                outside_conftest.append(f"{path.relative_to(TESTS)}: {name}")

    assert outside_conftest == []
    assert {name for name, count in where.items() if count > 1} == set()

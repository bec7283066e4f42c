"""Reading the source for the app border (DESIGN.md: ``showcase → marketplace ← orders``).

``marketplace_writes`` finds where a module writes the market's tables itself rather than
calling one of marketplace's services. It reads the code with ``ast``, so it knows no types:
it follows the ways Django code writes rows —

- a manager or queryset of a marketplace model: ``Product.objects.filter(…).update(…)``,
  ``PurchaseEvent.objects.bulk_create(…)``, ``get_or_create``, ``delete``…;
- a new row: ``PurchaseEvent(…)``;
- a relation that leads to marketplace rows: ``purchase.lines.update(…)``,
  ``claim.mother.save()``;
- a name bound in the same function to marketplace rows — an argument annotated with a
  marketplace model, or assigned or looped over from one of the above — then saved,
  deleted or assigned to: ``membership.is_active = True``;
- an attribute only marketplace rows have, assigned anywhere: ``line.made = …``;
- raw SQL that changes a ``marketplace_`` table.

It is a tripwire for the habits above, not a proof: a write hidden behind ``getattr`` passes.
"""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db.models import ForeignObjectRel

ROOT = Path(__file__).resolve().parent.parent
MARKET = "marketplace"

MANAGER_WRITES = frozenset(
    {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update"}
    | {"delete"}
)
LINK_WRITES = frozenset({"add", "remove", "set", "clear"})
ROW_WRITES = frozenset({"save", "delete"})
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
RAW_WRITE = re.compile(r"\b(update|insert\s+into|delete\s+from)\s+\W?marketplace_", re.I)


@dataclass(frozen=True)
class Border:
    """What the checker knows of the models, from Django's registry."""

    models: frozenset[str]  # marketplace model class names
    fields: frozenset[str]  # attributes that only marketplace rows have
    rows: frozenset[str]  # relations that lead to one marketplace row (claim.mother)
    sets: frozenset[str]  # relations that lead to many (purchase.lines, order.serves)
    own_links: frozenset[str]  # many-to-many relations whose link rows are the holder's
    elsewhere: frozenset[str]  # relations that (may) lead to other apps' rows


def border_from_registry() -> Border:
    market, others = set(), set()
    leads = {"row": {}, "set": {}}
    own_links = set()
    for model in apps.get_models():
        in_market = model._meta.app_label == MARKET
        for field in model._meta.get_fields():
            if field.concrete:
                (market if in_market else others).update({field.name, field.attname})
            if not field.is_relation:
                continue
            is_reverse = isinstance(field, ForeignObjectRel)
            name = field.get_accessor_name() if is_reverse else field.name
            if not name:  # related_name="+": no way back
                continue
            kind = "set" if field.one_to_many or field.many_to_many else "row"
            target = field.related_model._meta.app_label == MARKET if field.related_model else False
            leads[kind].setdefault(name, set()).add(target)
            if field.many_to_many and not is_reverse and not in_market:
                own_links.add(name)
    only_market = lambda kind: {n for n, to in leads[kind].items() if to == {True}}  # noqa: E731
    elsewhere = {n for kind in leads.values() for n, to in kind.items() if False in to}
    return Border(
        models=frozenset(m.__name__ for m in apps.get_app_config(MARKET).get_models()),
        fields=frozenset(market - others),
        rows=frozenset(only_market("row")),
        sets=frozenset(only_market("set")),
        own_links=frozenset(own_links),
        elsewhere=frozenset(elsewhere),
    )


def marketplace_writes(source: str, border: Border) -> list[tuple[int, str]]:
    """(line, what) for each direct write of a marketplace table in ``source``."""
    tree = ast.parse(source)
    checker = _Checker(border, _imported_models(tree, border))
    checker.visit(tree)
    return sorted(checker.found)


def python_files(package: str, *, migrations: bool = False) -> Iterator[Path]:
    for path in sorted((ROOT / package).rglob("*.py")):
        if migrations or "migrations" not in path.parts:
            yield path


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every absolute import in the file, however deep in a function."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


# The checker ------------------------------------------------------------------------------


def _imported_models(tree: ast.AST, border: Border) -> dict[str, str]:
    """Local name → marketplace model, for ``from marketplace… import Product [as P]`` and
    for modules imported whole (``import marketplace.models as m``: m → "")."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(MARKET):
            for alias in node.names:
                if alias.name in border.models:
                    names[alias.asname or alias.name] = alias.name
                elif alias.name == "models":
                    names[alias.asname or alias.name] = ""
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(MARKET) and alias.asname:
                    names[alias.asname] = ""
    return names


class _Checker(ast.NodeVisitor):
    def __init__(self, border: Border, models: dict[str, str]):
        self.border, self.models = border, models
        self.bound: list[set[str]] = [set()]  # names bound to marketplace rows, per function
        self.found: set[tuple[int, str]] = set()

    # Scopes: a function's arguments annotated with a marketplace model are its rows.

    def visit_FunctionDef(self, node):
        args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        self.bound.append({a.arg for a in args if self._model(a.annotation)})
        self.generic_visit(node)
        self.bound.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node):
        if self._market(node.value):
            for target in node.targets:
                self._bind(target)
        for target in node.targets:
            self._check_store(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node):
        self._check_store(node.target)
        self.generic_visit(node)

    def visit_For(self, node):
        if self._market(node.iter):
            self._bind(node.target)
        self.generic_visit(node)

    def visit_Call(self, node):
        if self._model(node.func):
            self._flag(node, f"new {self._model(node.func)} row")
        elif isinstance(node.func, ast.Attribute):
            self._check_method(node, node.func.attr, node.func.value)
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and RAW_WRITE.search(node.value):
            self._flag(node, "raw SQL writing a marketplace table")

    # What is written

    def _check_method(self, node, method, receiver) -> None:
        writes = (
            (method in MANAGER_WRITES and self._market_set(receiver))
            or (method in LINK_WRITES and self._market_set(receiver, links=True))
            or (method in ROW_WRITES and self._market_row(receiver))
        )
        if writes:
            self._flag(node, f"{ast.unparse(receiver)}.{method}()")

    def _check_store(self, target) -> None:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._check_store(element)
        elif isinstance(target, ast.Starred):
            self._check_store(target.value)
        elif isinstance(target, ast.Attribute) and (
            target.attr in self.border.fields or self._market_row(target.value)
        ):
            self._flag(target, f"{ast.unparse(target)} = …")

    # What leads to marketplace rows

    def _model(self, node) -> str:
        if isinstance(node, ast.Name):
            return self.models.get(node.id, "")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            is_module = self.models.get(node.value.id) == ""
            return node.attr if is_module and node.attr in self.border.models else ""
        return ""

    def _market_set(self, node, *, links: bool = False) -> bool:
        """Whether ``node`` is a manager or queryset of marketplace rows."""
        while isinstance(node, ast.Call | ast.Attribute):
            if isinstance(node, ast.Call):
                node = node.func
                continue
            if node.attr in MANAGERS and self._model(node.value):
                return True
            if node.attr in self.border.sets:
                return not (links and node.attr in self.border.own_links)
            if node.attr in self.border.elsewhere:
                return False
            node = node.value
        return isinstance(node, ast.Name) and node.id in self.bound[-1]

    def _market_row(self, node) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.bound[-1]
        return isinstance(node, ast.Attribute) and node.attr in self.border.rows

    def _market(self, node) -> bool:
        return self._market_set(node) or self._market_row(node)

    def _bind(self, target) -> None:
        """``line = …`` and ``membership, created = …`` bind names; ``x.y = …`` binds none."""
        if isinstance(target, ast.Name):
            self.bound[-1].add(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element)

    def _flag(self, node, what: str) -> None:
        self.found.add((node.lineno, what))

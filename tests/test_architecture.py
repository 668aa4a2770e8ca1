"""The tree keeps the shape of the pipeline: imports only run down the layers and never in a
cycle, nothing below the command line prints or exits, and rule codes come from Rule objects."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "newscli"
# Lowest first. A module may import from its own package or from a lower layer, never upwards
# and never sideways into another package of its own layer.
LAYERS = [
    {"newscli"},  # the small shared modules: findings, text, urls, AMP Cache URLs, RFC 3339 ...
    {"newscli.files", "newscli.web"},
    {"newscli.document"},
    {"newscli.rules"},
    {"newscli.config", "newscli.lint"},
    {"newscli.report", "newscli.fix", "newscli.curation", "newscli.add"},
    {"newscli.links", "newscli.feeds", "newscli.server"},
    {"newscli.cli"},
]
ENTRY_POINTS = {"newscli.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer_package(module: str) -> str:
    """The package that places a module in a layer: ``newscli.lint`` for ``newscli.lint.run``,
    ``newscli`` for the shared modules such as ``newscli.text``."""
    parts = module.split(".")
    candidate = ".".join(parts[:2])
    is_subpackage = (PACKAGE / parts[1] / "__init__.py").exists() if len(parts) > 1 else False
    return candidate if is_subpackage else "newscli"


def layer(module: str) -> int:
    package = layer_package(module)
    return next(index for index, packages in enumerate(LAYERS) if package in packages)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except what stands under ``if TYPE_CHECKING:``, which never runs."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            yield from (child for orelse in node.orelse for child in _walk(orelse))
            continue
        yield node
        yield from _runtime_nodes(node)


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    yield from _runtime_nodes(node)


def imports(path: Path) -> set[str]:
    """The newscli modules a file imports when it runs, at module level or inside functions."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from package import submodule` imports the submodule; anything else, the module.
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.append(submodule if submodule in MODULES else node.module)
        found.update(name for name in names if name in MODULES)
    return found


GRAPH = {module: imports(path) for module, path in MODULES.items()}


def test_the_graph_covers_every_layer() -> None:
    assert {layer_package(module) for module in MODULES} == set().union(*LAYERS)
    assert sum(len(targets) for targets in GRAPH.values()) > 100


def test_imports_only_run_down_the_layers() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        if module in ENTRY_POINTS:
            continue
        for target in targets:
            same_package = layer_package(target) == layer_package(module)
            if layer(target) > layer(module) or (
                layer(target) == layer(module) and not same_package
            ):
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each module from which a chain of imports leads back to it, with that chain."""

    def cycle_from(start: str) -> list[str] | None:
        stack: list[list[str]] = [[start]]
        seen: set[str] = set()
        while stack:
            path = stack.pop()
            for target in sorted(graph.get(path[-1], ())):
                if target == start:
                    return [*path, target]
                if target not in seen:
                    seen.add(target)
                    stack.append([*path, target])
        return None

    return [cycle for module in graph if (cycle := cycle_from(module)) is not None]


def test_there_is_no_import_cycle() -> None:
    assert find_cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycles(graph)[0] == ["a", "b", "c", "a"]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


PRINTING = re.compile(
    r"(?<![.\w])print\(|\b(typer\.echo|typer\.Exit|sys\.exit|exit\(|sys\.stdout|sys\.stderr)"
)


def test_nothing_below_the_command_line_prints_or_exits() -> None:
    offenders = []
    for module, path in MODULES.items():
        if layer_package(module) == "newscli.cli" or module in ENTRY_POINTS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            if PRINTING.search(code) or re.search(r"^\s*(import typer|from typer)", code):
                offenders.append(f"{module}:{number}: {line.strip()}")
    assert offenders == []


def test_rule_codes_are_only_written_where_rules_are_defined() -> None:
    """Everywhere else a code comes from its Rule object, so a rule is one place."""
    literals = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defining = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Rule"
            and node.args
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"NC\d{3}", node.value)
                and id(node) not in defining
            ):
                literals.append(f"{module}:{node.lineno}: {node.value}")
    assert literals == []

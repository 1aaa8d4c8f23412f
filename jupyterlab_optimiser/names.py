"""Which global names a cell binds, changes and reads, read from its code without running it
(Python's ``ast`` and ``symtable``, after IPython turns magics into calls)."""

from __future__ import annotations

import ast
import builtins
import symtable
from dataclasses import dataclass

# Names a fresh IPython kernel already has: a cell that reads them needs no other cell.
KERNEL_NAMES = frozenset(dir(builtins)) | {"get_ipython", "display", "In", "Out", "exit", "quit", "__name__"}

_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class CellNames:
    """What one cell does to the kernel's global names."""

    rebinds: frozenset[str]  # binds anew (assignment, def, class, import, for, with, del)
    changes: frozenset[str]  # changes in place: `x[i] = `, `x.a = `, `x += `, `x.append(...)`
    reads: tuple[str, ...]  # reads as the cell runs, before binding them itself
    deferred_reads: frozenset[str]  # read by the functions and classes it defines, when called
    opaque: bool  # magics, star imports, exec: it may bind names nobody can see


def cell_names(source: str) -> CellNames:
    try:
        code = _as_python(source)
        tree = ast.parse(code)
        table = symtable.symtable(code, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return CellNames(frozenset(), frozenset(), (), frozenset(), True)
    binds = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    binds |= _declared_global(table)
    augmented, plain = _store_kinds(tree)
    changes = _changed_in_place(tree) | augmented
    return CellNames(
        rebinds=frozenset(binds - (augmented - plain)),
        changes=frozenset(changes),
        reads=tuple(_ordered_reads(tree)),
        deferred_reads=frozenset(_nested_global_reads(table) - binds),
        opaque="run_line_magic" in code or "run_cell_magic" in code or _star_or_exec(tree),
    )


def _as_python(source: str) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def _declared_global(table: symtable.SymbolTable) -> set[str]:
    found = set()
    for child in table.get_children():
        found |= {s.get_name() for s in child.get_symbols() if s.is_declared_global() and s.is_assigned()}
        found |= _declared_global(child)
    return found


def _nested_global_reads(table: symtable.SymbolTable) -> set[str]:
    found = set()
    for child in table.get_children():
        found |= {s.get_name() for s in child.get_symbols() if s.is_global() and s.is_referenced()}
        found |= _nested_global_reads(child)
    return found


def _module_level(*roots):
    """Every node the module's own scope runs under these roots, not the bodies of functions,
    lambdas and classes defined there (their decorators, defaults and bases do run there)."""
    stack = [node for root in reversed(roots) for node in (root.body[::-1] if isinstance(root, ast.Module) else [root])]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _NESTED_SCOPES):
            children = [*getattr(node, "decorator_list", []), *getattr(node, "bases", [])]
            children += [k.value for k in getattr(node, "keywords", [])]
            if not isinstance(node, ast.ClassDef):
                children += [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        elif isinstance(node, _COMPREHENSIONS):
            children = [node.generators[0].iter]  # the rest runs in the comprehension's own scope
        else:
            children = list(ast.iter_child_nodes(node))
        stack.extend(reversed(children))


class _Reads:
    """Names the module scope reads before binding them, in the order the code runs: a loop's
    target is bound before its body reads it, an `except ... as e` before the handler."""

    def __init__(self):
        self.bound: set[str] = set()
        self.names: list[str] = []

    def block(self, statements) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, st) -> None:
        if isinstance(st, (ast.For, ast.AsyncFor)):
            self.run(st.iter)
            self.bind(st.target)
            self.block(st.body + st.orelse)
        elif isinstance(st, (ast.With, ast.AsyncWith)):
            for item in st.items:
                self.run(item.context_expr)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars)
            self.block(st.body)
        elif isinstance(st, (ast.If, ast.While)):
            self.run(st.test)
            self.block(st.body + st.orelse)
        elif isinstance(st, ast.Try) or type(st).__name__ == "TryStar":
            self.block(st.body)
            for handler in st.handlers:
                if handler.type is not None:
                    self.run(handler.type)
                if handler.name:
                    self.bound.add(handler.name)
                self.block(handler.body)
            self.block(st.orelse + st.finalbody)
        else:
            self.run(st)

    def run(self, node) -> None:
        nodes = list(_module_level(node))
        for n in nodes:
            loaded = isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            augmented = isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)
            name = n.id if loaded else n.target.id if augmented else None
            if name is not None and name not in self.bound and name not in self.names:
                self.names.append(name)
        self.bound |= _bound_by(nodes)

    def bind(self, target) -> None:
        self.run(target)  # `for x[i] in ...` reads x; plain names are only bound


def _ordered_reads(tree: ast.Module) -> list[str]:
    reads = _Reads()
    reads.block(tree.body)
    return reads.names


def _bound_by(nodes) -> set[str]:
    names = set()
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).partition(".")[0] for a in node.names}
    return names


def _store_kinds(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names only ever `x += `-ed, names bound some other way) at module level."""
    nodes = list(_module_level(tree))
    aug_targets = {id(n.target) for n in nodes if isinstance(n, ast.AugAssign)}
    augmented = {n.target.id for n in nodes if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}
    plain = _bound_by(n for n in nodes if id(n) not in aug_targets)
    return augmented, plain


def _root_name(node) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _changed_in_place(tree: ast.Module) -> set[str]:
    """Names whose value the module scope changes without rebinding them: stores into an item or
    attribute, and method calls made for their effect (`items.append(x)`, `np.random.seed(0)`)."""
    changed = set()
    for node in _module_level(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.Delete)):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            if isinstance(node.value.func, ast.Attribute):
                targets = [node.value.func]
        for target in targets:
            if isinstance(target, (ast.Attribute, ast.Subscript)) and (name := _root_name(target)):
                changed.add(name)
    return changed - KERNEL_NAMES


def _star_or_exec(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return True
        if isinstance(node, ast.Name) and node.id in ("exec", "globals", "vars"):
            return True
    return False

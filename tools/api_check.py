"""Compare halt_core's public API with the committed snapshot, ``api/halt_core.json``.

``nox -s api`` runs this on the source tree (``PYTHONPATH=src``)::

    python tools/api_check.py            # fail on a breaking change
    python tools/api_check.py --update   # rewrite the snapshot (a deliberate change)

What is compared (see ``docs/stability.rst``): every name in ``halt_core.__all__`` and the
plugin contract in ``halt_core.hookspecs`` (its ``__all__`` and every ``halt_*`` hook). Functions
keep their parameters (names, kinds, defaults), classes their public members, their special
methods callers use (``__init__``, comparisons, iteration, ...) and their bases, inherited
members included. griffe reads each object from the source code and, for what exists only
once the module is imported (the ``__init__`` attrs writes), from the imported module.
Docstrings, line numbers and the values of constants are left out: changing them breaks
nobody.

A removed or renamed public name, a removed or renamed parameter, a new required
parameter, a changed default, a parameter moved or made keyword-only, a removed base class:
griffe's ``find_breaking_changes`` reports each and the check fails. Additions pass (they
are listed, so the snapshot can be brought up to date with ``--update``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import griffe

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "api" / "halt_core.json"
PACKAGE = "halt_core"
HOOKSPECS = "hookspecs"

# The special methods that are part of a class's contract with its callers.
SPECIAL_METHODS = frozenset(
    {
        "__init__",
        "__call__",
        "__eq__",
        "__hash__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__bool__",
        "__len__",
        "__iter__",
        "__contains__",
        "__getitem__",
        "__enter__",
        "__exit__",
    }
)


def _text(value: object) -> str | None:
    """An annotation or default as source text; sets in a stable order."""
    return None if value is None else _sorted_sets(str(value))


def _sorted_sets(text: str) -> str:
    """``text`` with the items of every ``{...}`` that holds no ``:`` pair sorted.

    A default of ``frozenset({Level.LOCAL, Level.REGIONAL})`` is shown in the order the set
    iterates, which changes with the hash seed from one run to the next.
    """
    out, stack = [], [[""]]
    for char in text:
        if char == "{":
            stack.append([""])
        elif char == "}" and len(stack) > 1:
            items = [item.strip() for item in stack.pop()]
            shown = ", ".join(items if any(_is_pair(i) for i in items) else sorted(items))
            stack[-1][-1] += "{" + shown + "}"
        elif char == "," and len(stack) > 1 and _depth(stack[-1][-1]) == 0:
            stack[-1].append("")
        else:
            stack[-1][-1] += char
    out.extend(stack[0])
    return "".join(out)


def _depth(text: str) -> int:
    return sum(text.count(o) - text.count(c) for o, c in ("()", "[]", "<>"))


def _is_pair(item: str) -> bool:
    """Whether a ``{...}`` item is a dict's ``key: value`` (not an enum's ``<A.B: 'b'>``)."""
    return _depth(item.split(": ", 1)[0]) == 0 and ": " in item


def _resolved(obj: griffe.Object | griffe.Alias | None) -> griffe.Object | None:
    """The object ``obj`` stands for; None for none, or one outside halt_core (pluggy's)."""
    if obj is None or isinstance(obj, griffe.Object):
        return obj
    if not obj.target_path.startswith(PACKAGE):
        return None
    try:
        target = obj.final_target
    except griffe.CyclicAliasError:
        # A class whose __module__ names the package it is imported from (the errors do:
        # tracebacks then say halt_core.errors.NotFound) looks, inspected, like an alias of
        # itself; the source has it.
        return None
    assert isinstance(target, griffe.Object)
    return target


def _members(obj: griffe.Object | None) -> Mapping[str, griffe.Object | griffe.Alias]:
    if isinstance(obj, griffe.Class):
        return obj.all_members  # inherited ones too: a caller cannot tell them apart
    if isinstance(obj, griffe.Module):
        return obj.members
    return {}


def _base(base: str | griffe.Expr) -> str:
    if isinstance(base, griffe.ExprName | griffe.ExprAttribute):
        return base.canonical_path
    return str(base)


def _entry(
    source: griffe.Object | griffe.Alias | None,
    runtime: griffe.Object | griffe.Alias | None,
    name: str,
) -> dict[str, Any]:
    """The snapshot of one object under ``name``, in the JSON form griffe reads back.

    ``source`` is what griffe read from the source code, ``runtime`` what it found by
    importing it. The source is taken where it has the object: it is complete (properties of
    enums, for one, are missing at runtime), but lacks what is made at runtime (the
    ``__init__`` attrs writes), which the runtime object gives.
    """
    static, dynamic = _resolved(source), _resolved(runtime)
    target = static or dynamic
    entry: dict[str, Any] = {"kind": "attribute", "name": name, "lineno": None}
    if target is None:
        return entry
    entry.update(kind=target.kind.value, labels=sorted(target.labels))
    if isinstance(target, griffe.Function):
        entry["parameters"] = [
            {
                "name": parameter.name,
                "kind": parameter.kind.value,
                "annotation": _text(parameter.annotation),
                "default": _text(parameter.default),
            }
            for parameter in target.parameters
        ]
        entry["returns"] = _text(target.returns)
    elif isinstance(target, griffe.Attribute):
        entry["annotation"] = _text(target.annotation)
    elif isinstance(target, griffe.Class):
        entry["bases"] = [_base(base) for base in target.bases]
    if isinstance(target, griffe.Class | griffe.Module):
        static_members, dynamic_members = _members(static), _members(dynamic)
        names = {*static_members, *dynamic_members}
        entry["members"] = {
            member: _entry(static_members.get(member), dynamic_members.get(member), member)
            for member in sorted(names)
            if not member.startswith("_") or member in SPECIAL_METHODS
        }
    return entry


def current_api() -> dict[str, Any]:
    """The snapshot of the installed halt_core."""
    source, runtime = (
        griffe.load(PACKAGE, force_inspection=inspect, resolve_aliases=True, resolve_external=False)
        for inspect in (False, True)
    )
    assert isinstance(source, griffe.Module)
    assert isinstance(runtime, griffe.Module)
    public: list[str] = list(importlib.import_module(PACKAGE).__all__)
    hookspecs = importlib.import_module(f"{PACKAGE}.{HOOKSPECS}")
    hooks = {*hookspecs.__all__, *(n for n in vars(hookspecs) if n.startswith("halt_"))}
    members = {
        name: _entry(source.all_members.get(name), runtime.all_members.get(name), name)
        for name in sorted(public)
    }
    source_hooks, runtime_hooks = _members(source[HOOKSPECS]), _members(runtime[HOOKSPECS])
    members[HOOKSPECS] = {
        "kind": "module",
        "name": HOOKSPECS,
        "members": {
            name: _entry(source_hooks.get(name), runtime_hooks.get(name), name)
            for name in sorted(hooks)
        },
    }
    for entry in [*members.values(), *members[HOOKSPECS]["members"].values()]:
        entry["public"] = True  # what the check compares is public by definition
    return {"kind": "module", "name": PACKAGE, "members": members}


def _load(snapshot: Mapping[str, Any]) -> griffe.Module:
    module = json.loads(json.dumps(snapshot), object_hook=griffe.json_decoder)
    assert isinstance(module, griffe.Module)
    return module


def breaking_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """What in ``new`` breaks callers of ``old``, one line each."""
    return [
        f"{b.kind.value}: {b.obj.path}: {_shown(b.old_value)} -> {_shown(b.new_value)}"
        for b in griffe.find_breaking_changes(_load(old), _load(new))
    ]


def _shown(value: object) -> str:
    if isinstance(value, griffe.Parameter):
        return value.name if value.default is None else f"{value.name}={value.default}"
    if isinstance(value, griffe.Object):
        return f"{value.kind.value} {value.name}"
    if value is None:
        return "(nothing)"
    return str(value)


def additions(old: Mapping[str, Any], new: Mapping[str, Any], path: str = PACKAGE) -> Iterator[str]:
    """The public names and parameters ``new`` has and ``old`` lacks."""
    old_members, new_members = old.get("members", {}), new.get("members", {})
    for name, member in new_members.items():
        if name not in old_members:
            yield f"{path}.{name}"
        else:
            yield from additions(old_members[name], member, f"{path}.{name}")
    old_parameters = {p["name"] for p in old.get("parameters", [])}
    for parameter in new.get("parameters", []):
        if parameter["name"] not in old_parameters:
            yield f"{path}({parameter['name']})"


def dump(snapshot: Mapping[str, Any]) -> str:
    """The snapshot as the committed file has it: sorted, indented, one trailing newline."""
    return json.dumps(snapshot, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Check the installed halt_core against the snapshot, or (``--update``) rewrite it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--update", action="store_true", help="rewrite the snapshot")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT, help="default: %(default)s")
    args = parser.parse_args(argv)
    new = current_api()
    if args.update:
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        args.snapshot.write_text(dump(new), encoding="utf-8")
        print(f"api check: wrote {args.snapshot} ({len(new['members'])} public names)")
        return 0
    if not args.snapshot.is_file():
        print(f"api check: no snapshot at {args.snapshot}: run 'nox -s api -- --update'")
        return 1
    old = json.loads(args.snapshot.read_text(encoding="utf-8"))
    broken = breaking_changes(old, new)
    for line in broken:
        print(f"api check: BREAKING: {line}", file=sys.stderr)
    added = list(additions(old, new))
    if added:
        print(f"api check: {len(added)} addition(s) since the snapshot: {', '.join(added)}")
        print("api check: additions are fine; record them with 'nox -s api -- --update'")
    if broken:
        print(
            f"api check: {len(broken)} breaking change(s) against {args.snapshot.name}. Keep "
            "the old name or parameter working (with a DeprecationWarning, docs/stability.rst), "
            "or, for a deliberate break in a new major version, run 'nox -s api -- --update'",
            file=sys.stderr,
        )
        return 1
    print(f"api check: no breaking changes against {args.snapshot.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The plugin manager: entry points loaded one at a time, each failure kept as a value.

A plugin that cannot be imported, does not fit the contract, or raises while it registers
is skipped: the manager records a :class:`BrokenPlugin` (which plugin, from which package,
why, how to skip it) and logs one warning line, and the library and every other plugin keep
working. With ``HALT_STRICT_PLUGINS=1`` (for CI) the first broken plugin raises
:class:`PluginError` instead. Plugins handed over directly (``plugins=``, as tests do) are
the caller's own code: a problem with one raises at once.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import inspect
import logging
import os
import re
import types
from collections.abc import Iterable

import attrs
import pluggy

from halt_core import hookspecs
from halt_core.errors import HaltError

__all__ = [
    "BLOCK_VARIABLE",
    "STRICT_VARIABLE",
    "BrokenPlugin",
    "HaltPluginManager",
    "PluginError",
    "plugin_manager",
]

BLOCK_VARIABLE = "HALT_BLOCK_PLUGINS"
"""The environment variable naming plugins not to load, separated by commas."""

STRICT_VARIABLE = "HALT_STRICT_PLUGINS"
"""Set to ``1`` to make a broken plugin an error instead of a warning (for CI)."""

_log = logging.getLogger("halt_core.plugins")


class PluginError(HaltError):
    """A plugin does not fit the contract, could not be loaded, or failed in a hook.

    The message names the plugin (its entry-point name and package) and says how to skip it.
    """


@attrs.frozen(kw_only=True)
class BrokenPlugin:
    """A plugin that was skipped, and why.

    Attributes:
        name: its entry-point name, which ``HALT_BLOCK_PLUGINS`` takes.
        distribution: the package that installed it, with its version, if known.
        cause: what went wrong, in one line.
        hook: the hook it failed in, when it failed in one (None: it failed to load).

    """

    name: str
    distribution: str | None
    cause: str
    hook: str | None = None

    @property
    def message(self) -> str:
        """The warning line: the plugin, the cause, and how to skip it."""
        where = f" ({self.distribution})" if self.distribution else ""
        skipped = f"its {self.hook} is skipped" if self.hook else "it is skipped"
        return (
            f"halt plugin {self.name}{where} {self.cause}; {skipped}. Fix or uninstall it, or "
            f"skip it with {BLOCK_VARIABLE}={self.name}"
        )


class HaltPluginManager(pluggy.PluginManager):
    """pluggy's manager, with the broken plugins it skipped and where each plugin came from.

    Attributes:
        strict: whether a broken plugin raises instead of being skipped.
        broken: the plugins skipped, in the order they were found.
        distributions: the package (name and version) of each entry-point plugin.
        from_entry_points: the names of the plugins loaded from entry points.

    """

    def __init__(self, *, strict: bool = False) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.strict = strict
        self.broken: list[BrokenPlugin] = []
        self.distributions: dict[str, str] = {}
        self.from_entry_points: set[str] = set()

    def report_broken(self, name: str, cause: str, *, hook: str | None = None) -> None:
        """Skip plugin ``name`` with a warning, or raise :class:`PluginError` when strict.

        A plugin given directly (not from an entry point) always raises: it is the caller's
        own code.
        """
        broken = BrokenPlugin(
            name=name, distribution=self.distributions.get(name), cause=cause, hook=hook
        )
        if self.strict or name not in self.from_entry_points:
            where = f" ({broken.distribution})" if broken.distribution else ""
            strict = f" ({STRICT_VARIABLE}=1)" if self.strict else ""
            raise PluginError(
                f"halt plugin {name}{where} {cause}{strict}. Fix or uninstall it, or skip it "
                f"with {BLOCK_VARIABLE}={name}"
            )
        if broken not in self.broken:
            self.broken.append(broken)
            _log.warning("%s", broken.message)

    def is_broken(self, name: str, hook: str | None = None) -> bool:
        """Whether plugin ``name`` was skipped (for ``hook``, or as a whole)."""
        return any(b.name == name and b.hook in (None, hook) for b in self.broken)


def plugin_manager(
    *,
    entry_points: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[object] = (),
    strict: bool | None = None,
) -> HaltPluginManager:
    """A new plugin manager with the ``halt`` plugins loaded and checked.

    ``entry_points`` loads the plugins installed in the ``halt`` entry-point group, one at a
    time: a broken one is skipped with a warning (see :class:`BrokenPlugin`).
    ``blocked`` names plugins not to load (added to those in ``HALT_BLOCK_PLUGINS``).
    ``plugins`` registers more plugin objects directly (e.g. in tests); one that implements a
    hook the contract does not have, or takes arguments it does not offer, raises
    :class:`PluginError`. ``strict`` (default: ``HALT_STRICT_PLUGINS=1`` in the environment)
    makes every broken plugin raise.
    """
    if strict is None:
        strict = os.environ.get(STRICT_VARIABLE, "").strip() not in ("", "0")
    manager = HaltPluginManager(strict=strict)
    from_environment = os.environ.get(BLOCK_VARIABLE, "").split(",")
    for name in (*blocked, *from_environment):
        if name.strip():
            manager.set_blocked(name.strip())
    if entry_points:
        _load_entry_points(manager)
    for plugin in plugins:
        name = manager.get_canonical_name(plugin)
        if not isinstance(plugin, types.ModuleType):  # pluggy would name it by its id()
            name = f"{type(plugin).__qualname__}@{id(plugin):x}"
        problem = _register(manager, plugin, name)
        if problem is not None:
            manager.report_broken(name, problem)
    return manager


def _load_entry_points(manager: HaltPluginManager) -> None:
    found = importlib.metadata.entry_points(group=hookspecs.PROJECT)
    for entry_point in sorted(found, key=lambda e: e.name):
        name = entry_point.name
        if manager.is_blocked(name) or manager.has_plugin(name):
            continue
        dist = entry_point.dist
        if dist is not None:
            manager.distributions[name] = f"{dist.metadata['Name']} {dist.version}"
        manager.from_entry_points.add(name)
        try:
            plugin = entry_point.load()
        except Exception as exc:  # whatever its import raises, it must not stop the rest
            manager.report_broken(name, f"cannot be imported: {one_line(exc)}")
            continue
        problem = _register(manager, plugin, name)
        if problem is not None:
            manager.report_broken(name, problem)
            continue
        for function in _unmarked_hooks(manager, plugin):
            _log.warning(
                "halt plugin %s defines %s without @hookimpl, so halt never calls it; "
                "decorate it with halt_core.hookspecs.hookimpl",
                name,
                function,
            )


def _register(manager: HaltPluginManager, plugin: object, name: str) -> str | None:
    """Register ``plugin``; what is wrong with it, or None (then it stays registered)."""
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        return _argument_problem(manager, exc)
    except Exception as exc:  # raised while registering, e.g. by a property of the plugin
        return f"raised {one_line(exc)} while registering"
    unknown = sorted(c.name for c in manager.get_hookcallers(plugin) or () if not c.has_spec())
    if unknown:
        manager.unregister(plugin)
        return "implements " + ", ".join(_suggest(manager, hook) for hook in unknown)
    return None


def _argument_problem(manager: HaltPluginManager, error: pluggy.PluginValidationError) -> str:
    text = str(error)
    hook = re.search(r"for hook '(\w+)'", text)
    declared = re.search(r"hookimpl definition: (\w+\([^)]*\))", text)
    if hook is None:
        return f"does not fit the plugin contract: {one_line(error)}"
    caller = getattr(manager.hook, hook[1], None)
    offered = ", ".join(caller.spec.argnames) if caller is not None and caller.spec else ""
    wrote = declared[1] if declared else hook[1]
    return (
        f"implements {wrote}, but the hook {hook[1]} offers only the arguments "
        f"({offered}); take those names (or fewer)"
    )


def _suggest(manager: HaltPluginManager, hook: str) -> str:
    names = sorted(_spec_names(manager))
    close = difflib.get_close_matches(hook, names, n=1)
    mean = f" (did you mean {close[0]}?)" if close else f" (the hooks: {', '.join(names)})"
    return f"{hook}, a hook halt does not have{mean}"


def _spec_names(manager: HaltPluginManager) -> set[str]:
    return {name for name, caller in vars(manager.hook).items() if caller.has_spec()}


def _unmarked_hooks(manager: HaltPluginManager, plugin: object) -> list[str]:
    """Functions of a plugin module named like hooks but not marked as implementations."""
    if not isinstance(plugin, types.ModuleType):
        return []
    specs = _spec_names(manager)
    unmarked = []
    for name in sorted(specs):
        function = getattr(plugin, name, None)
        if (
            inspect.isfunction(function)
            and function.__module__ == plugin.__name__
            and manager.parse_hookimpl_opts(plugin, name) is None
        ):
            unmarked.append(name)
    return unmarked


def one_line(error: BaseException) -> str:
    """An exception as one short line: its type and its message, at most 200 characters."""
    text = " ".join(str(error).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__

"""The plugin manager: finds plugins, checks them, and calls their hooks for halt_core.

Plugins are found in the ``halt`` entry-point group (halt_core's own adapters register
there too), checked against :mod:`halt_core.hookspecs`, and can be blocked by name, either
with ``blocked=`` or with the environment variable ``HALT_BLOCK_PLUGINS`` (names separated by
commas). :func:`installed_plugins` lists what is installed and which hooks each implements;
``python -m halt_core.plugins`` prints it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from halt_core import hookspecs
from halt_core.errors import HaltError

if TYPE_CHECKING:
    from halt_core.events import Event
    from halt_core.export import Exporter
    from halt_core.rules import RuleSet
    from halt_core.storage import Store

__all__ = [
    "BLOCK_VARIABLE",
    "PluginError",
    "PluginInfo",
    "default_plugin_manager",
    "describe",
    "exporter",
    "exporters",
    "installed_plugins",
    "main",
    "open_store",
    "plugin_manager",
    "rule_set",
    "store_schemes",
]

BLOCK_VARIABLE = "HALT_BLOCK_PLUGINS"
"""The environment variable naming plugins not to load, separated by commas."""

_log = logging.getLogger(__name__)


class PluginError(HaltError):
    """A plugin does not fit the contract (e.g. implements a hook that does not exist)."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """An installed plugin and what it implements.

    Attributes:
        name: the name it is registered (and can be blocked) under.
        distribution: the package that installed it, with its version, if known.
        hooks: the names of the hooks it implements, sorted.

    """

    name: str
    distribution: str | None
    hooks: tuple[str, ...]


def plugin_manager(
    *,
    entry_points: bool = True,
    blocked: Iterable[str] = (),
    plugins: Iterable[object] = (),
) -> pluggy.PluginManager:
    """A new plugin manager with the ``halt`` plugins loaded and checked.

    ``entry_points`` loads the plugins installed in the ``halt`` entry-point group;
    ``blocked`` names plugins not to load (added to those in ``HALT_BLOCK_PLUGINS``);
    ``plugins`` registers more plugin objects directly (e.g. in tests). Raises
    :class:`PluginError` when a plugin implements a hook the contract does not have, or with
    arguments it does not offer.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    from_environment = os.environ.get(BLOCK_VARIABLE, "").split(",")
    for name in (*blocked, *from_environment):
        if name.strip():
            manager.set_blocked(name.strip())
    try:
        if entry_points:
            manager.load_setuptools_entrypoints(hookspecs.PROJECT)
        for plugin in plugins:
            manager.register(plugin)
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"plugin {exc.plugin!r} does not fit the halt plugin contract: {exc}; see "
            "halt_core.hookspecs for the hooks and their arguments"
        ) from exc
    return manager


@functools.cache
def default_plugin_manager() -> pluggy.PluginManager:
    """The plugin manager :func:`halt_core.connect` uses, made once per process."""
    return plugin_manager()


def installed_plugins(manager: pluggy.PluginManager | None = None) -> tuple[PluginInfo, ...]:
    """Every registered plugin with the hooks it implements, sorted by name."""
    manager = manager or default_plugin_manager()
    distributions = {id(plugin): dist for plugin, dist in manager.list_plugin_distinfo()}
    found = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:  # blocked
            continue
        dist = distributions.get(id(plugin))
        found.append(
            PluginInfo(
                name=name,
                distribution=f"{dist.project_name} {dist.version}" if dist else None,
                hooks=tuple(sorted(h.name for h in manager.get_hookcallers(plugin) or ())),
            )
        )
    return tuple(sorted(found, key=lambda info: info.name))


def store_schemes(manager: pluggy.PluginManager | None = None) -> tuple[str, ...]:
    """The URL schemes the installed plugins open stores for, sorted."""
    manager = manager or default_plugin_manager()
    return tuple(sorted({s for found in manager.hook.halt_store_schemes() for s in found}))


def exporters(manager: pluggy.PluginManager | None = None) -> dict[str, Exporter]:
    """The export formats the installed plugins provide, by name, sorted.

    Raises :class:`PluginError` when a plugin returns something that is not an exporter, or
    two plugins provide one name.
    """
    from halt_core.export import Exporter

    manager = manager or default_plugin_manager()
    found: dict[str, Exporter] = {}
    for provided in manager.hook.halt_exporters():
        for candidate in provided:
            if not isinstance(candidate, Exporter):
                missing = [
                    name
                    for name in ("name", "media_type", "extension", "accepts", "description")
                    if not hasattr(candidate, name)
                ] or ["export"]
                raise PluginError(
                    f"{candidate!r} from the halt_exporters hook is not an exporter: it lacks "
                    f"{', '.join(missing)}; see halt_core.export.Exporter"
                )
            if candidate.name in found:
                raise PluginError(
                    f"two plugins provide the export format {candidate.name!r}: block one "
                    f"with {BLOCK_VARIABLE}"
                )
            found[candidate.name] = candidate
    return dict(sorted(found.items()))


def exporter(name: str, manager: pluggy.PluginManager | None = None) -> Exporter:
    """The exporter of the format ``name``.

    Raises :class:`~halt_core.errors.UnknownFormat` listing the installed formats.
    """
    from halt_core.errors import UnknownFormat

    installed = exporters(manager)
    try:
        return installed[name]
    except KeyError:
        raise UnknownFormat(name, installed) from None


def open_store(url: str, manager: pluggy.PluginManager | None = None, **options: Any) -> Store:
    """Open the store at ``url`` with the plugin whose scheme it is.

    Raises :class:`~halt_core.storage.UnknownScheme` listing the installed schemes when no
    plugin opens it. After every commit that stored events, the ``halt_events_committed``
    hook is called with them.
    """
    from halt_core.storage import UnknownScheme, redact_url

    manager = manager or default_plugin_manager()
    store: Store | None = manager.hook.halt_open_store(url=url, options=options)
    if store is None:
        raise UnknownScheme(redact_url(url), store_schemes(manager))

    def tell_listeners(events: Sequence[Event]) -> None:
        try:
            manager.hook.halt_events_committed(events=list(events))
        except Exception:  # the commit stands; the outbox keeps the events for a retry
            _log.exception("a halt_events_committed hook failed after a commit")

    store._on_commit = tell_listeners
    return store


def rule_set(manager: pluggy.PluginManager | None = None) -> RuleSet:
    """The built-in rules plus the plugins' rules, without the rules plugins turn off."""
    from halt_core.rules import default_rules

    manager = manager or default_plugin_manager()
    rules = default_rules()
    added = [rule for found in manager.hook.halt_rules() for rule in found]
    if added:
        rules = rules.with_rules(*added)
    disabled = [rule_id for found in manager.hook.halt_disabled_rules() for rule_id in found]
    if disabled:
        rules = rules.without(*disabled)
    return rules


def describe(manager: pluggy.PluginManager | None = None) -> str:
    """A readable list of the installed plugins, their hooks, store schemes and formats."""
    manager = manager or default_plugin_manager()
    lines = []
    for info in installed_plugins(manager):
        where = f" ({info.distribution})" if info.distribution else ""
        lines.append(f"{info.name}{where}")
        lines += [f"    {hook}" for hook in info.hooks]
    schemes = ", ".join(f"{s}://" for s in store_schemes(manager)) or "none"
    lines.append(f"store schemes: {schemes}")
    formats = ", ".join(exporters(manager)) or "none"
    lines.append(f"export formats: {formats}")
    return "\n".join(lines)


def main() -> None:
    """Print :func:`describe` (``python -m halt_core.plugins``, until ``halt plugins`` exists)."""
    print(describe())


if __name__ == "__main__":
    main()

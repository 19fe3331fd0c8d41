"""The plugin manager: finds plugins, checks them, and calls their hooks for halt_core.

Plugins are found in the ``halt`` entry-point group (halt_core's own adapters register
there too), loaded one at a time and checked against :mod:`halt_core.hookspecs`. A broken
plugin (one that cannot be imported, does not fit the contract, or raises in a hook) is
skipped with one warning line naming it and saying how to skip it for good
(``HALT_BLOCK_PLUGINS``, names separated by commas); the library and every other plugin keep
working. ``HALT_STRICT_PLUGINS=1`` makes it an error instead, for CI. When the broken plugin
is the one a call needs (a store's scheme, an export format), that call fails with a
:class:`PluginError` naming it. :func:`installed_plugins` and :func:`broken_plugins` say what
is installed; ``halt plugins`` and ``python -m halt_core.plugins`` print it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from halt_core.plugins.calls import call_each, call_first
from halt_core.plugins.loading import (
    BLOCK_VARIABLE,
    STRICT_VARIABLE,
    BrokenPlugin,
    HaltPluginManager,
    PluginError,
    plugin_manager,
)
from halt_core.plugins.notifiers import notification_routes, notifier_schemes, open_notifier

if TYPE_CHECKING:
    from halt_core.events import Event
    from halt_core.export import Exporter
    from halt_core.privacy.policy import SharingPolicy
    from halt_core.rules import RuleSet
    from halt_core.storage import Store

__all__ = [
    "BLOCK_VARIABLE",
    "STRICT_VARIABLE",
    "BrokenPlugin",
    "HaltPluginManager",
    "PluginError",
    "PluginInfo",
    "broken_plugins",
    "default_plugin_manager",
    "describe",
    "exporter",
    "exporters",
    "installed_plugins",
    "main",
    "notification_routes",
    "notifier_schemes",
    "open_notifier",
    "open_store",
    "plugin_manager",
    "rule_set",
    "sharing_policy",
    "store_schemes",
]

_log = logging.getLogger("halt_core.plugins")


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


@functools.cache
def default_plugin_manager() -> HaltPluginManager:
    """The plugin manager :func:`halt_core.connect` uses, made once per process."""
    return plugin_manager()


def _manager(manager: pluggy.PluginManager | None) -> HaltPluginManager:
    if manager is None:
        return default_plugin_manager()
    if not isinstance(manager, HaltPluginManager):
        raise PluginError(
            f"{manager!r} is not a halt plugin manager: make one with "
            "halt_core.plugins.plugin_manager()"
        )
    return manager


def installed_plugins(manager: pluggy.PluginManager | None = None) -> tuple[PluginInfo, ...]:
    """Every registered plugin with the hooks it implements, sorted by name."""
    manager = _manager(manager)
    found = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:  # blocked
            continue
        found.append(
            PluginInfo(
                name=name,
                distribution=manager.distributions.get(name),
                hooks=tuple(sorted(h.name for h in manager.get_hookcallers(plugin) or ())),
            )
        )
    return tuple(sorted(found, key=lambda info: info.name))


def broken_plugins(manager: pluggy.PluginManager | None = None) -> tuple[BrokenPlugin, ...]:
    """The plugins skipped so far, each with its cause (see :class:`BrokenPlugin`)."""
    return tuple(_manager(manager).broken)


def store_schemes(manager: pluggy.PluginManager | None = None) -> tuple[str, ...]:
    """The URL schemes the installed plugins open stores for, sorted."""
    manager = _manager(manager)
    found = call_each(manager, "halt_store_schemes")
    return tuple(sorted({str(scheme) for _, schemes in found for scheme in schemes}))


def exporters(manager: pluggy.PluginManager | None = None) -> dict[str, Exporter]:
    """The export formats the installed plugins provide, by name, sorted.

    A plugin that returns something that is not an exporter, or a format another plugin
    already provides, is reported broken (skipped with a warning; :class:`PluginError` when
    strict, or when it was given directly).
    """
    from halt_core.export import Exporter

    manager = _manager(manager)
    found: dict[str, Exporter] = {}
    for plugin, provided in call_each(manager, "halt_exporters"):
        for candidate in provided:
            if not isinstance(candidate, Exporter):
                missing = [
                    name
                    for name in ("name", "media_type", "extension", "accepts", "description")
                    if not hasattr(candidate, name)
                ] or ["export"]
                manager.report_broken(
                    plugin,
                    f"returned {candidate!r:.80} from halt_exporters, which is not an exporter: "
                    f"it lacks {', '.join(missing)}; see halt_core.export.Exporter",
                    hook="halt_exporters",
                )
                continue
            if candidate.name in found:
                manager.report_broken(
                    plugin,
                    f"provides the export format {candidate.name!r}, which another plugin "
                    "already provides",
                    hook="halt_exporters",
                )
                continue
            found[candidate.name] = candidate
    return dict(sorted(found.items()))


def exporter(name: str, manager: pluggy.PluginManager | None = None) -> Exporter:
    """The exporter of the format ``name``.

    Raises :class:`~halt_core.errors.UnknownFormat` listing the installed formats, or
    :class:`PluginError` when a broken plugin may be the one that provides it.
    """
    from halt_core.errors import UnknownFormat

    manager = _manager(manager)
    installed = exporters(manager)
    if name in installed:
        return installed[name]
    _missing_because_broken(manager, f"the export format {name!r}")
    raise UnknownFormat(name, installed)


def open_store(url: str, manager: pluggy.PluginManager | None = None, **options: Any) -> Store:
    """Open the store at ``url`` with the plugin whose scheme it is.

    Raises :class:`~halt_core.storage.UnknownScheme` listing the installed schemes when no
    plugin opens it (:class:`PluginError` when a broken plugin may be the one). After every
    commit that stored events, the ``halt_events_committed`` hook is called with them.
    """
    from halt_core.storage import UnknownScheme, redact_url

    manager = _manager(manager)
    answered = call_first(manager, "halt_open_store", url=url, options=options)
    if answered is None:
        _missing_because_broken(manager, f"a store for {redact_url(url)!r}")
        raise UnknownScheme(redact_url(url), store_schemes(manager))
    store: Store = answered[1]

    def tell_listeners(events: Sequence[Event]) -> None:
        try:
            for _ in call_each(manager, "halt_events_committed", events=list(events)):
                pass
        except Exception:  # the commit stands; the outbox keeps the events for a retry
            _log.exception("a halt_events_committed hook failed after a commit")

    store._on_commit = tell_listeners
    return store


def _missing_because_broken(manager: HaltPluginManager, what: str) -> None:
    broken = [b for b in manager.broken if b.hook is None]
    if broken:
        names = "; ".join(f"{b.name}: {b.cause}" for b in broken)
        raise PluginError(
            f"no working plugin provides {what}, and a plugin that may be the one could not be "
            f"loaded ({names}). Fix or reinstall it, or check the name"
            if len(broken) == 1
            else f"no working plugin provides {what}, and {len(broken)} plugins that may be the "
            f"one could not be loaded ({names}). Fix or reinstall them, or check the name"
        )


def rule_set(manager: pluggy.PluginManager | None = None) -> RuleSet:
    """The built-in rules plus the plugins' rules, without the rules plugins turn off."""
    from halt_core.rules import default_rules

    manager = _manager(manager)
    rules = default_rules()
    added = [rule for _, found in call_each(manager, "halt_rules") for rule in found]
    if added:
        rules = rules.with_rules(*added)
    disabled = [i for _, found in call_each(manager, "halt_disabled_rules") for i in found]
    if disabled:
        rules = rules.without(*disabled)
    return rules


def sharing_policy(manager: pluggy.PluginManager | None = None) -> SharingPolicy:
    """The default sharing policy with the plugins' rules asked first.

    A rule whose name is taken, or that is not a
    :class:`~halt_core.privacy.policy.SharingRule`, reports its plugin broken.
    """
    from halt_core.privacy.policy import DEFAULT_POLICY, SharingRule

    manager = _manager(manager)
    added: list[SharingRule] = []
    taken = {rule.name for rule in DEFAULT_POLICY.rules}
    for plugin, provided in call_each(manager, "halt_sharing_rules"):
        for rule in provided:
            if not isinstance(rule, SharingRule) or rule.name in taken:
                why = "a name already taken" if isinstance(rule, SharingRule) else "not a rule"
                manager.report_broken(
                    plugin,
                    f"returned {rule!r:.80} from halt_sharing_rules: {why}; give "
                    "halt_core.privacy.policy.SharingRule objects with names of their own",
                    hook="halt_sharing_rules",
                )
                continue
            taken.add(rule.name)
            added.append(rule)
    return DEFAULT_POLICY.with_rules(added)


def describe(manager: pluggy.PluginManager | None = None) -> str:
    """A readable list of the installed plugins, their hooks, store schemes and formats."""
    manager = _manager(manager)
    lines = []
    for info in installed_plugins(manager):
        where = f" ({info.distribution})" if info.distribution else ""
        lines.append(f"{info.name}{where}")
        lines += [f"    {hook}" for hook in info.hooks]
    schemes = ", ".join(f"{s}://" for s in store_schemes(manager)) or "none"
    formats = ", ".join(exporters(manager)) or "none"
    notifiers = ", ".join(f"{s}:" for s in notifier_schemes(manager)) or "none"
    lines += [f"broken: {b.message}" for b in manager.broken]
    lines.append(f"store schemes: {schemes}")
    lines.append(f"export formats: {formats}")
    lines.append(f"notifier schemes: {notifiers}")
    return "\n".join(lines)


def main() -> None:
    """Print :func:`describe` (``python -m halt_core.plugins``; ``halt plugins`` says more)."""
    print(describe())

"""The plugin contract: every hook a plugin can implement, documented for plugin authors.

A plugin is a module or object with functions marked by :data:`hookimpl`, named after the
hooks below, and announced in the ``halt`` entry-point group of its package::

    # pyproject.toml of your plugin package
    [project.entry-points.halt]
    my_store = "my_package.halt_plugin"

    # my_package/halt_plugin.py
    from collections.abc import Iterable, Mapping
    from typing import Any

    from halt_core.hookspecs import hookimpl
    from halt_core.storage import Store
    from my_package.store import MyStore

    @hookimpl
    def halt_store_schemes() -> Iterable[str]:
        return ["mystore"]

    @hookimpl
    def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
        if url.startswith("mystore:"):
            return MyStore(url, **options)
        return None

Every hook's name starts with ``halt_``; a plugin implements only the hooks it needs, and
may leave out arguments it does not use. halt_core's own adapters register through the same
entry-point group. :func:`halt_core.plugins.plugin_manager` checks every plugin against these
specifications when it loads it, and skips (with a warning naming it) one that does not fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable

    from halt_core.events import Event
    from halt_core.notify import Notifier, Route
    from halt_core.privacy.policy import SharingRule
    from halt_core.rules import Rule
    from halt_core.storage import Store

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "halt"
"""The pluggy project name, and the name of the entry-point group plugins register in."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a hook specification (halt_core's own use)."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's implementation of a hook: ``@hookimpl`` above a function named after it."""


# -- storage ----------------------------------------------------------------------------------


@hookspec
def halt_store_schemes() -> Iterable[str]:
    """Name the URL schemes this plugin opens stores for.

    Called when halt_core lists the installed schemes: for the error about an unknown scheme,
    and for ``python -m halt_core.plugins``. Return the schemes without ``://``, e.g.
    ``["sqlite"]``. All implementations are called; their answers are combined.
    """


@hookspec(firstresult=True)
def halt_open_store(url: str, options: Mapping[str, Any]) -> Store | None:
    """Open a store for ``url`` if its scheme is yours; return None otherwise.

    Called by :func:`halt_core.connect` with the store URL (e.g. ``sqlite:///data/halt.db``,
    ``postgresql://user@host/db``, ``memory://``) and the keyword options the caller passed.
    Return an open :class:`halt_core.storage.Store` whose schema is ready (apply migrations
    here), or None when the URL is not one of yours. Raise a
    :class:`~halt_core.errors.HaltError` subclass that says what is wrong when the URL is yours
    but cannot be opened.

    This is a first-result hook: the first non-None answer is used and no further
    implementations are called.
    """


# -- rules ------------------------------------------------------------------------------------


@hookspec
def halt_rules() -> Iterable[Rule]:
    """Return rules to add to the rule set (made with :func:`halt_core.rules.record_rule`).

    Called once when :func:`halt_core.plugins.rule_set` builds the rule set a tool checks
    with. Give your rules ids with your own prefix (``MYTOOL-FORUM-001``); an id that is
    already taken is an error. All implementations are called; their rules are combined.
    """


@hookspec
def halt_disabled_rules() -> Iterable[str]:
    """Return the ids of rules to turn off, e.g. ``["HC-PARTNER-004"]``.

    Called once when :func:`halt_core.plugins.rule_set` builds the rule set, after
    :func:`halt_rules`. An id no rule has is an error, so a typing error cannot silently keep
    a rule on. All implementations are called; their ids are combined.
    """


# -- exports and notifications (filled by their own adapters) ---------------------------------


@hookspec
def halt_exporters() -> Iterable[Any]:
    """Return the exporters this plugin provides.

    An exporter (:class:`halt_core.export.Exporter`) has a ``name`` (``"csv"``), a
    ``media_type`` (``"text/csv"``), a file ``extension`` (``".csv"``), the record types it
    ``accepts``, a one-line ``description``, and an ``export(records, sink, options)`` method
    that writes records to the binary streams its :class:`~halt_core.export.Sink` opens, as
    they come, and returns None, or what it wrote by kind name (``{"meetings": 12}``) when it
    writes only some of the records it is given. Called when a tool lists or looks up export
    formats. All implementations are called; their exporters are combined, and two with one
    name are an error.
    """


@hookspec
def halt_events_committed(events: Sequence[Event]) -> None:
    """React to domain events after the unit of work that recorded them committed.

    Called once per commit that stored events in the outbox, with those events in the order
    they were recorded (never for a rolled-back unit of work). For a quick reaction in the
    same process (a cache to clear); to deliver notifications reliably, write a notifier
    (:func:`halt_notifiers`): the dispatcher takes events from the outbox, retries and keeps
    dead letters. Return nothing; an exception is logged and does not undo the
    commit, so the outbox keeps the events for a later retry. All implementations are called.
    """


# -- notifications ----------------------------------------------------------------------------


@hookspec
def halt_notifiers() -> Mapping[str, Callable[[str, Mapping[str, Any]], Notifier]]:
    """Return the notifier URL schemes this plugin opens, each with its opener.

    An opener takes the notifier URL (``smtp://mail.example.nl?from=halt@example.nl``) and
    keyword options, and returns an open :class:`halt_core.notify.Notifier`, or raises
    :class:`halt_core.notify.NotifierUnavailable` saying what is wrong with the URL or the
    configuration (a missing secret, an unreachable host). Schemes are given without ``:``,
    e.g. ``{"smtp": open_smtp, "smtps": open_smtp}``. Called when ``halt notify`` opens its
    notifiers and when the installed schemes are listed. All implementations are called and
    their schemes combined; two plugins offering one scheme is an error (the second is
    reported broken).

    Test a notifier with :class:`halt_adapters.testing.NotifierConformance`.
    """


@hookspec
def halt_notification_routes() -> Iterable[Route]:
    """Return routes to add to the built-in ones: who is told about which events.

    Each is a :class:`halt_core.notify.Route` with a name of its own (prefix it with your
    tool's name), the event types it handles and a function choosing the partners to tell.
    Called once when the dispatcher starts. All implementations are called; their routes are
    added after :data:`halt_core.notify.DEFAULT_ROUTES`.
    """


# -- information sharing ----------------------------------------------------------------------


@hookspec
def halt_sharing_rules() -> Iterable[SharingRule]:
    """Return rules to ask before the built-in sharing rules: who may receive which data.

    Each is a :class:`halt_core.privacy.policy.SharingRule` with a name of its own (prefix it
    with your tool's name), the purposes it speaks to, and a function that decides a
    :class:`~halt_core.privacy.policy.SharingRequest` or returns None to leave it to the next
    rule. Called once when :func:`halt_core.plugins.sharing_policy` builds the policy. All
    implementations are called; their rules are asked first, in the order the plugins load,
    then :data:`halt_core.privacy.policy.DEFAULT_RULES`. The policy denies what no rule
    allows.
    """

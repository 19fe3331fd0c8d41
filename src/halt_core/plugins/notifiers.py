"""Notifiers and notification routes from plugins (hooks ``halt_notifiers``, ``..._routes``)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

from halt_core.plugins.calls import call_each
from halt_core.plugins.loading import HaltPluginManager

if TYPE_CHECKING:
    from halt_core.notify import Notifier, Route

__all__ = ["notification_routes", "notifier_schemes", "open_notifier"]

Opener = Callable[[str, Mapping[str, Any]], "Notifier"]


def _openers(manager: HaltPluginManager) -> dict[str, Opener]:
    found: dict[str, Opener] = {}
    for plugin, provided in call_each(manager, "halt_notifiers"):
        if not isinstance(provided, Mapping):
            manager.report_broken(
                plugin,
                f"returned {provided!r:.80} from halt_notifiers; expected a mapping of scheme "
                "to opener, e.g. {'smtp': open_smtp}",
                hook="halt_notifiers",
            )
            continue
        for scheme, opener in provided.items():
            if not isinstance(scheme, str) or not callable(opener):
                manager.report_broken(
                    plugin,
                    f"offers {scheme!r:.40} with {opener!r:.40}; expected a scheme (text) and "
                    "a function opening a notifier",
                    hook="halt_notifiers",
                )
            elif scheme in found:
                manager.report_broken(
                    plugin,
                    f"offers the notifier scheme {scheme!r}, which another plugin already offers",
                    hook="halt_notifiers",
                )
            else:
                found[scheme] = opener
    return found


def _manager(manager: pluggy.PluginManager | None) -> HaltPluginManager:
    from halt_core.plugins import _manager as checked

    return checked(manager)


def notifier_schemes(manager: pluggy.PluginManager | None = None) -> tuple[str, ...]:
    """The notifier URL schemes the installed plugins open, sorted."""
    return tuple(sorted(_openers(_manager(manager))))


def open_notifier(
    url: str, manager: pluggy.PluginManager | None = None, **options: Any
) -> Notifier:
    """Open the notifier for ``url`` with the plugin whose scheme it is.

    Raises :class:`~halt_core.notify.NotifierUnavailable` naming the installed schemes when
    no plugin opens it, or what the plugin found wrong with the URL; a plugin that raises
    anything else, or returns something that is not a notifier, is reported broken.
    """
    from halt_core.errors import HaltError
    from halt_core.notify import Notifier, NotifierUnavailable
    from halt_core.plugins.loading import PluginError
    from halt_core.storage import redact_url

    manager = _manager(manager)
    shown = redact_url(url)
    scheme = urllib.parse.urlsplit(url).scheme if ":" in url else ""
    openers = _openers(manager)
    if scheme not in openers:
        known = ", ".join(f"{s}:" for s in sorted(openers)) or "none"
        raise NotifierUnavailable(
            shown, f"no installed plugin sends notifications for {scheme or 'it'}; known: {known}"
        )
    try:
        notifier = openers[scheme](url, options)
    except HaltError:
        raise
    except Exception as exc:
        raise PluginError(
            f"the plugin for {scheme}: failed to open {shown}: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(notifier, Notifier):
        raise PluginError(
            f"the plugin for {scheme}: returned {notifier!r:.80}, which is not a "
            "halt_core.notify.Notifier"
        )
    return notifier


def notification_routes(manager: pluggy.PluginManager | None = None) -> tuple[Route, ...]:
    """The built-in routes, then those the plugins add, each with a name of its own."""
    from halt_core.notify import DEFAULT_ROUTES, Route

    manager = _manager(manager)
    routes = list(DEFAULT_ROUTES)
    for plugin, provided in call_each(manager, "halt_notification_routes"):
        for route in provided:
            if not isinstance(route, Route):
                manager.report_broken(
                    plugin,
                    f"returned {route!r:.80} from halt_notification_routes, which is not a "
                    "halt_core.notify.Route",
                    hook="halt_notification_routes",
                )
            elif any(r.name == route.name for r in routes):
                manager.report_broken(
                    plugin,
                    f"adds the route {route.name!r}, a name already taken",
                    hook="halt_notification_routes",
                )
            else:
                routes.append(route)
    return tuple(routes)

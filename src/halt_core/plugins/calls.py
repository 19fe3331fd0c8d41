"""Calling hooks one plugin at a time: a plugin's failure is named, and each call can be traced.

pluggy calls every implementation of a hook in one go, so an exception says nothing of the
plugin it came from. Here each implementation is called in pluggy's order (last registered
first, ``tryfirst``/``trylast`` respected), and an exception that is not a library error
becomes a :class:`~halt_core.plugins.PluginError` naming the plugin and the hook, chained to
the original. With the logger ``halt_core.plugins.trace`` at DEBUG, every call is logged
with the plugin, the kinds of its arguments and how long it took (``halt --trace-plugins``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from halt_core.errors import HaltError
from halt_core.plugins.loading import HaltPluginManager, PluginError, one_line

__all__ = ["call_each", "call_first"]

_trace = logging.getLogger("halt_core.plugins.trace")


def call_each(manager: HaltPluginManager, hook: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
    """``(plugin name, result)`` of every implementation of ``hook``, in pluggy's order.

    A plugin that raises is reported broken for this hook (skipped with a warning, or
    :class:`PluginError` when strict or given directly) and the others go on.
    """
    for name, function, arguments in _implementations(manager, hook, kwargs):
        if manager.is_broken(name, hook):
            continue
        try:
            result = _call(name, hook, function, arguments)
        except PluginError as error:
            if manager.strict or name not in manager.from_entry_points or error.__cause__ is None:
                raise
            manager.report_broken(name, f"raised {one_line(error.__cause__)} in {hook}", hook=hook)
            continue
        yield name, result


def call_first(manager: HaltPluginManager, hook: str, **kwargs: Any) -> tuple[str, Any] | None:
    """The first implementation of ``hook`` that returns something other than None.

    For a first-result hook the call needs the plugin that answers, so a plugin that raises
    makes the call fail: a library error passes as it is, anything else becomes a
    :class:`PluginError` naming the plugin and the hook.
    """
    for name, function, arguments in _implementations(manager, hook, kwargs):
        if manager.is_broken(name, hook):
            continue
        result = _call(name, hook, function, arguments)
        if result is not None:
            return name, result
    return None


def _implementations(
    manager: HaltPluginManager, hook: str, kwargs: dict[str, Any]
) -> Iterator[tuple[str, Any, list[Any]]]:
    caller = getattr(manager.hook, hook)
    for impl in reversed(caller.get_hookimpls()):  # pluggy calls the last registered first
        if impl.hookwrapper or impl.wrapper:
            raise PluginError(
                f"halt plugin {impl.plugin_name} wraps {hook} (hookwrapper); halt's hooks take "
                "plain implementations only"
            )
        yield impl.plugin_name, impl.function, [kwargs[name] for name in impl.argnames]


def _call(name: str, hook: str, function: Any, arguments: list[Any]) -> Any:
    started = time.perf_counter()
    try:
        result = function(*arguments)
    except HaltError:
        raise  # the plugin said what is wrong, in the library's words
    except Exception as exc:
        raise PluginError(
            f"halt plugin {name} raised {type(exc).__name__} in {hook}: "
            f"{' '.join(str(exc).split())[:200]}. Report it to the plugin's authors, or skip "
            f"it with HALT_BLOCK_PLUGINS={name}"
        ) from exc
    finally:
        if _trace.isEnabledFor(logging.DEBUG):
            kinds = ", ".join(type(a).__name__ for a in arguments)
            _trace.debug(
                "%s(%s) -> %s: %.2f ms", hook, kinds, name, (time.perf_counter() - started) * 1e3
            )
    return result

"""The one call a tool starts with: :func:`connect`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from halt_core.storage import Store

__all__ = ["connect"]


def connect(url: str | None = None, **options: Any) -> Store:
    """Open the store at ``url``, like :func:`sqlite3.connect`, and return it.

    Without a URL: ``$HALT_STORE_URL``, or else the default SQLite file in the per-user data
    folder (see :func:`halt_core.storage.default_store_url`). The URL's scheme picks the
    adapter plugin (``memory://``, ``sqlite:///path``, ``postgresql://...``); ``options`` go
    to it. Raises :class:`~halt_core.storage.UnknownScheme` listing the installed schemes when
    no plugin opens the URL. Close the store when done, or use it in a ``with`` block.
    """
    # Imported here, so `import halt_core` stays light and loads no plugin.
    from halt_core.plugins import open_store
    from halt_core.storage import default_store_url

    return open_store(url or default_store_url(), **options)

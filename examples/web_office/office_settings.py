"""The app's security settings: read once from the environment, each with a safe default.

Every setting is an environment variable (``HALT_OFFICE_*``); the README lists them. Nothing
here is secret except the session key, which is never printed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

import attrs

ROLES = ("reader", "planner", "admin")
"""The roles, each allowed what the one before it may and more."""


def role_rank(role: str) -> int:
    """The place of ``role`` in :data:`ROLES` (-1 for no known role)."""
    return ROLES.index(role) if role in ROLES else -1


DEFAULT_HOSTS = ("127.0.0.1", "localhost")
DEFAULT_ROLE_HEADER = "X-Forwarded-Groups"
DEFAULT_PROXY_SIGN_OUT = "/oauth2/sign_out"


class SettingError(ValueError):
    """A setting in the environment that the app cannot use; the message says which."""


@attrs.frozen
class Settings:
    """How the app guards itself.

    Attributes:
        data: the folder of the accounts file (``HALT_OFFICE_DATA``).
        hosts: the host names served; others get 400 (``HALT_OFFICE_HOSTS``).
        https: the app is reached over HTTPS: cookies are ``Secure`` (``HALT_OFFICE_HTTPS``).
        secret_key: signs the session cookie (``HALT_OFFICE_SECRET_KEY``; else random per
            start, so a restart signs everyone out).
        idle_minutes: a session ends after this long without a request.
        max_hours: a session ends this long after signing in, whatever happens.
        user_header: the header a trusted proxy names the signed-in user in; None (the
            default) for the app's own accounts only.
        role_header: the header a trusted proxy names the user's groups in.
        proxies: the addresses the user header is honoured from.
        proxy_sign_out: where signing out sends a user signed in by the proxy.

    """

    data: Path
    hosts: tuple[str, ...] = DEFAULT_HOSTS
    https: bool = False
    secret_key: str = attrs.field(factory=lambda: secrets.token_urlsafe(32), repr=False)
    idle_minutes: int = 30
    max_hours: int = 8
    user_header: str | None = None
    role_header: str = DEFAULT_ROLE_HEADER
    proxies: frozenset[str] = frozenset()
    proxy_sign_out: str = DEFAULT_PROXY_SIGN_OUT

    @classmethod
    def from_env(cls, environ: Mapping[str, str], store_url: str) -> Settings:
        """The settings in ``environ``; the data folder defaults to the store's folder."""

        def get(name: str) -> str:
            return environ.get(f"HALT_OFFICE_{name}", "").strip()

        def number(name: str, default: int) -> int:
            text = get(name) or str(default)
            if not text.isdigit() or int(text) < 1:
                raise SettingError(f"HALT_OFFICE_{name} must be a whole number above 0")
            return int(text)

        user_header = get("TRUSTED_USER_HEADER") or None
        proxies = frozenset(p.strip() for p in get("TRUSTED_PROXIES").split(",") if p.strip())
        if user_header and not proxies:
            raise SettingError(
                "HALT_OFFICE_TRUSTED_USER_HEADER needs HALT_OFFICE_TRUSTED_PROXIES: the "
                "addresses of the proxies allowed to send it"
            )
        hosts = tuple(h.strip() for h in get("HOSTS").split(",") if h.strip())
        return cls(
            data=Path(get("DATA")) if get("DATA") else data_folder(store_url),
            hosts=hosts or DEFAULT_HOSTS,
            https=get("HTTPS").lower() in ("1", "true", "yes"),
            secret_key=get("SECRET_KEY") or secrets.token_urlsafe(32),
            idle_minutes=number("IDLE_MINUTES", 30),
            max_hours=number("MAX_HOURS", 8),
            user_header=user_header,
            role_header=get("TRUSTED_ROLE_HEADER") or DEFAULT_ROLE_HEADER,
            proxies=proxies,
            proxy_sign_out=get("PROXY_SIGN_OUT") or DEFAULT_PROXY_SIGN_OUT,
        )

    @property
    def accounts_file(self) -> Path:
        """The file the accounts are kept in."""
        return self.data / "halt-office-accounts.json"


def data_folder(store_url: str) -> Path:
    """The folder of a SQLite store's file; else the current folder."""
    if store_url.startswith("sqlite:///"):
        path = store_url.removeprefix("sqlite:///").split("?", 1)[0]
        if path and path != ":memory:":
            return Path(path).resolve().parent
    return Path.cwd()

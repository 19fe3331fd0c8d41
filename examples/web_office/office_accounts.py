"""The office's staff accounts: a name, a role and an argon2 hash of the password.

They are kept in one JSON file in the app's data folder (``halt-office-accounts.json``),
written whole to a temporary file next to it and then moved over it, so a reader never sees
half a file. The file holds no password, only argon2id hashes (``argon2.PasswordHasher``),
and each account's feed key (the secret in its calendar feeds' addresses, which the pages
show the account, so it is kept as it is); it is made readable by its owner only.
"""

from __future__ import annotations

import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from pathlib import Path

import attrs
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from office_settings import ROLES

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""An account name: lower-case letters, digits, ``.``, ``_`` and ``-``; at most 64."""

MIN_PASSWORD = 12
"""The shortest password an account may get."""

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("an account that does not exist")


class AccountError(ValueError):
    """An account that cannot be made or found; the message says why, in English."""


@attrs.frozen
class Account:
    """A member of staff who may sign in.

    Attributes:
        name: what they sign in with.
        role: ``reader``, ``planner`` or ``admin``.
        password_hash: the argon2 hash of their password.
        feed_key: the secret in the addresses of their calendar feeds
            (``secrets.token_urlsafe(32)``), made the first time a page shows them one;
            None until then. Like a password: whoever has it reads the feeds.

    """

    name: str
    role: str
    password_hash: str = attrs.field(repr=False)
    feed_key: str | None = attrs.field(default=None, repr=False)


class Accounts:
    """The accounts in ``path``; read again whenever the file changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._changing = threading.Lock()  # one read-change-write at a time in this process
        self._seen: tuple[int, int, int] | None = None
        self._accounts: dict[str, Account] = {}

    def all(self) -> list[Account]:
        """Every account, by name."""
        return sorted(self._read().values(), key=lambda a: a.name)

    def get(self, name: str) -> Account | None:
        """The account ``name``, or None."""
        return self._read().get(name)

    def __bool__(self) -> bool:
        return bool(self._read())

    def check(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password; else None.

        An unknown name takes as long as a wrong password, so the time does not tell which.
        """
        account = self.get(name)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if _HASHER.check_needs_rehash(account.password_hash):
            self._write(
                {**self._read(), name: attrs.evolve(account, password_hash=_HASHER.hash(password))}
            )
        return account

    def add(self, name: str, role: str, password: str) -> Account:
        """Make account ``name`` (or give it a new role and password)."""
        if not NAME.fullmatch(name):
            raise AccountError(
                f"{name!r} is no account name: use 1 to 64 lower-case letters, digits, . _ -"
            )
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
        with self._changing:
            old = self._read().get(name)
            account = Account(name, role, _HASHER.hash(password), old.feed_key if old else None)
            self._write({**self._read(), name: account})
        return account

    def feed_key(self, name: str) -> str:
        """The feed key of account ``name``, made (and kept) when it has none yet."""
        with self._changing:
            account = self._read().get(name)
            if account is None:
                raise AccountError(f"there is no account {name!r}")
            if account.feed_key:
                return account.feed_key
            return self._new_feed_key(account)

    def new_feed_key(self, name: str) -> str:
        """Give account ``name`` a new feed key; the addresses with the old one stop working."""
        with self._changing:
            account = self._read().get(name)
            if account is None:
                raise AccountError(f"there is no account {name!r}")
            return self._new_feed_key(account)

    def _new_feed_key(self, account: Account) -> str:
        key = secrets.token_urlsafe(32)
        self._write({**self._read(), account.name: attrs.evolve(account, feed_key=key)})
        return key

    def by_feed_key(self, key: str) -> Account | None:
        """The account whose feed key is ``key``, or None.

        Every account's key is compared, each in constant time (``hmac.compare_digest``), so
        the time taken does not tell how much of a key was right, nor whose it was.
        """
        sent = key.encode("utf-8", "surrogateescape")
        found = None
        for account in self._read().values():
            own = (account.feed_key or "").encode()
            if hmac.compare_digest(sent, own) and own:
                found = account
        return found

    def remove(self, name: str) -> None:
        """Remove account ``name``; :class:`AccountError` when there is none."""
        with self._changing:
            accounts = self._read()
            if accounts.pop(name, None) is None:
                raise AccountError(f"there is no account {name!r}")
            self._write(accounts)

    def _read(self) -> dict[str, Account]:
        with self._lock:
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                self._seen, self._accounts = None, {}
                return {}
            # The inode too: a rewrite of the same size within the clock's tick is a new file.
            seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if seen != self._seen:
                rows = json.loads(self.path.read_text(encoding="utf-8"))["accounts"]
                self._accounts = {
                    r["name"]: Account(
                        r["name"], r["role"], r["password_hash"], r.get("feed_key") or None
                    )
                    for r in rows
                }
                self._seen = seen
            return dict(self._accounts)

    def _write(self, accounts: dict[str, Account]) -> None:
        rows = [
            {
                "name": a.name,
                "role": a.role,
                "password_hash": a.password_hash,
                **({"feed_key": a.feed_key} if a.feed_key else {}),
            }
            for a in sorted(accounts.values(), key=lambda a: a.name)
        ]
        text = json.dumps({"accounts": rows}, indent=2) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".accounts-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp makes it 0600
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

"""The office's staff accounts: a name, a role and an argon2 hash of the password.

They are kept in one JSON file in the app's data folder (``halt-office-accounts.json``),
written whole to a temporary file next to it and then moved over it, so a reader never sees
half a file. The file holds no password, only argon2id hashes (``argon2.PasswordHasher``),
and is made readable by its owner only.
"""

from __future__ import annotations

import json
import os
import re
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

    """

    name: str
    role: str
    password_hash: str = attrs.field(repr=False)


class Accounts:
    """The accounts in ``path``; read again whenever the file changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: tuple[int, int] | None = None
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
        account = Account(name, role, _HASHER.hash(password))
        self._write({**self._read(), name: account})
        return account

    def remove(self, name: str) -> None:
        """Remove account ``name``; :class:`AccountError` when there is none."""
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
            seen = (stat.st_mtime_ns, stat.st_size)
            if seen != self._seen:
                rows = json.loads(self.path.read_text(encoding="utf-8"))["accounts"]
                self._accounts = {
                    r["name"]: Account(r["name"], r["role"], r["password_hash"]) for r in rows
                }
                self._seen = seen
            return dict(self._accounts)

    def _write(self, accounts: dict[str, Account]) -> None:
        rows = [
            {"name": a.name, "role": a.role, "password_hash": a.password_hash}
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

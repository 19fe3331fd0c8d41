"""How long a sign-in must wait after failed ones: per account and per client.

An account may fail :data:`ACCOUNT_FREE` times, a client (an address) :data:`CLIENT_FREE`
times, without waiting (a client gets more: an office shares one address). After that each
further failure doubles the wait, from one second up to :data:`LONGEST`. A sign-in that comes
too early is refused without looking at its password, and counts as a failure too. Failures
are forgotten :data:`LONGEST` after the last one; a good sign-in forgets its account's.

The decision is :meth:`Throttle.wait`, in whole seconds; the app answers 429 with it as
``Retry-After``. It lives in the app's process, as the sessions do.
"""

from __future__ import annotations

import math
import threading

import attrs

ACCOUNT_FREE = 5
"""Failed sign-ins an account may have before it must wait."""

CLIENT_FREE = 20
"""Failed sign-ins a client may have before it must wait."""

LONGEST = 15 * 60
"""The longest wait, in seconds; failures older than this are forgotten."""


@attrs.define
class _Failures:
    count: int
    last: float


class Throttle:
    """Failed sign-ins by key (``account:NAME``, ``client:ADDRESS``) and the waits they cause."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def wait(self, account: str, client: str, now: float) -> int:
        """The seconds a sign-in to ``account`` from ``client`` must still wait (0: none)."""
        with self._lock:
            return max(
                self._wait(f"account:{account}", ACCOUNT_FREE, now),
                self._wait(f"client:{client}", CLIENT_FREE, now),
            )

    def failed(self, account: str, client: str, now: float) -> None:
        """Count a failed (or refused) sign-in to ``account`` from ``client``."""
        with self._lock:
            for key in (f"account:{account}", f"client:{client}"):
                found = self._current(key, now)
                self._failures[key] = _Failures((found.count if found else 0) + 1, now)

    def succeeded(self, account: str) -> None:
        """Forget the failures of ``account`` (its client's stay)."""
        with self._lock:
            self._failures.pop(f"account:{account}", None)

    def _current(self, key: str, now: float) -> _Failures | None:
        found = self._failures.get(key)
        if found is not None and now - found.last > LONGEST:
            del self._failures[key]
            return None
        return found

    def _wait(self, key: str, free: int, now: float) -> int:
        found = self._current(key, now)
        if found is None or found.count < free:
            return 0
        delay = min(1 << min(found.count - free, 20), LONGEST)  # 1, 2, 4 ... seconds
        return max(0, math.ceil(found.last + delay - now))

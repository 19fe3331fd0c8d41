"""Run a unit of work again when it failed for a reason that a new attempt can cure.

Two writers of one record, a deadlock the database broke, a connection the server dropped:
each makes a unit of work fail with a *retryable* library error, and the remedy is always the
same: roll back, wait a little, and run the whole block again in a new unit of work, so that
it reads the current state. :func:`retrying` is that loop::

    from halt_core.storage import retrying

    for attempt in retrying(store, attempts=5):
        with attempt as uow:
            lesson = uow.interventions.get(lesson_id)
            uow.interventions.save(attrs.evolve(lesson, title=new_title))

The block must be safe to run more than once: read what it changes inside the block, and do
nothing outside the store (no mail, no prints) until the loop is over.
"""

from __future__ import annotations

import logging
import random
import time
import types
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from halt_core.errors import HaltError, InvalidValue

if TYPE_CHECKING:
    from halt_core.storage.store import Store
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["Attempt", "is_retryable", "retrying"]

_log = logging.getLogger("halt_core.storage")


def is_retryable(error: BaseException) -> bool:
    """Whether running the failed unit of work again, anew, may succeed.

    True for :class:`~halt_core.errors.ConcurrencyConflict` (and its
    :class:`~halt_core.errors.TransactionAborted`) and for a
    :class:`~halt_core.errors.StoreUnavailable` raised with ``retryable=True`` (a dropped
    connection, a lock not granted in time); False for everything else.
    """
    return isinstance(error, HaltError) and error.retryable


class Attempt:
    """One run of the block: a context manager that opens a unit of work and ends it.

    Entering it returns the unit of work (already begun); leaving it commits (or rolls back
    when the block raised). A retryable error on any but the last attempt is swallowed, and
    :func:`retrying` goes on to the next attempt; any other error, or one on the last
    attempt, goes up as it is.

    Attributes:
        number: which attempt this is, from 1.
        last: whether it is the last one.
        error: the retryable error that ended it, if one did.

    """

    def __init__(self, uow: UnitOfWork, number: int, *, last: bool) -> None:
        self.number = number
        self.last = last
        self.error: HaltError | None = None
        self._uow = uow
        self._ended = False

    def __enter__(self) -> UnitOfWork:
        return self._uow

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> bool:
        self._ended = True
        try:
            self._uow.__exit__(exc_type, exc, traceback)
        except HaltError as error:  # committing failed
            if self.last or not error.retryable:
                raise
            self.error = error
            return exc is not None  # the block's own error gave way to the commit's
        if isinstance(exc, HaltError) and exc.retryable and not self.last:
            self.error = exc
            return True
        return False

    def _abandon(self) -> None:
        # The loop's body never used the attempt (or left the loop): end it unsaved.
        if not self._ended:
            self._ended = True
            self._uow.__exit__(GeneratorExit, GeneratorExit(), None)


def retrying(
    store: Store,
    *,
    attempts: int = 5,
    first_delay: float = 0.02,
    max_delay: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    jitter: Callable[[], float] = random.random,
) -> Iterator[Attempt]:
    """Attempts at a unit of work, until one commits or ``attempts`` have failed.

    Between attempts it waits a random time up to ``first_delay`` doubled for every attempt
    so far, and at most ``max_delay`` seconds ("full jitter", so writers that collided do not
    collide again). The error of the last attempt is raised as it is; each retry is logged
    (``halt_core.storage``, level INFO).
    """
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise InvalidValue("retrying", "attempts", attempts, "expected a whole number of 1 or more")
    for number in range(1, attempts + 1):
        last = number == attempts
        try:
            # Begun here, so that a unit of work that cannot even begin is retried too.
            attempt: Attempt | None = Attempt(store.unit_of_work().__enter__(), number, last=last)
        except HaltError as error:
            if last or not error.retryable:
                raise
            attempt, failure = None, error
        if attempt is not None:
            try:
                yield attempt
            finally:
                attempt._abandon()
            if attempt.error is None:
                return
            failure = attempt.error
        delay = jitter() * min(max_delay, first_delay * 2 ** (number - 1))
        _log.info(
            "attempt %d of %d failed (%s); trying again in %.3f s", number, attempts, failure, delay
        )
        sleep(delay)

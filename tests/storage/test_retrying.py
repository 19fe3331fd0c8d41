"""retrying(): runs a unit of work again on retryable errors, and on nothing else."""

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import halt_core
from halt_core.demo import generate
from halt_core.errors import (
    ConcurrencyConflict,
    HaltError,
    InvalidValue,
    NotFound,
    StoreUnavailable,
    TransactionAborted,
)
from halt_core.storage import Store, UnitOfWork, is_retryable, retrying

NETWORK = generate(seed=1, size=40).network


@pytest.fixture
def store() -> Iterator[Store]:
    with halt_core.connect("memory://") as store:
        yield store


def _conflict() -> ConcurrencyConflict:
    return ConcurrencyConflict("partner", uuid.uuid4(), 1, 2)


def _run(store: Store, block: Callable[[UnitOfWork], object], **options: Any) -> None:
    """The loop every caller writes: ``block`` in units of work until one commits."""
    for attempt in retrying(store, **options):
        with attempt as uow:
            block(uow)


def _raise(error: BaseException) -> Callable[[UnitOfWork], None]:
    def block(uow: UnitOfWork) -> None:
        raise error

    return block


def test_a_retryable_failure_runs_the_block_again_until_it_commits(store: Store) -> None:
    waits: list[float] = []
    partner = NETWORK.partners[0]
    runs = 0
    for attempt in retrying(store, attempts=5, sleep=waits.append, jitter=lambda: 1.0):
        with attempt as uow:
            runs += 1
            uow.partners.add(partner)
            if runs < 3:
                raise _conflict()
    assert runs == 3
    assert waits == [0.02, 0.04]  # full jitter at its top: first_delay doubled each time
    with store.unit_of_work() as uow:
        assert uow.partners.count() == 1  # the failed attempts were rolled back


def test_the_waits_never_exceed_max_delay(store: Store) -> None:
    waits: list[float] = []
    options = {"attempts": 12, "sleep": waits.append, "jitter": lambda: 1.0, "max_delay": 0.5}
    with pytest.raises(ConcurrencyConflict):
        _run(store, _raise(_conflict()), **options)
    assert len(waits) == 11
    assert max(waits) == 0.5


def test_the_last_attempts_error_goes_up_as_it_is(store: Store) -> None:
    raised: list[HaltError] = []

    def block(uow: UnitOfWork) -> None:
        raised.append(_conflict())
        raise raised[-1]

    with pytest.raises(ConcurrencyConflict) as info:
        _run(store, block, attempts=3, sleep=lambda _: None)
    assert len(raised) == 3
    assert info.value is raised[-1]


@pytest.mark.parametrize(
    "error",
    [
        NotFound("partner", uuid.uuid4(), "gone"),
        StoreUnavailable("memory://", "the disk is full"),
        ValueError("a bug in the block"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_other_errors_go_up_at_once_and_roll_back(store: Store, error: Exception) -> None:
    runs: list[int] = []

    def block(uow: UnitOfWork) -> None:
        runs.append(1)
        uow.partners.add(NETWORK.partners[0])
        raise error

    with pytest.raises(type(error)):
        _run(store, block, attempts=5, sleep=lambda _: None)
    assert len(runs) == 1
    with store.unit_of_work() as uow:
        assert uow.partners.count() == 0


def test_a_real_conflict_between_two_units_of_work_is_retried(store: Store) -> None:
    partner = NETWORK.partners[0]
    with store.unit_of_work() as uow:
        uow.partners.add(partner)
    names: list[str] = []
    for attempt in retrying(store, sleep=lambda _: None):
        with attempt as uow:
            read = uow.partners.get(partner.id)
            names.append(read.name)
            if len(names) == 1:  # someone else saves meanwhile
                with store.unit_of_work() as other:
                    other.partners.save(attrs.evolve(read, name="Tussendoor"), expected_version=1)
            uow.partners.save(attrs.evolve(read, name=read.name + " (bijgewerkt)"))
    assert names == [partner.name, "Tussendoor"]
    with store.unit_of_work() as uow:
        assert uow.partners.get_versioned(partner.id).version == 3


class _Flaky(Store):
    """A memory store whose first units of work cannot begin (as after a lost server)."""

    def __init__(self, failures: int) -> None:
        super().__init__("flaky://")
        self.inner = halt_core.connect("memory://")
        self.failures = failures

    def unit_of_work(self) -> UnitOfWork:
        if self.failures:
            self.failures -= 1
            raise StoreUnavailable(self.url, "no connection", retryable=True)
        return self.inner.unit_of_work()

    def close(self) -> None:
        self.inner.close()

    @property
    def schema_version(self) -> int:
        return self.inner.schema_version


def test_a_unit_of_work_that_cannot_begin_is_retried() -> None:
    flaky = _Flaky(failures=2)
    numbers = []
    for attempt in retrying(flaky, attempts=3, sleep=lambda _: None):
        numbers.append(attempt.number)
        with attempt as uow:
            uow.partners.add(NETWORK.partners[0])
    assert numbers == [3]
    never = _raise(AssertionError("no attempt can begin"))
    with pytest.raises(StoreUnavailable, match="no connection"):
        _run(_Flaky(failures=3), never, attempts=3, sleep=lambda _: None)


def test_leaving_the_loop_early_rolls_the_attempt_back(store: Store) -> None:
    for attempt in retrying(store):
        uow = attempt.__enter__()
        uow.partners.add(NETWORK.partners[0])
        break  # the attempt was never left through its `with`: nothing may be stored
    del attempt
    with store.unit_of_work() as check:
        assert check.partners.count() == 0
        # The abandoned attempt released the writer's lock (else this waits, then fails).
        check.partners.add(NETWORK.partners[1])


@given(attempts=st.one_of(st.integers(max_value=0), st.just(True), st.floats(), st.text()))
def test_attempts_must_be_a_whole_number_of_one_or_more(attempts: object) -> None:
    with halt_core.connect("memory://") as store, pytest.raises(InvalidValue, match="attempts"):
        next(retrying(store, attempts=attempts))  # type: ignore[arg-type]


def test_which_errors_are_retryable() -> None:
    assert is_retryable(_conflict())
    assert is_retryable(TransactionAborted("memory://", "deadlock detected"))
    assert is_retryable(StoreUnavailable("memory://", "lost", retryable=True))
    assert not is_retryable(StoreUnavailable("memory://", "wrong password"))
    assert not is_retryable(NotFound("partner", uuid.uuid4(), "gone"))
    assert not is_retryable(ValueError("not ours"))

"""The in-memory store passes the conformance suite."""

from collections.abc import Iterator

import pytest

from halt_adapters.storage.memory import MemoryStore
from halt_adapters.testing import StoreConformance
from halt_core.demo import generate
from halt_core.storage import StoreUnavailable


class TestMemoryStore(StoreConformance):
    @pytest.fixture
    def store(self) -> Iterator[MemoryStore]:
        store = MemoryStore()
        yield store
        store.close()

    # Memory keeps nothing once closed and has a single schema version, so the suite's two
    # tests that need a store opened again are replaced by what memory promises instead.

    def test_data_survives_reopening(self, store, reopen) -> None:
        partner = generate(seed=1, size=40).network.partners[0]
        with store.unit_of_work() as uow:
            uow.partners.add(partner)
        with MemoryStore() as again, again.unit_of_work() as uow:
            assert uow.partners.count() == 0, "each memory store starts empty"
        store.close()
        with pytest.raises(StoreUnavailable, match="closed"):
            store.unit_of_work()

    def test_a_store_from_a_newer_halt_core_is_refused(self, store, reopen, make_newer) -> None:
        assert store.schema_version == 1, "memory has one schema, never an older or newer one"

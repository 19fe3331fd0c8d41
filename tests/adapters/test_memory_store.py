"""The in-memory store passes the conformance suite."""

from collections.abc import Iterator

import pytest

from halt_adapters.storage.memory import MemoryStore
from halt_adapters.testing import StoreConformance


class TestMemoryStore(StoreConformance):
    @pytest.fixture
    def store(self) -> Iterator[MemoryStore]:
        store = MemoryStore()
        yield store
        store.close()

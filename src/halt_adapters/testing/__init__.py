"""Conformance suites for adapter authors: subclass one, provide a fixture, run pytest.

:class:`StoreConformance` (from :mod:`halt_adapters.testing.storage`) checks a store adapter
against the storage contract. It needs the ``testing`` extra (pytest and hypothesis).
"""

from halt_adapters.testing.storage import StoreConformance

__all__ = ["StoreConformance"]

"""Conformance kits for plugin authors: subclass one, provide a fixture, run pytest.

- :class:`StoreConformance` (from :mod:`halt_adapters.testing.storage`) checks a store adapter
  (the ``halt_store_schemes`` and ``halt_open_store`` hooks) against the storage contract;
  provide a ``store`` fixture, and ``reopen`` for a store that keeps its data.
- :class:`ExporterConformance` (from :mod:`halt_adapters.testing.exporting`) checks an export
  format (the ``halt_exporters`` hook) against the exporter contract; provide an ``exporter``
  fixture.
- :class:`NotifierConformance` (from :mod:`halt_adapters.testing.notifying`) checks a notifier
  (the ``halt_notifiers`` hook) against the notifier contract; provide ``notifier`` and
  ``delivered`` fixtures, and ``target_down`` for a target that can be down.
- :class:`WebhookReceiver` (from :mod:`halt_adapters.testing.receiver`) is an HTTP server on
  loopback that records what a webhook sends and answers as a test tells it to.

They need the ``testing`` extra: ``pip install "halt-core[testing]"`` (pytest and hypothesis).
"""

from halt_adapters.testing.exporting import ExporterConformance
from halt_adapters.testing.notifying import NotifierConformance
from halt_adapters.testing.receiver import WebhookReceiver
from halt_adapters.testing.storage import StoreConformance

__all__ = ["ExporterConformance", "NotifierConformance", "StoreConformance", "WebhookReceiver"]

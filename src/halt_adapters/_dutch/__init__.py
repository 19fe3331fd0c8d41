"""The adapters' phrasebook: the Dutch of the free texts their errors carry.

Registered with :data:`halt_core.errors.PHRASEBOOK` when :mod:`halt_adapters` is imported,
and loaded on the first look-up. One module per adapter area, each with ``PHRASES``.
"""

"""Test support for code built on halt_core.

:mod:`halt_core.testing.strategies` holds Hypothesis strategies for every model; it needs the
``testing`` extra (``pip install "halt-core[testing]"``). Nothing here is imported by
``import halt_core``.
"""

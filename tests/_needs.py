"""Programs some tests need from the system, found or explained.

A missing program skips its tests with how to install it, except where the environment asks
for it (``.ci/run`` sets ``HALT_REQUIRE_GRAPHVIZ=1``): there, a missing one is a failure.
"""

import os
import shutil

import pytest


def graphviz() -> str:
    """The path of Graphviz's ``dot``, for the picture exports."""
    found = shutil.which("dot")
    if found is None:
        message = (
            "Graphviz's 'dot' is not installed: apt install graphviz (or brew install "
            "graphviz) to run the picture tests"
        )
        if os.environ.get("HALT_REQUIRE_GRAPHVIZ") == "1":
            pytest.fail(f"{message} (HALT_REQUIRE_GRAPHVIZ=1 makes this a failure)")
        pytest.skip(message)
    return found

"""halt_adapters: where halt_core meets files, databases and the network.

halt_core itself is pure; everything that does I/O lives here, one adapter per subpackage,
each plugged in through the ``halt`` entry-point group. Nothing here is imported by
``import halt_core``, and each adapter's dependencies are an optional extra.
"""

from halt_core.errors import PHRASEBOOK as _PHRASEBOOK

for _area in ("storage", "notify", "export", "cli"):
    _PHRASEBOOK.add_module(f"halt_adapters._dutch.{_area}")

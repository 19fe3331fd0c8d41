"""A halt_core plugin: a store in one JSON file, and the network as Markdown tables.

Its two plugins are the modules :mod:`halt_plugin_template.store` (the ``dictfile://`` store)
and :mod:`halt_plugin_template.markdown` (the ``markdown`` export format), each announced in
the ``halt`` entry-point group of ``pyproject.toml``. Nothing here is imported until halt_core
loads them.
"""

__version__ = "0.1.0"

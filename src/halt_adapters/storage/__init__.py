"""The built-in stores: ``memory://``, ``sqlite:///path`` (the default) and ``postgresql://``.

Each is a plugin module registered in the ``halt`` entry-point group, so
:func:`halt_core.connect` finds it by the URL's scheme; the PostgreSQL one needs the
``postgresql`` extra.
"""

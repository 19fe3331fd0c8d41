"""halt_core's phrasebook: the Dutch of the free texts its errors carry, by where they are written.

Each module holds ``PHRASES``, pairs of an English template and its Dutch (see
:class:`halt_core.errors.Phrasebook` for the ``{name}`` and ``{name:nl}`` parts). The tests raise
the library's errors and fail on any text that has no Dutch here.
"""

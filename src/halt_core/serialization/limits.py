"""The limits that protect the boundary, in one place.

Everything that reads outside data (:func:`~halt_core.serialization.from_json`,
:func:`~halt_core.serialization.from_dict`, :func:`~halt_core.events.event_from_json`, the
model constructors) keeps to these, so that no document, however large or strange, makes
halt_core raise anything but a :class:`~halt_core.errors.HaltError`, take long to say what is
wrong, or repeat in an error what it should not. The page "Bad input and secrets" in the docs
explains each of them.

They are constants, not settings: a program that needs other limits has a different problem.
The years a date or a moment may lie in are the model's, in :mod:`halt_core.model.periods`
(:data:`~halt_core.model.periods.FIRST_DAY` to :data:`~halt_core.model.periods.LAST_DAY`).
"""

from __future__ import annotations

__all__ = [
    "MAX_DEPTH",
    "MAX_ECHO",
    "MAX_MESSAGE_LENGTH",
    "MAX_PROBLEMS",
]

MAX_DEPTH = 32
"""The deepest nesting of JSON arrays and objects halt_core reads.

The deepest document halt_core writes (a network) nests six levels: a network's meetings, a
meeting's cases, whom a case was discussed with. A valid document of the current version is
decoded straight into its class: msgspec reads only the class's own fields, whose nesting the
class bounds, and skips keys the class does not know without building them (guarding its own
recursion as it does). Any other document is read as plain
JSON, which builds every level in Python; before that, one nested deeper than this is refused
with :class:`~halt_core.errors.InvalidDocument`, by a scan of its bytes that never recurses.
"""

MAX_PROBLEMS = 20
"""The most problems an :class:`~halt_core.errors.InvalidDocument` lists.

The first ones found, in document order; its message ends with how many more there are
(``... and 199,980 more``) and :attr:`~halt_core.errors.InvalidDocument.count` holds the total.
"""

MAX_ECHO = 40
"""The most characters of a value an error shows (``'a very long na...``).

Values of fields that hold personal data of a youth are never shown at all: an error describes
their shape instead (``a name-like text``).
"""

MAX_MESSAGE_LENGTH = 16_000
"""The most characters the message of any error raised for a document may have.

:data:`MAX_PROBLEMS` lines of at most ``MAX_MESSAGE_LENGTH // (MAX_PROBLEMS + 1)``
characters each, a first line and a last: a message never grows with the document.
"""

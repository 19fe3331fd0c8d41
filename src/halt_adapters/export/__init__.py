"""halt_core's own export formats, each a plugin in the ``halt`` entry-point group.

===========  ============================================  ==============================
format       writes                                        module
===========  ============================================  ==============================
``csv``      one CSV file per record kind                  :mod:`.csvfiles`
``json``     one JSON document of every record             :mod:`.jsonfiles`
``jsonl``    JSON Lines: a header, then a record a line    :mod:`.jsonfiles`
``xlsx``     an Excel workbook, one sheet per kind         :mod:`.xlsx` (extra ``xlsx``)
``ics``      an iCalendar of meetings and sessions         :mod:`.ics` (extra ``ics``)
``dot``      the network as a Graphviz graph               :mod:`.graph`
``mermaid``  the network as a Mermaid flowchart            :mod:`.graph`
``svg``      the network picture (needs Graphviz ``dot``)  :mod:`.graph`
``png``      the network picture (needs Graphviz ``dot``)  :mod:`.graph`
===========  ============================================  ==============================

Call them through :func:`halt_core.export.export`. :class:`DirectorySink` writes the files
of a multi-file format (CSV) into a folder.
"""

from halt_adapters.export.sinks import DirectorySink

__all__ = ["DirectorySink"]

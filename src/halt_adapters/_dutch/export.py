"""The Dutch of the texts the export adapters raise."""

PHRASES: tuple[tuple[str, str], ...] = (
    # -- halt_adapters.export._graphviz, _scratch -----------------------------------------------
    (
        "its temporary file in {folder} could not be used ({detail}): free some space there, or "
        "set TMPDIR to a folder with room",
        "het tijdelijke bestand in {folder} kon niet worden gebruikt ({detail}): maak daar "
        "ruimte vrij, of zet TMPDIR op een map met ruimte",
    ),
    (
        "Graphviz 'dot' could not be run: {detail}",
        "Graphviz 'dot' kon niet worden gestart: {detail}",
    ),
    (
        "Graphviz 'dot' took longer than {seconds} s: draw less, e.g. with the setting "
        "arrondissement",
        "Graphviz 'dot' deed er langer dan {seconds} s over: teken minder, bijv. met de "
        "instelling arrondissement",
    ),
    ("Graphviz 'dot' failed: {detail}", "Graphviz 'dot' is mislukt: {detail}"),
    ("Graphviz 'dot' failed: no output", "Graphviz 'dot' is mislukt: geen uitvoer"),
    (
        "Graphviz 'dot' failed: exit status {status}",
        "Graphviz 'dot' is mislukt: afsluitstatus {status}",
    ),
    # -- halt_adapters.export.graph -------------------------------------------------------------
    ("en or nl", "en of nl"),
    (
        "the Graphviz 'dot' program is not installed: install Graphviz (apt install graphviz, "
        "brew install graphviz) or export 'dot'/'mermaid' text instead",
        "het programma 'dot' van Graphviz is niet geïnstalleerd: installeer Graphviz (apt "
        "install graphviz, brew install graphviz) of exporteer in plaats daarvan tekst als "
        "'dot'/'mermaid'",
    ),
    # -- halt_adapters.export.csvfiles ----------------------------------------------------------
    ("',' (default), ';' or 'tab'", "',' (standaard), ';' of 'tab'"),
    (
        "it writes a file per record kind ({kinds}) and was given one stream: export to a .zip "
        "archive or a folder, or export one record kind",
        "het formaat schrijft een bestand per soort record ({kinds}) maar kreeg één "
        "uitvoerstroom: exporteer naar een .zip-archief of een map, of exporteer één soort record",
    ),
    # -- halt_adapters.export.ics ---------------------------------------------------------------
    ("an e-mail address", "een e-mailadres"),
    (
        "it needs the icalendar package: install halt-core[ics]",
        "hiervoor is het pakket icalendar nodig: installeer halt-core[ics]",
    ),
    (
        "all, forum:<forum id> or partner:<partner id>",
        "all, forum:<id van het overleg> of partner:<id van de partner>",
    ),
    (
        "a forum among the exported records (is the id right, are forums exported?)",
        "een overleg dat bij de geëxporteerde records hoort (klopt het id, en worden overleggen "
        "geëxporteerd?)",
    ),
    (
        "a partner among the exported records (is the id right, are partners exported?)",
        "een partner die bij de geëxporteerde records hoort (klopt het id, en worden partners "
        "geëxporteerd?)",
    ),
    # -- halt_adapters.export.jsonfiles, xlsx ---------------------------------------------------
    (
        "the {kind:nl} came in two groups: give the records of each kind together (as a network "
        "or a store gives them)",
        "de {kind} kwamen in twee groepen: geef de records van elke soort bij elkaar (zoals een "
        "netwerk of een opslag ze geeft)",
    ),
    (
        "the {kind:nl} came in more than one group: give the records of each kind together (as "
        "a network or a store gives them)",
        "de {kind} kwamen in meer dan één groep: geef de records van elke soort bij elkaar "
        "(zoals een netwerk of een opslag ze geeft)",
    ),
    ("expected a JSON object", "verwacht een JSON-object"),
    ("expected a list of {kind:nl}", "verwacht een lijst met {kind}"),
    # msgspec's own words (the detail) in Dutch where the phrasebook has them, else as they are
    ("not valid JSON: {detail:nl}", "geen geldige JSON: {detail}"),
    ("not valid JSON: {detail}", "geen geldige JSON: {detail}"),
    ("not valid JSON on line {line}: {detail:nl}", "geen geldige JSON op regel {line}: {detail}"),
    ("not valid JSON on line {line}: {detail}", "geen geldige JSON op regel {line}: {detail}"),
    (
        "unknown kind {kind}: expected one of {kinds}",
        "onbekende soort {kind}: verwacht een van {kinds}",
    ),
    (
        'expected the export header {"schema_version":1,"export":{...}} first',
        'verwacht eerst de kopregel van de export {"schema_version":1,"export":{...}}',
    ),
    ("the export is empty: no header line", "de export is leeg: er is geen kopregel"),
    # -- halt_adapters.export.sinks -------------------------------------------------------------
    ("cannot use the folder {folder}: {detail}", "kan de map {folder} niet gebruiken: {detail}"),
    (
        "the folder {folder} is not empty ({files}): export into a new or empty folder, so no "
        "file of another export is taken for part of this one",
        "de map {folder} is niet leeg ({files}): exporteer naar een nieuwe of lege map, zodat "
        "geen bestand van een andere export wordt aangezien voor een deel van deze export",
    ),
    # -- halt_adapters.export.xlsx --------------------------------------------------------------
    (
        "it needs openpyxl: install halt-core[xlsx] (pip install 'halt-core[xlsx]')",
        "hiervoor is openpyxl nodig: installeer halt-core[xlsx] (pip install 'halt-core[xlsx]')",
    ),
)

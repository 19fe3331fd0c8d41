"""The Dutch of the messages of the halt command (CommandError)."""

PHRASES: tuple[tuple[str, str], ...] = (
    # -- halt_adapters.cli ----------------------------------------------------------------------
    (
        "--store (or HALT_STORE_URL) is empty: give a store URL such as sqlite:///halt.sqlite3, "
        "or leave it out for the default store",
        "--store (of HALT_STORE_URL) is leeg: geef een opslag-URL zoals sqlite:///halt.sqlite3, "
        "of laat de optie weg voor de standaardopslag",
    ),
    # -- halt_adapters.cli._check ---------------------------------------------------------------
    (
        "give --arrondissement or --changed-since, not both",
        "geef --arrondissement of --changed-since, niet allebei",
    ),
    # -- halt_adapters.cli._context -------------------------------------------------------------
    (
        "there is no store at {path} yet: run 'halt init' for an empty one or 'halt demo' for "
        "the demo network, or pass --store URL",
        "er is nog geen opslag op {path}: voer 'halt init' uit voor een lege opslag of "
        "'halt demo' voor het demonetwerk, of geef --store URL",
    ),
    (
        "{option}: {value} is not a date; write it as 2026-11-26",
        "{option}: {value} is geen datum; schrijf de datum als 2026-11-26",
    ),
    (
        "{option}: {value} is not a date and time; write it as 2026-11-26 09:30",
        "{option}: {value} is geen datum en tijd; schrijf datum en tijd als 2026-11-26 09:30",
    ),
    # A wall time the clocks skip or go through twice: local_time's words, and which to write.
    ("{option}: {value}: {allowed:nl}", "{option}: {value}: {allowed}"),
    (
        "{option}: {value}: {allowed:nl}; write {first} for the first or {second} for the second",
        "{option}: {value}: {allowed}; schrijf {first} voor de eerste of {second} voor de tweede",
    ),
    (
        "{value} is not a valid {what:nl} id: ids look like 1b4e28ba-2fa1-11d2-883f-0016d3cca427 "
        "(see the first column of 'list')",
        "{value} is geen geldig id van een {what}: een id ziet eruit als "
        "1b4e28ba-2fa1-11d2-883f-0016d3cca427 (zie de eerste kolom van 'list')",
    ),
    (
        "{name} is not an arrondissement; they are {names}",
        "{name} is geen arrondissement; de arrondissementen zijn {names}",
    ),
    ("--to {last} lies before --from {first}", "--to {last} ligt vóór --from {first}"),
    # -- halt_adapters.cli._demo ----------------------------------------------------------------
    (
        "{store} already holds {count} records of another network: pass --store with a new "
        "file (e.g. --store sqlite:///demo.sqlite3), or the same --seed and --size as before",
        "{store} bevat al {count} records van een ander netwerk: geef --store met een nieuw "
        "bestand (bijv. --store sqlite:///demo.sqlite3), of dezelfde --seed en --size als eerder",
    ),
    # -- halt_adapters.cli._data ----------------------------------------------------------------
    (
        "{name} holds no records: is it a file 'halt export' wrote?",
        "{name} bevat geen records: is het een bestand dat 'halt export' heeft geschreven?",
    ),
    # The raise site gives the Dutch itself (ImportRefused.in_dutch); this is for the scan.
    (
        "nothing was imported: {source} has {count} {noun:nl}; fix them (or leave those records "
        "out) and import again",
        "er is niets geïmporteerd: {source} heeft {count} {noun}; herstel ze (of laat die "
        "records weg) en importeer opnieuw",
    ),
    ("problem", "probleem"),
    ("problems", "problemen"),
    (
        "{file} is a folder: import reads one .json or .jsonl file",
        "{file} is een map: import leest één .json- of .jsonl-bestand",
    ),
    (
        "{file}: import reads .json and .jsonl files (as 'halt export' writes)",
        "{file}: import leest .json- en .jsonl-bestanden (zoals 'halt export' ze schrijft)",
    ),
    ("cannot read {file}: {detail}", "kan {file} niet lezen: {detail}"),
    (
        "{name} was exported with personal data of youths pseudonymised: its youths are "
        "tokens, not the stored pseudonyms. Import an export made with --personal-data include "
        "--free-text keep (and a --purpose), or pass --accept-pseudonymised to store the tokens",
        "{name} is geëxporteerd met gepseudonimiseerde persoonsgegevens van jongeren: de "
        "jongeren erin zijn tokens, niet de opgeslagen pseudoniemen. Importeer een export die "
        "is gemaakt met --personal-data include --free-text keep (en een --purpose), of geef "
        "--accept-pseudonymised om de tokens op te slaan",
    ),
    # -- halt_adapters.cli._export --------------------------------------------------------------
    (
        "--set {text}: write a setting as KEY=VALUE, e.g. --set delimiter=';'",
        "--set {text}: schrijf een instelling als KEY=VALUE, bijv. --set delimiter=';'",
    ),
    (
        "--out is empty: give a file, a folder, or - for standard output",
        "--out is leeg: geef een bestand, een map, of - voor standaarduitvoer",
    ),
    (
        "--out {out}: the folder is not empty; export into a new or empty folder, so no file "
        "of another export is taken for part of this one",
        "--out {out}: de map is niet leeg; exporteer naar een nieuwe of lege map, zodat geen "
        "bestand van een andere export voor een deel van deze wordt aangezien",
    ),
    (
        "--out {out}: the folder {folder} does not exist",
        "--out {out}: de map {folder} bestaat niet",
    ),
    ("cannot write {path}: {detail}", "kan {path} niet schrijven: {detail}"),
    # -- halt_adapters.cli._lifecycle -----------------------------------------------------------
    (
        "--session {text}: write a session as '2026-10-05 09:00-10:30 @ location' "
        "(Europe/Amsterdam time)",
        "--session {text}: schrijf een sessie als '2026-10-05 09:00-10:30 @ locatie' "
        "(tijd in Europe/Amsterdam)",
    ),
    (
        "--session {text}: the times must be like 09:00 and 10:30",
        "--session {text}: de tijden moeten eruitzien als 09:00 en 10:30",
    ),
    (
        "--session {text}: it ends ({end}) before it starts ({start})",
        "--session {text}: de sessie eindigt ({end}) voordat ze begint ({start})",
    ),
    (
        "--session {text}: {time} is not a time on a Dutch clock on {day}; there it is "
        "{actual} (or leave the offset out)",
        "--session {text}: {time} is op {day} geen tijd op een Nederlandse klok; daar is het "
        "{actual} (of laat de offset weg)",
    ),
    ("--session {text}: {allowed:nl}", "--session {text}: {allowed}"),
    (
        "--session {text}: {allowed:nl}; in --session write {first} for the first or {second} "
        "for the second",
        "--session {text}: {allowed}; schrijf in --session {first} voor de eerste of {second} "
        "voor de tweede",
    ),
    (
        "--session '#{ref} ...': that session is given twice; give it once",
        "--session '#{ref} ...': die sessie is twee keer gegeven; geef haar één keer",
    ),
    (
        "--session '#{ref} ...': the plan has 1 session, #1, as 'halt interventions show ID' "
        "lists them",
        "--session '#{ref} ...': het plan heeft 1 sessie, #1, zoals 'halt interventions show "
        "ID' die toont",
    ),
    (
        "--session '#{ref} ...': the plan has {count} sessions, numbered 1 to {count} as "
        "'halt interventions show ID' lists them",
        "--session '#{ref} ...': het plan heeft {count} sessies, genummerd 1 tot en met "
        "{count} zoals 'halt interventions show ID' ze toont",
    ),
    (
        "--session '#{ref} ...': nothing is planned yet; leave the #{ref} out",
        "--session '#{ref} ...': er is nog niets gepland; laat #{ref} weg",
    ),
    (
        "--session '#{ref} ...': give a session's number, or at least {least} characters of its id",
        "--session '#{ref} ...': geef het nummer van een sessie, of minstens {least} tekens van "
        "haar id",
    ),
    (
        "--session '#{ref} ...': no session has an id starting with {start}; see the ids in "
        "'halt interventions show ID --format json'",
        "--session '#{ref} ...': geen sessie heeft een id dat begint met {start}; zie de ids in "
        "'halt interventions show ID --format json'",
    ),
    (
        "--session '#{ref} ...': {count} sessions have an id starting with {start}; see the "
        "ids in 'halt interventions show ID --format json'",
        "--session '#{ref} ...': {count} sessies hebben een id dat begint met {start}; zie de "
        "ids in 'halt interventions show ID --format json'",
    ),
    ("'halt advance ID {step}' needs {option}", "'halt advance ID {step}' heeft {option} nodig"),
    (
        "--on {day}: the evaluation cannot be after the step is recorded ({recorded}); give "
        "--at the moment it was recorded",
        "--on {day}: de evaluatie kan niet later zijn dan het vastleggen van de stap "
        "({recorded}); geef met --at het moment waarop de stap is vastgelegd",
    ),
    (
        "--at {at}: that lies in the future; a step is recorded when it happened",
        "--at {at}: dat ligt in de toekomst; een stap wordt vastgelegd wanneer hij plaatsvond",
    ),
    # -- halt_adapters.cli._notify --------------------------------------------------------------
    (
        "no notifier: give --notifier URL (log:, smtp://host?from=ADDR, "
        "webhook+https://host/path), or set {variable}",
        "geen notifier: geef --notifier URL (log:, smtp://host?from=ADDR, "
        "webhook+https://host/path), of stel {variable} in",
    ),
    (
        "give the ids of dead letters ('halt notify dead-letters'), or --all",
        "geef de ids van onbestelbare meldingen ('halt notify dead-letters'), of --all",
    ),
    (
        "{text} is not a delivery id; 'halt notify dead-letters' lists them",
        "{text} is geen id van een bezorging; 'halt notify dead-letters' toont ze",
    ),
    # -- halt_adapters.cli._privacy -------------------------------------------------------------
    ("PSEUDONYM is {problem:nl}: {shape:nl}", "PSEUDONYM is {problem}: {shape}"),
    (
        "--list takes no PSEUDONYM, --reason or --lift",
        "--list gaat niet samen met PSEUDONYM, --reason of --lift",
    ),
    (
        "give a PSEUDONYM (with --reason, or --lift), or --list",
        "geef een PSEUDONYM (met --reason, of --lift), of --list",
    ),
    ("--lift takes no --reason", "--lift gaat niet samen met --reason"),
    (
        "{youth} is not under a legal hold ('halt hold --list')",
        "op {youth} rust geen bewaarplicht ('halt hold --list')",
    ),
    (
        "say why with --reason TEXT, e.g. --reason 'klacht 2026-14'",
        "geef de reden met --reason TEXT, bijv. --reason 'klacht 2026-14'",
    ),
    (
        "erasing cannot be undone and standard input is not a terminal to confirm on: add "
        "--yes to erase without being asked",
        "wissen kan niet ongedaan worden gemaakt en standaardinvoer is geen terminal om op te "
        "bevestigen: voeg --yes toe om te wissen zonder dat erom gevraagd wordt",
    ),
    (
        "--out {out} is a folder; give a file name, e.g. {example}",
        "--out {out} is een map; geef een bestandsnaam, bijv. {example}",
    ),
    (
        "{out} exists; choose another --out, or add --force to overwrite it",
        "{out} bestaat al; kies een andere --out, of voeg --force toe om het te overschrijven",
    ),
    # -- halt_adapters.cli._records -------------------------------------------------------------
    (
        "give --municipality or --arrondissement, not both",
        "geef --municipality of --arrondissement, niet allebei",
    ),
    # -- halt_adapters.cli._schema --------------------------------------------------------------
    (
        "there is no kind {kind}; the kinds are {kinds} (run 'halt schema' to list them)",
        "er is geen soort {kind}; de soorten zijn {kinds} (voer 'halt schema' uit om ze te tonen)",
    ),
)

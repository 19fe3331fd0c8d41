"""The Dutch of the texts the storage adapters raise."""

PHRASES: tuple[tuple[str, str], ...] = (
    # -- what a store keeps beside the kinds of record (those are halt_core's) -----------------
    ("records", "records"),
    ("event", "gebeurtenis"),
    ("disclosures", "verstrekkingen"),
    ("erasures", "wissingen"),
    # -- what every store says -----------------------------------------------------------------
    ("the store is closed", "de opslag is gesloten"),
    ("unknown options {options}; known: {known}", "onbekende opties {options}; bekend: {known}"),
    (
        "the option {name} is given in the URL and as a keyword",
        "de optie {name} staat in de URL en is ook als trefwoordargument gegeven",
    ),
    ("{name}={value}: give one of {values}", "{name}={value}: geef een van {values}"),
    (
        "{name}={value}: give a number from {low} to {high}",
        "{name}={value}: geef een getal van {low} tot en met {high}",
    ),
    (
        "{name}={value}: give a number of seconds from {low} to {high}",
        "{name}={value}: geef een aantal seconden van {low} tot en met {high}",
    ),
    # -- halt_adapters.storage._moments -----------------------------------------------------------
    (
        "expected an aware datetime (one with a time zone, e.g. UTC)",
        "verwacht een datum en tijd met een tijdzone, bijv. UTC",
    ),
    # -- halt_adapters.storage._sql, memory (AlreadyExists; its default hint is halt_core's) ----
    (
        "use save() to change a stored record, or give the new one a new id",
        "gebruik save() om een opgeslagen record te wijzigen, of geef het nieuwe record een "
        "nieuw id",
    ),
    ("each event is stored once", "elke gebeurtenis wordt maar één keer opgeslagen"),
    # -- halt_adapters.storage._sql_deliveries, _memory_deliveries ------------------------------
    (
        "a delivery is of an event stored in the outbox (take_events gives them)",
        "een bezorging hoort bij een gebeurtenis die in het postvak uit (outbox) is opgeslagen "
        "(take_events geeft ze)",
    ),
    # -- halt_adapters.storage._privacy_entries ---------------------------------------------------
    (
        "the privacy log is append-only: record an entry with a new id",
        "het privacylog kan alleen worden aangevuld: leg een vermelding vast met een nieuw id",
    ),
    (
        "adding it to the count kept for {key} would pass {most}; nothing was added",
        "opgeteld bij de telling die voor {key} wordt bijgehouden, komt die boven {most}; er is "
        "niets opgeteld",
    ),
    # -- halt_adapters.storage.memory -----------------------------------------------------------
    (
        "another unit of work kept writing for longer than {seconds} s; nothing of this one was "
        "stored. Run it again",
        "een andere bewerking bleef langer dan {seconds} s schrijven; er is niets van deze "
        "bewerking opgeslagen. Voer haar opnieuw uit",
    ),
    # -- halt_adapters.storage.sqlite, _sqlite_open ---------------------------------------------
    (
        "{path} is not an SQLite database, so not a halt store; nothing was changed. Give the "
        "path of a halt store, or of a file that does not exist yet",
        "{path} is geen SQLite-database, en dus geen halt-opslag; er is niets gewijzigd. Geef "
        "het pad van een halt-opslag, of van een bestand dat nog niet bestaat",
    ),
    (
        "{path} is another application's SQLite database (tables {tables}), not a halt store; "
        "nothing was changed. Give the path of a halt store, or of a file that does not exist yet",
        "{path} is de SQLite-database van een andere toepassing (tabellen {tables}), geen "
        "halt-opslag; er is niets gewijzigd. Geef het pad van een halt-opslag, of van een "
        "bestand dat nog niet bestaat",
    ),
    (
        "{path} is another application's SQLite database (tables {tables} (some named as "
        "halt's, without halt's schema table)), not a halt store; nothing was changed. Give the "
        "path of a halt store, or of a file that does not exist yet",
        "{path} is de SQLite-database van een andere toepassing (tabellen {tables} (sommige "
        "met de naam van een tabel van halt, zonder de schematabel van halt)), geen "
        "halt-opslag; er is niets gewijzigd. Geef het pad van een halt-opslag, of van een "
        "bestand dat nog niet bestaat",
    ),
    (
        "another process kept the database locked for longer than the busy timeout ({seconds} "
        "s); nothing of this unit of work was stored. Run it again (halt_core.storage.retrying "
        "does), or raise busy_timeout",
        "een ander proces hield de database langer vergrendeld dan de wachttijd busy_timeout "
        "({seconds} s); er is niets van deze bewerking opgeslagen. Voer haar opnieuw uit "
        "(halt_core.storage.retrying doet dat), of verhoog busy_timeout",
    ),
    (
        "the disk is full ({detail}); nothing of this unit of work was stored. Free space",
        "de schijf is vol ({detail}); er is niets van deze bewerking opgeslagen. Maak ruimte vrij",
    ),
    (
        "the store is closed; open it again with halt_core.connect()",
        "de opslag is gesloten; open haar opnieuw met halt_core.connect()",
    ),
    (
        "the database failed: {detail} ({error}); nothing of this unit of work was stored. If "
        "it says I/O error or malformed, check the disk and the file (PRAGMA integrity_check), "
        "and restore a backup if need be",
        "de database gaf een fout: {detail} ({error}); er is niets van deze bewerking "
        "opgeslagen. Staat er 'I/O error' of 'malformed', controleer dan de schijf en het "
        "bestand (PRAGMA integrity_check), en zet zo nodig een back-up terug",
    ),
    (
        "the database rolled this unit of work back after an earlier error; nothing of it was "
        "stored. Leave the `with` block and run it again",
        "de database heeft deze bewerking na een eerdere fout teruggedraaid; er is niets van "
        "opgeslagen. Verlaat het `with`-blok en voer haar opnieuw uit",
    ),
    (
        "cannot create the folder for {path}: {detail}",
        "kan de map voor {path} niet maken: {detail}",
    ),
    ("cannot open {path}: {detail}", "kan {path} niet openen: {detail}"),
    (
        "give the database file, e.g. sqlite:///halt.sqlite3 (for a store in memory, use "
        "memory://)",
        "geef het databasebestand, bijv. sqlite:///halt.sqlite3 (gebruik memory:// voor een "
        "opslag in het geheugen)",
    ),
    ("the option {name} is given twice in the URL", "de optie {name} staat twee keer in de URL"),
    # -- halt_adapters.storage.postgres, _postgres_open ----------------------------------------
    ("not a PostgreSQL URL: {detail}", "geen PostgreSQL-URL: {detail}"),
    (
        "schema {schema}: use lower-case letters, digits and _ only",
        "schema {schema}: gebruik alleen kleine letters, cijfers en _",
    ),
    (
        "cannot prepare schema {schema} at {server}: {detail}",
        "kan schema {schema} op {server} niet voorbereiden: {detail}",
    ),
    (
        "the PostgreSQL server at {server} took one connection, but the pool could not open its "
        "own ({detail}); is the server short of connections (max_connections), or going down?",
        "de PostgreSQL-server op {server} nam één verbinding aan, maar de verbindingspool kon "
        "geen eigen verbindingen openen ({detail}); heeft de server te weinig verbindingen "
        "(max_connections), of wordt hij afgesloten?",
    ),
    (
        "every pooled connection was dropped by the server, and so were new ones; is the "
        "server restarting?",
        "de server heeft elke verbinding uit de verbindingspool verbroken, en ook nieuwe "
        "verbindingen; wordt de server opnieuw gestart?",
    ),
    (
        "schema {schema} holds tables of another application ({tables}) and no halt schema "
        "version; nothing was changed. Open the store in a schema of its own (the schema option)",
        "schema {schema} bevat tabellen van een andere toepassing ({tables}) en geen "
        "schemaversie van halt; er is niets gewijzigd. Open de opslag in een eigen schema (de "
        "optie schema)",
    ),
    # -- halt_adapters.storage._postgres_errors -------------------------------------------------
    (
        '{detail}; install the PostgreSQL extra: pip install "halt-core[postgresql]"',
        '{detail}; installeer de extra voor PostgreSQL: pip install "halt-core[postgresql]"',
    ),
    (
        "cannot connect to the PostgreSQL server at {server}: {detail}. Check the user name and "
        "password in the URL (--store, or HALT_STORE_URL)",
        "kan geen verbinding maken met de PostgreSQL-server op {server}: {detail}. Controleer "
        "de gebruikersnaam en het wachtwoord in de URL (--store, of HALT_STORE_URL)",
    ),
    (
        "cannot connect to the PostgreSQL server at {server}: {detail}. Create that database, "
        "or check its name in the URL (--store, or HALT_STORE_URL)",
        "kan geen verbinding maken met de PostgreSQL-server op {server}: {detail}. Maak die "
        "database aan, of controleer de naam ervan in de URL (--store, of HALT_STORE_URL)",
    ),
    (
        "cannot connect to the PostgreSQL server at {server}: {detail}. Check the host name in "
        "the URL (--store, or HALT_STORE_URL)",
        "kan geen verbinding maken met de PostgreSQL-server op {server}: {detail}. Controleer "
        "de hostnaam in de URL (--store, of HALT_STORE_URL)",
    ),
    (
        "cannot connect to the PostgreSQL server at {server}: {detail}. Is the server running, "
        "and accepting TCP/IP connections there? Check the URL (--store, or HALT_STORE_URL)",
        "kan geen verbinding maken met de PostgreSQL-server op {server}: {detail}. Draait de "
        "server, en neemt hij daar TCP/IP-verbindingen aan? Controleer de URL (--store, of "
        "HALT_STORE_URL)",
    ),
    (
        "another unit of work held a row this one needed for longer than lock_timeout "
        "({seconds} s); nothing of this unit of work was stored. Run it again "
        "(halt_core.storage.retrying does), or raise lock_timeout",
        "een andere bewerking hield een rij die deze bewerking nodig had langer vast dan "
        "lock_timeout ({seconds} s); er is niets van deze bewerking opgeslagen. Voer haar "
        "opnieuw uit (halt_core.storage.retrying doet dat), of verhoog lock_timeout",
    ),
    (
        "a statement ran longer than statement_timeout ({detail}); nothing of this unit of work "
        "was stored. Raise statement_timeout for bulk work, or split it",
        "een SQL-opdracht liep langer dan statement_timeout ({detail}); er is niets van deze "
        "bewerking opgeslagen. Verhoog statement_timeout voor werk in bulk, of verdeel het werk",
    ),
    (
        "an earlier error aborted this unit of work's transaction; roll it back (or leave the "
        "`with` block) and run the block again",
        "een eerdere fout heeft de transactie van deze bewerking afgebroken; draai haar terug "
        "(of verlaat het `with`-blok) en voer het blok opnieuw uit",
    ),
    (
        "the server's disk is full ({detail}); nothing was stored",
        "de schijf van de server is vol ({detail}); er is niets opgeslagen",
    ),
    (
        "no connection of the pool came free within {seconds} s; try again, or raise pool_size",
        "binnen {seconds} s kwam er geen verbinding uit de verbindingspool vrij; probeer het "
        "opnieuw, of verhoog pool_size",
    ),
    (
        "lost the connection to the server ({detail}); the unit of work was rolled back (had its "
        "commit been sent, it may have landed). Run it again: a new unit of work gets a new "
        "connection",
        "de verbinding met de server is verbroken ({detail}); de bewerking is teruggedraaid "
        "(was de opdracht tot vastleggen al verstuurd, dan is ze mogelijk toch vastgelegd). "
        "Voer haar opnieuw uit: een nieuwe bewerking krijgt een nieuwe verbinding",
    ),
    ("the database refused: {detail} ({error})", "de database weigerde: {detail} ({error})"),
)

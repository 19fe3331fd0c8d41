"""The Dutch of the texts raised outside the model.

Storage, lifecycles, rules, privacy, exports, notifications, plugins and the converter.
"""

# The states a record may be in when it may not be deleted (halt_core.storage.records).
_COLLABORATION_STATES = (("active", "actief"), ("suspended", "opgeschort"), ("ended", "beëindigd"))
_INTERVENTION_STATES = (
    ("intake", "in intake"),
    ("agreed", "afgesproken"),
    ("scheduled", "ingepland"),
    ("delivered", "uitgevoerd"),
    ("evaluated", "geëvalueerd"),
)
# The purposes of the sharing policy (halt_core.privacy.policy.Purpose), as its Dutch names them.
_PURPOSES = (
    ("case_consultation", "casusoverleg"),
    ("report_to_referrer", "terugmelding aan de verwijzer"),
    ("statistics", "statistiek"),
    ("commission_reporting", "verantwoording aan de opdrachtgever"),
    ("subject_access", "inzage door de betrokkene"),
    ("own_use", "eigen gebruik door Halt"),
)
# The kinds of record, as messages name one (halt_core.importing._describe).
_KINDS = (
    ("partner", "partner"),
    ("collaboration", "samenwerking"),
    ("forum", "overleg"),
    ("meeting", "bijeenkomst"),
    ("intervention", "interventie"),
    ("referral", "verwijzing"),
)
# What an imported record refers to (halt_core.importing._references), with its Dutch.
_REFERENCES = (
    ("partner", "de partner"),
    ("commissioner", "de opdrachtgever"),
    ("member", "een lid"),
    ("collaboration", "de samenwerking"),
    ("forum", "het overleg"),
    ("attendee", "een deelnemer"),
    ("school", "de school"),
    ("referrer", "de verwijzer"),
)
_FIX_PLUGIN = (
    ". Fix or uninstall it, or skip it with HALT_BLOCK_PLUGINS={name}",
    ". Herstel of verwijder de plugin, of sla hem over met HALT_BLOCK_PLUGINS={name}",
)

PHRASES: tuple[tuple[str, str], ...] = (
    # -- kinds of record: AlreadyExists, NotFound, NotLoaded, ConcurrencyConflict, ... ---------
    # The shared phrasebook's only list of them; the model's and the adapters' texts use it.
    *_KINDS,
    ("partners", "partners"),
    ("collaborations", "samenwerkingen"),
    ("forums", "overleggen"),
    ("meetings", "bijeenkomsten"),
    ("interventions", "interventies"),
    ("referrals", "verwijzingen"),
    ("events", "gebeurtenissen"),
    # -- halt_core.storage.outbox ---------------------------------------------------------------
    (
        "each event is stored once; give it a new id",
        "elke gebeurtenis wordt maar één keer opgeslagen; geef haar een nieuw id",
    ),
    # -- halt_core.storage.privacy_log ----------------------------------------------------------
    ("expected a time with a time zone", "verwacht een tijd met een tijdzone"),
    # -- halt_core.storage.repairs --------------------------------------------------------------
    ("expected text", "verwacht tekst"),
    ("expected a uuid.UUID", "verwacht een uuid.UUID"),
    ("expected a number >= 1", "verwacht een getal >= 1"),
    (
        "expected a datetime with its offset (tzinfo set)",
        "verwacht een datetime met een UTC-afwijking (tzinfo ingevuld)",
    ),
    (
        "the document has no valid id: pass record_id, the id the store keeps it under",
        "het document heeft geen geldig id: geef record_id mee, het id waaronder de opslag het "
        "bewaart",
    ),
    # -- halt_core.storage.repository -----------------------------------------------------------
    ("no {kind:nl} with that id is stored", "er is geen {kind} met dat id opgeslagen"),
    ("each id may be added once", "elk id mag maar één keer worden toegevoegd"),
    ("none stored with these ids", "er is er geen opgeslagen met deze id's"),
    (
        "only referrals are erased for the privacy rules; delete other records with delete()",
        "alleen verwijzingen worden gewist voor de privacyregels; verwijder andere records met "
        "delete()",
    ),
    (
        "meetings have no area of their own: query by owner (the forum) instead",
        "bijeenkomsten hebben geen eigen gebied: zoek in plaats daarvan op owner (het overleg)",
    ),
    ("expected a whole number of 1 or more", "verwacht een geheel getal van 1 of meer"),
    (
        "expected a datetime with its time zone, e.g. datetime.now(UTC)",
        "verwacht een datetime met zijn tijdzone, bijvoorbeeld datetime.now(UTC)",
    ),
    (
        "this repository stores {stored} values, not {given}; use uow.{kinds}",
        "deze repository bewaart waarden van het type {stored}, geen {given}; gebruik uow.{kinds}",
    ),
    ("it was deleted since it was read", "het is verwijderd nadat het werd gelezen"),
    (
        "expected a version number of 1 or more, as get_versioned() gives it",
        "verwacht een versienummer van 1 of meer, zoals get_versioned() het geeft",
    ),
    # -- halt_core.storage.records: why a record may not be deleted ---------------------------
    *(
        (
            f"it is {english}: only a proposed collaboration may be deleted; end it with "
            "halt_core.lifecycle instead, so its history stays",
            f"die is {dutch}: alleen een voorgestelde samenwerking mag worden verwijderd; "
            "beëindig haar in plaats daarvan met halt_core.lifecycle, zodat haar geschiedenis "
            "bewaard blijft",
        )
        for english, dutch in _COLLABORATION_STATES
    ),
    *(
        (
            f"it is {english}: only requested, declined or cancelled work may be deleted; "
            "cancel it with halt_core.lifecycle instead, so agreed work keeps its history",
            f"die is {dutch}: alleen aangevraagd, afgewezen of geannuleerd werk mag worden "
            "verwijderd; annuleer haar in plaats daarvan met halt_core.lifecycle, zodat "
            "afgesproken werk zijn geschiedenis houdt",
        )
        for english, dutch in _INTERVENTION_STATES
    ),
    (
        "partners are not deleted: other records refer to them; record in its notes that the "
        "partner stopped",
        "partners worden niet verwijderd: andere records verwijzen ernaar; leg in de notities "
        "van de partner vast dat die is gestopt",
    ),
    (
        "forums are not deleted: their meetings refer to them; end the forum's period instead",
        "overleggen worden niet verwijderd: hun bijeenkomsten verwijzen ernaar; beëindig in "
        "plaats daarvan de periode van het overleg",
    ),
    (
        "referrals are not deleted one by one: they are removed by the retention policy when "
        "their retention period ends ('halt purge'), or erased with the rest of a youth's data "
        "on request ('halt erase')",
        "verwijzingen worden niet een voor een verwijderd: het bewaarbeleid verwijdert ze "
        "wanneer hun bewaartermijn afloopt ('halt purge'), of ze worden op verzoek gewist met "
        "de rest van de gegevens van een jongere ('halt erase')",
    ),
    # -- halt_core.lifecycle.machine ------------------------------------------------------------
    ("each transition needs a name of its own", "elke overgang heeft een eigen naam nodig"),
    (
        "its states must be members of {states}, not {state}",
        "de toestanden ervan moeten leden van {states} zijn, niet {state}",
    ),
    ("{subject:nl} transition", "overgang van {subject}"),
    ("the names are {names}", "de namen zijn {names}"),
    # -- halt_core.lifecycle._steps -------------------------------------------------------------
    (
        "expected who does it: a staff code or a system name of 1 to {n} characters that is not "
        "only spaces",
        "verwacht wie het doet: een medewerkerscode of een systeemnaam van 1 tot en met {n} "
        "tekens die niet alleen uit spaties bestaat",
    ),
    (
        "expected when it happened, a date and time with a time zone, e.g. {example}",
        "verwacht wanneer het gebeurde: een datum en tijd met een tijdzone, bijv. {example}",
    ),
    ("no reason was given (got {got})", "er is geen reden gegeven (gekregen: {got})"),
    (
        "pass reason='...' saying why in a few words; listeners and the audit trail show it",
        "geef reason='...' mee, die in een paar woorden zegt waarom; luisteraars en het "
        "auditspoor tonen die",
    ),
    (
        "{name} must be a day (a datetime.date), got {got}",
        "{name} moet een dag zijn (een datetime.date), maar is {got}",
    ),
    (
        "pass {name}=date(...), e.g. {name}={example}",
        "geef {name}=date(...) mee, bijv. {name}={example}",
    ),
    # -- halt_core.lifecycle.collaborations -----------------------------------------------------
    (
        "it would end on {end}, before its period starts on {start}",
        "ze zou eindigen op {end}, vóór het begin van haar periode op {start}",
    ),
    ("end it on {day} or later", "laat haar eindigen op {day} of later"),
    # -- halt_core.lifecycle.interventions ------------------------------------------------------
    ("no period was given (got {got})", "er is geen periode gegeven (gekregen: {got})"),
    (
        "pass period=Period(start=date(...), end=date(...)), the days the work may take place",
        "geef period=Period(start=date(...), end=date(...)) mee: de dagen waarop het werk mag "
        "plaatsvinden",
    ),
    (
        "it has no sessions, so nothing was delivered",
        "ze heeft geen sessies, dus er is niets uitgevoerd",
    ),
    (
        "plan the sessions that took place with reschedule_intervention first",
        "plan eerst met reschedule_intervention de sessies die hebben plaatsgevonden",
    ),
    (
        "its last session ends {end}, after {at}: delivered work has its sessions in the past",
        "de laatste sessie eindigt op {end}, na {at}: van uitgevoerd werk liggen de sessies in "
        "het verleden",
    ),
    (
        "report the delivery after the last session (a later at=...), or reschedule the "
        "sessions that did not take place",
        "meld de uitvoering na de laatste sessie (een latere at=...), of plan de sessies die "
        "niet hebben plaatsgevonden opnieuw in",
    ),
    ("no evaluation was given (got {got})", "er is geen evaluatie gegeven (gekregen: {got})"),
    (
        "pass evaluation=Evaluation(evaluated_on=date(...), summary='...')",
        "geef evaluation=Evaluation(evaluated_on=date(...), summary='...') mee",
    ),
    (
        "the evaluation is dated {on}, before the last session on {last}",
        "de evaluatie is gedateerd op {on}, vóór de laatste sessie op {last}",
    ),
    ("date it on {day} or later", "dateer haar op {day} of later"),
    (
        "sessions must be a list of Session values, got {got}",
        "sessions moet een lijst van Session-waarden zijn, maar is {got}",
    ),
    (
        "pass sessions=[Session(start=..., end=..., location=...), ...]",
        "geef sessions=[Session(start=..., end=..., location=...), ...] mee",
    ),
    ("no sessions were given", "er zijn geen sessies gegeven"),
    (
        "pass sessions=[Session(start=..., end=..., location=...)], at least one",
        "geef sessions=[Session(start=..., end=..., location=...)] mee, minstens één",
    ),
    (
        "sessions must be Session values, got {got}",
        "sessions moet uit Session-waarden bestaan, maar bevat {got}",
    ),
    (
        "build each with Session(start=..., end=..., location=...)",
        "maak elke sessie met Session(start=..., end=..., location=...)",
    ),
    (
        "it has no agreed period to plan the sessions in",
        "ze heeft geen afgesproken periode om de sessies in te plannen",
    ),
    (
        "give it one first (agree_intervention, or attrs.evolve(intervention, period=...))",
        "geef haar eerst een periode (agree_intervention, of attrs.evolve(intervention, "
        "period=...))",
    ),
    (
        "a session lies outside the agreed period {start} to {end}: starting {starts}",
        "een sessie valt buiten de afgesproken periode van {start} tot en met {end}: die begint "
        "op {starts}",
    ),
    (
        "a session lies outside the agreed period {start} to open end: starting {starts}",
        "een sessie valt buiten de afgesproken periode vanaf {start} (zonder einddatum): die "
        "begint op {starts}",
    ),
    (
        "{n} sessions lie outside the agreed period {start} to {end}: starting {starts}",
        "{n} sessies vallen buiten de afgesproken periode van {start} tot en met {end}: ze "
        "beginnen op {starts}",
    ),
    (
        "{n} sessions lie outside the agreed period {start} to open end: starting {starts}",
        "{n} sessies vallen buiten de afgesproken periode vanaf {start} (zonder einddatum): ze "
        "beginnen op {starts}",
    ),
    (
        "plan every session within {start} to {end}, or agree a new period",
        "plan elke sessie binnen {start} tot en met {end}, of spreek een nieuwe periode af",
    ),
    (
        "plan every session within {start} to open end, or agree a new period",
        "plan elke sessie op of na {start}, of spreek een nieuwe periode af",
    ),
    ("two sessions have the id {id}", "twee sessies hebben het id {id}"),
    (
        "give each session its own id, or none to have one given (a moved session keeps the id "
        "it had; attrs.evolve(session, start=..., end=...) keeps it)",
        "geef elke sessie een eigen id, of geen id om er een te laten toekennen (een verplaatste "
        "sessie houdt het id dat ze had; attrs.evolve(session, start=..., end=...) behoudt het)",
    ),
    (
        "the sessions starting {first} and {second} overlap",
        "de sessies die beginnen op {first} en {second} overlappen elkaar",
    ),
    (
        "let each session end before the next one starts",
        "laat elke sessie eindigen voordat de volgende begint",
    ),
    # -- halt_core.lifecycle.meetings -----------------------------------------------------------
    ("expected a Meeting", "verwacht een Meeting"),
    (
        "it already is {start} to {end} at {location}, so nothing would move",
        "die is al van {start} tot {end} op locatie {location}, dus er zou niets verplaatst worden",
    ),
    (
        "pass a start, end or location that differs from the meeting's; a meeting that stays as "
        "it is needs no move",
        "geef een start, einde of locatie die afwijkt van die van de bijeenkomst; een "
        "bijeenkomst die blijft zoals ze is, hoeft niet te worden verplaatst",
    ),
    (
        "no stored version of the meeting was given (got {got})",
        "er is geen opgeslagen versie van de bijeenkomst gegeven (gekregen: {got})",
    ),
    (
        "pass version= as get_versioned(meeting.id).version gives it, and save the cancelled "
        "meeting with expected_version= the same number",
        "geef version= mee zoals get_versioned(meeting.id).version die geeft, en sla de "
        "geannuleerde bijeenkomst op met expected_version= hetzelfde nummer",
    ),
    ("it was cancelled on {day}", "die is geannuleerd op {day}"),
    (
        "a cancelled meeting stays cancelled; plan a new meeting to meet after all",
        "een geannuleerde bijeenkomst blijft geannuleerd; plan een nieuwe bijeenkomst om toch "
        "bijeen te komen",
    ),
    # -- halt_core.lifecycle.partners -----------------------------------------------------------
    ("expected a Partner", "verwacht een Partner"),
    ("it already ended on {day}", "die is al beëindigd op {day}"),
    (
        "a partner ends once; to correct the day or the reason, change the record",
        "een partner eindigt maar één keer; pas het record aan om de dag of de reden te verbeteren",
    ),
    # -- halt_core.lifecycle.referrals ----------------------------------------------------------
    (
        "hours must be a whole number from 0 to {most}, got {got}",
        "hours moet een geheel getal van 0 tot en met {most} zijn, maar is {got}",
    ),
    (
        "a Halt settlement takes at most {most} hours by law; pass the hours carried out, or "
        "leave hours out",
        "een Halt-afdoening duurt volgens de wet hoogstens {most} uur; geef de uitgevoerde uren "
        "mee, of laat hours weg",
    ),
    (
        "it would be decided on {day}, before it was received on {received}",
        "de beslissing zou vallen op {day}, vóór de ontvangst op {received}",
    ),
    ("pass decided_on={day} or later", "geef decided_on={day} of later mee"),
    # -- halt_core.rules ------------------------------------------------------------------------
    ("expected 'en' or 'nl'", "verwacht 'en' of 'nl'"),
    ("expected a date and time with a time zone", "verwacht een datum en tijd met een tijdzone"),
    (
        "expected upper-case words and a 3-digit number, e.g. HC-FORUM-003",
        "verwacht woorden in hoofdletters en een getal van 3 cijfers, bijv. HC-FORUM-003",
    ),
    (
        "give the rule function a docstring that explains the rule in the domain",
        "geef de regelfunctie een docstring die de regel in termen van het domein uitlegt",
    ),
    ("each rule id may occur once", "elk regel-id mag maar één keer voorkomen"),
    ("rule", "regel"),
    ("the rules here are {ids}", "de regels hier zijn {ids}"),
    ("expected one of {names}", "verwacht een van {names}"),
    # -- halt_core.privacy.categories -----------------------------------------------------------
    ("expected at least one category", "verwacht minstens één categorie"),
    ("expected a field of the class", "verwacht een veld van de klasse"),
    (
        "every field needs a category in its metadata (halt_core.privacy.Category)",
        "elk veld heeft een categorie in zijn metadata nodig (halt_core.privacy.Category)",
    ),
    # -- halt_core.privacy.disclosed ------------------------------------------------------------
    (
        "a decision that allows personal data on a legal basis (this one names none)",
        "een besluit dat persoonsgegevens toestaat op een wettelijke grondslag (dit besluit "
        "noemt er geen)",
    ),
    (
        "a name for the recipient, e.g. a file name",
        "een naam voor de ontvanger, bijv. een bestandsnaam",
    ),
    # -- halt_core.privacy.policy ---------------------------------------------------------------
    ("each rule needs a name of its own", "elke regel heeft een eigen naam nodig"),
    *(
        (
            f"no rule allows sharing personal data for {english}; the policy denies what it "
            "does not allow",
            f"geen regel staat delen van persoonsgegevens toe voor {dutch}; het beleid weigert "
            "wat het niet toestaat",
        )
        for english, dutch in _PURPOSES
    ),
    # -- halt_core.privacy.purging --------------------------------------------------------------
    ("expected {what:nl}", "verwacht {what}"),
    # -- halt_core.privacy.scrub ----------------------------------------------------------------
    ("text to scrub (a str)", "op te schonen tekst (een str)"),
    ("one text", "één tekst"),
    (
        "a set of pseudonyms, e.g. {'Y-7F3K9Q2M'}",
        "een verzameling pseudoniemen, bijv. {'Y-7F3K9Q2M'}",
    ),
    (
        "youth pseudonyms, e.g. Y-7F3K9Q2M",
        "pseudoniemen van jongeren, bijv. Y-7F3K9Q2M",
    ),
    # -- halt_core.privacy.sheets ---------------------------------------------------------------
    (
        "a meeting that is held; this one was called off on {day}, so no case is discussed at it",
        "een bijeenkomst die doorgaat; deze is afgelast op {day}, dus er wordt geen casus "
        "besproken",
    ),
    # -- halt_core.privacy.subject_access -------------------------------------------------------
    (
        "the policy refuses subject access ({reason:nl}); a youth's right of access cannot be "
        "refused by configuration: keep the subject-access rule",
        "het beleid weigert inzage ({reason}); het inzagerecht van een jongere kan niet via de "
        "configuratie worden geweigerd: behoud de regel subject-access",
    ),
    # -- halt_core.export.exporter --------------------------------------------------------------
    (
        "a setting of the {format} format ({names})",
        "een instelling van het formaat {format} ({names})",
    ),
    (
        "a setting of the {format} format (it has none)",
        "een instelling van het formaat {format} (dat heeft er geen)",
    ),
    ("true or false (yes/no, 1/0)", "true of false (yes/no, 1/0)"),
    ("one of {names}", "een van {names}"),
    # -- halt_core.export.privacy ---------------------------------------------------------------
    # What an export is asked to do with personal data (PersonalData), after "moet ... ".
    ("pseudonymise", "pseudonimiseren"),
    ("omit", "weglaten"),
    ("include", "opnemen"),
    (
        "text saying why, e.g. purpose='JCO case consultation'",
        "tekst die zegt waarom, bijv. purpose='JCO case consultation'",
    ),
    (
        "a purpose is only for including personal data of youths, and this export is "
        "asked to {mode:nl} it: leave the purpose out, or ask to include it "
        "(personal_data='include'; --personal-data include on the command line)",
        "een doel is er alleen voor het opnemen van persoonsgegevens van jongeren, en deze "
        "export moet ze {mode}: laat het doel weg, of vraag om ze op te nemen "
        "(personal_data='include'; --personal-data include op de opdrachtregel)",
    ),
    (
        "including personal data of youths needs a purpose saying why, e.g. 'JCO case "
        "consultation' (purpose=...; --purpose on the command line); or pseudonymise it (the "
        "default) or omit it",
        "het opnemen van persoonsgegevens van jongeren vraagt om een doel dat zegt waarom, bijv. "
        "'JCO case consultation' (purpose=...; --purpose op de opdrachtregel); of pseudonimiseer "
        "ze (de standaard) of laat ze weg",
    ),
    (
        "free text is kept as typed only when personal data of youths is included, for a "
        "purpose (personal_data='include', purpose=...; --personal-data include --purpose "
        "... on the command line), since it may name a youth; this export is asked to "
        "{mode:nl} personal data: scrub free text (free_text='scrub') or leave it out "
        "(the default)",
        "vrije tekst blijft alleen ongewijzigd als persoonsgegevens van jongeren worden "
        "opgenomen, voor een doel (personal_data='include', purpose=...; --personal-data "
        "include --purpose ... op de opdrachtregel), omdat die een jongere kan noemen; deze "
        "export moet persoonsgegevens {mode}: schoon vrije tekst op (free_text='scrub') of "
        "laat die weg (de standaard)",
    ),
    # -- halt_core.export.run -------------------------------------------------------------------
    (
        "kinds that personal_data={mode} does not leave out: ask for other kinds too, or "
        "pseudonymise (the default) or include with a purpose",
        "soorten die personal_data={mode} niet weglaat: vraag ook om andere soorten, of "
        "pseudonimiseer (de standaard) of neem op met een doel",
    ),
    (
        "its exporter returned {said}: a format's export() returns None or what it wrote, by "
        "kind name (e.g. {'meetings': 3}); report this to the plugin's authors",
        "de exporter ervan gaf {said} terug: de export() van een formaat geeft None terug of wat "
        "die schreef, per soortnaam (bijv. {'meetings': 3}); meld dit aan de makers van de "
        "plugin",
    ),
    (
        "the {kind:nl} came in two groups, with other records between them: give the records "
        "of each kind together (as a network or a store does)",
        "de {kind} kwamen in twee groepen, met andere records ertussen: geef de records van elke "
        "soort bij elkaar (zoals een netwerk of een opslag dat doet)",
    ),
    (
        "records ({types}), but item {n} of the source is of type {type}: pass a Network, a unit "
        "of work or records only",
        "records ({types}), maar item {n} van de bron is van het type {type}: geef alleen een "
        "Network, een bewerking of records mee",
    ),
    (
        "a mapping of setting names to values, e.g. settings={'delimiter': ';'}",
        "een dict van namen van instellingen naar waarden, bijv. settings={'delimiter': ';'}",
    ),
    (
        "a function called with (done, total), or None",
        "een functie die wordt aangeroepen met (done, total), of None",
    ),
    (
        "a time with a time zone, a datetime like datetime.now(AMSTERDAM)",
        "een tijd met een tijdzone, een datetime zoals datetime.now(AMSTERDAM)",
    ),
    (
        'an open binary stream or a Sink: open the file yourself, `with open(path, "wb") as '
        "out`, and pass out, or pass a Sink (a ZipSink, a halt_adapters.export.DirectorySink)",
        'een open binaire datastroom of een Sink: open het bestand zelf, `with open(path, "wb") '
        "as out`, en geef out mee, of geef een Sink mee (een ZipSink, een "
        "halt_adapters.export.DirectorySink)",
    ),
    (
        'a binary stream with a write method (a file opened with "wb", io.BytesIO)',
        'een binaire datastroom met een write-methode (een bestand geopend met "wb", io.BytesIO)',
    ),
    (
        'a binary stream: exports write bytes, so open the file in binary mode, "wb"',
        "een binaire datastroom: exports schrijven bytes, dus open het bestand in binaire "
        'modus, "wb"',
    ),
    (
        "an open stream: this one is closed, pass it inside its with block",
        "een open datastroom: deze is gesloten, geef hem mee binnen zijn with-blok",
    ),
    (
        "a list of model classes among {types}, e.g. kinds=[Partner]",
        "een lijst van modelklassen uit {types}, bijv. kinds=[Partner]",
    ),
    (
        "name at least one kind, e.g. kinds=[Partner], or leave kinds out to export every kind "
        "the format writes",
        "noem minstens één soort, bijv. kinds=[Partner], of laat kinds weg om elke soort te "
        "exporteren die het formaat schrijft",
    ),
    ("model classes among {types}", "modelklassen uit {types}"),
    (
        "a kind the {format} format writes ({kinds})",
        "een soort die het formaat {format} schrijft ({kinds})",
    ),
    (
        "a Network, an open unit of work or an iterable of records",
        "een Network, een open bewerking of een reeks records",
    ),
    # -- halt_core.export.sharing ---------------------------------------------------------------
    ("the Partner the export is for, or None", "de Partner voor wie de export is, of None"),
    (
        "a recipient is named only to include personal data of youths for it; this export "
        "is asked to {mode:nl} personal data: leave the recipient out, or include "
        "personal data (personal_data='include', purpose=...)",
        "een ontvanger wordt alleen genoemd om persoonsgegevens van jongeren voor die "
        "ontvanger op te nemen; deze export moet persoonsgegevens {mode}: laat de "
        "ontvanger weg, of neem persoonsgegevens op (personal_data='include', purpose=...)",
    ),
    (
        "including personal data of youths in an export",
        "het opnemen van persoonsgegevens van jongeren in een export",
    ),
    (
        "keeping free text as typed in an export",
        "het ongewijzigd houden van vrije tekst in een export",
    ),
    (
        "pseudonymise personal data (the default) or leave it out (omit), or ask for a purpose "
        "and recipient the policy allows",
        "pseudonimiseer persoonsgegevens (de standaard) of laat ze weg (omit), of vraag om een "
        "doel en ontvanger die het beleid toestaat",
    ),
    (
        "scrub it (free_text='scrub'; --free-text scrub) or leave it out (the default)",
        "schoon die op (free_text='scrub'; --free-text scrub) of laat die weg (de standaard)",
    ),
    # -- halt_core.export.sinks -----------------------------------------------------------------
    (
        "{name} is not a plain file name: exporters name files like 'a.csv'",
        "{name} is geen gewone bestandsnaam: exporters geven bestanden namen zoals 'a.csv'",
    ),
    (
        "{name} was already written: give the records of each kind together (as a network or a "
        "store gives them)",
        "{name} is al geschreven: geef de records van elke soort bij elkaar (zoals een netwerk "
        "of een opslag ze geeft)",
    ),
    (
        "it writes more than one file ({first}, {second}) and was given one stream: export to a "
        ".zip archive or a folder, or export one record kind",
        "het formaat schrijft meer dan één bestand ({first}, {second}) en kreeg één datastroom: "
        "exporteer naar een .zip-archief of een map, of exporteer één soort records",
    ),
    # -- halt_core.export.tabular ---------------------------------------------------------------
    ("one with a table: {names}", "een met een tabel: {names}"),
    # -- halt_core.notify.cloudevents -----------------------------------------------------------
    ("expected an OIN: 20 digits", "verwacht een OIN: 20 cijfers"),
    (
        "expected a name of letters, digits, '.', '_' or '-'",
        "verwacht een naam van letters, cijfers, '.', '_' of '-'",
    ),
    ("there is none", "die ontbreekt"),
    ("expected t=<unix seconds>,v1=<hex>", "verwacht t=<unix-seconden>,v1=<hex>"),
    (
        "its time is {off} s from now, more than {most} s",
        "het tijdstip ervan ligt {off} s van nu af, meer dan {most} s",
    ),
    ("the HMAC does not match the body", "de HMAC past niet bij de inhoud van het bericht"),
    # -- halt_core.notify.deliveries ------------------------------------------------------------
    (
        "expected seconds from 0 to 86,400 (a day)",
        "verwacht seconden van 0 tot en met 86.400 (een dag)",
    ),
    ("expected at least min_backoff ({least} s)", "verwacht minstens min_backoff ({least} s)"),
    # -- halt_core.plugins ----------------------------------------------------------------------
    (
        "{manager} is not a halt plugin manager: make one with halt_core.plugins.plugin_manager()",
        "{manager} is geen pluginmanager van halt: maak er een met "
        "halt_core.plugins.plugin_manager()",
    ),
    ("the export format {name}", "het exportformaat {name}"),
    ("a store for {url}", "een opslag voor {url}"),
    (
        "no working plugin provides {what:nl}, and a plugin that may be the one could not be "
        "loaded ({names}). Fix or reinstall it, or check the name",
        "geen werkende plugin levert {what}, en een plugin die het zou kunnen zijn, kon niet "
        "worden geladen ({names}). Herstel of herinstalleer die plugin, of controleer de naam",
    ),
    (
        "no working plugin provides {what:nl}, and {n} plugins that may be the one could not be "
        "loaded ({names}). Fix or reinstall them, or check the name",
        "geen werkende plugin levert {what}, en {n} plugins die het zouden kunnen zijn, konden "
        "niet worden geladen ({names}). Herstel of herinstalleer die plugins, of controleer de "
        "naam",
    ),
    (
        "halt plugin {name} wraps {hook} (hookwrapper); halt's hooks take plain implementations "
        "only",
        "halt-plugin {name} omhult {hook} (hookwrapper); de hooks van halt nemen alleen gewone "
        "implementaties aan",
    ),
    (
        "halt plugin {name} raised {error} in {hook}: {text}. Report it to the plugin's authors, "
        "or skip it with HALT_BLOCK_PLUGINS={name}",
        "halt-plugin {name} veroorzaakte {error} in {hook}: {text}. Meld het aan de makers van de "
        "plugin, of sla hem over met HALT_BLOCK_PLUGINS={name}",
    ),
    # A plugin that does not fit, as halt_core.plugins.loading reports it: the cause is
    # looked up, the package and version and the strict setting are kept.
    (
        "halt plugin {name} ({package}) {cause:nl} (HALT_STRICT_PLUGINS=1)" + _FIX_PLUGIN[0],
        "halt-plugin {name} ({package}) {cause} (HALT_STRICT_PLUGINS=1)" + _FIX_PLUGIN[1],
    ),
    (
        "halt plugin {name} ({package}) {cause:nl}" + _FIX_PLUGIN[0],
        "halt-plugin {name} ({package}) {cause}" + _FIX_PLUGIN[1],
    ),
    (
        "halt plugin {name} {cause:nl} (HALT_STRICT_PLUGINS=1)" + _FIX_PLUGIN[0],
        "halt-plugin {name} {cause} (HALT_STRICT_PLUGINS=1)" + _FIX_PLUGIN[1],
    ),
    (
        "halt plugin {name} {cause:nl}" + _FIX_PLUGIN[0],
        "halt-plugin {name} {cause}" + _FIX_PLUGIN[1],
    ),
    ("cannot be imported: {error}", "kan niet worden geïmporteerd: {error}"),
    ("raised {error} while registering", "veroorzaakte {error} bij het registreren"),
    ("raised {error} in {hook}", "veroorzaakte {error} in {hook}"),
    ("does not fit the plugin contract: {error}", "past niet bij het plugincontract: {error}"),
    (
        "implements {wrote}, but the hook {hook} offers only the arguments ({offered}); take "
        "those names (or fewer)",
        "implementeert {wrote}, maar de hook {hook} biedt alleen de argumenten ({offered}); "
        "gebruik die namen (of minder)",
    ),
    (
        "implements {hook}, a hook halt does not have (did you mean {close}?)",
        "implementeert {hook}, een hook die halt niet heeft (misschien {close}?)",
    ),
    (
        "implements {hook}, a hook halt does not have (the hooks: {names})",
        "implementeert {hook}, een hook die halt niet heeft (de hooks: {names})",
    ),
    (
        "returned {value} from halt_notifiers; expected a mapping of scheme to opener, e.g. "
        "{'smtp': open_smtp}",
        "gaf {value} terug uit halt_notifiers; verwacht een dict die elk schema aan een "
        "openfunctie koppelt, bijv. {'smtp': open_smtp}",
    ),
    (
        "offers {scheme} with {opener}; expected a scheme (text) and a function opening a notifier",
        "biedt {scheme} aan met {opener}; verwacht een schema (tekst) en een functie die een "
        "notifier opent",
    ),
    (
        "offers the notifier scheme {scheme}, which another plugin already offers",
        "biedt het notifierschema {scheme} aan, dat een andere plugin al aanbiedt",
    ),
    (
        "returned {value} from halt_notification_routes, which is not a halt_core.notify.Route",
        "gaf {value} terug uit halt_notification_routes, wat geen halt_core.notify.Route is",
    ),
    (
        "adds the route {name}, a name already taken",
        "voegt de route {name} toe, een naam die al bezet is",
    ),
    (
        "returned {value} from halt_exporters, which is not an exporter: it lacks {names}; see "
        "halt_core.export.Exporter",
        "gaf {value} terug uit halt_exporters, wat geen exporter is: het mist {names}; zie "
        "halt_core.export.Exporter",
    ),
    (
        "provides the export format {name}, which another plugin already provides",
        "levert het exportformaat {name}, dat een andere plugin al levert",
    ),
    (
        "returned {value} from halt_sharing_rules: a name already taken; give "
        "halt_core.privacy.policy.SharingRule objects with names of their own",
        "gaf {value} terug uit halt_sharing_rules: een naam die al bezet is; geef "
        "halt_core.privacy.policy.SharingRule-objecten met een eigen naam",
    ),
    (
        "returned {value} from halt_sharing_rules: not a rule; give "
        "halt_core.privacy.policy.SharingRule objects with names of their own",
        "gaf {value} terug uit halt_sharing_rules: geen regel; geef "
        "halt_core.privacy.policy.SharingRule-objecten met een eigen naam",
    ),
    # -- halt_core.plugins.notifiers ------------------------------------------------------------
    (
        "no installed plugin sends notifications for {scheme}; known: {known}",
        "geen geïnstalleerde plugin verstuurt meldingen voor {scheme}; bekend: {known}",
    ),
    (
        "no installed plugin sends notifications for it; known: {known}",
        "geen geïnstalleerde plugin verstuurt er meldingen voor; bekend: {known}",
    ),
    (
        "no installed plugin sends notifications for {scheme}; known: none",
        "geen geïnstalleerde plugin verstuurt meldingen voor {scheme}; bekend: geen",
    ),
    (
        "no installed plugin sends notifications for it; known: none",
        "geen geïnstalleerde plugin verstuurt er meldingen voor; bekend: geen",
    ),
    (
        "the plugin for {scheme}: failed to open {url}: {error}",
        "de plugin voor {scheme}: kon {url} niet openen: {error}",
    ),
    (
        "the plugin for {scheme}: returned {value}, which is not a halt_core.notify.Notifier",
        "de plugin voor {scheme}: gaf {value} terug, wat geen halt_core.notify.Notifier is",
    ),
    # -- halt_core.importing --------------------------------------------------------------------
    ("a whole number >= 1", "een geheel getal >= 1"),
    (
        "expected records of the model (Partner, Collaboration, Forum, Meeting, Intervention, "
        "Referral), or (where, record) pairs",
        "verwacht records van het model (Partner, Collaboration, Forum, Meeting, Intervention, "
        "Referral), of paren (where, record)",
    ),
    # The problems an ImportRefused lists. A record is named by its kind and id (a UUID, so
    # four hyphens), with its name or title if it has one; each kind is written out, as a
    # template starting with a part would be slow on long texts.
    *(
        pair
        for english, dutch in _KINDS
        for pair in (
            (f"{english} {{a}}-{{b}}-{{c}}-{{d}}-{{e}}", f"{dutch} {{a}}-{{b}}-{{c}}-{{d}}-{{e}}"),
            (
                f"{english} '{{label}}' ({{a}}-{{b}}-{{c}}-{{d}}-{{e}})",
                f"{dutch} '{{label}}' ({{a}}-{{b}}-{{c}}-{{d}}-{{e}})",
            ),
            (
                f'{english} "{{label}}" ({{a}}-{{b}}-{{c}}-{{d}}-{{e}})',
                f'{dutch} "{{label}}" ({{a}}-{{b}}-{{c}}-{{d}}-{{e}})',
            ),
        )
    ),
    (
        "{record:nl} is given twice in {source}, at lines {first} and {last}; give each record "
        "once",
        "{record} staat twee keer in {source}, op regel {first} en {last}; geef elk record maar "
        "één keer",
    ),
    (
        "{record:nl} is given twice in {source}, at {first} and {last}; give each record once",
        "{record} staat twee keer in {source}, op {first} en {last}; geef elk record maar één keer",
    ),
    (
        "{record:nl} is given {n} times in {source}, at lines {first} and {last}; give each "
        "record once",
        "{record} staat {n} keer in {source}, op regel {first} en {last}; geef elk record maar "
        "één keer",
    ),
    (
        "{record:nl} is given {n} times in {source}, at {first} and {last}; give each record once",
        "{record} staat {n} keer in {source}, op {first} en {last}; geef elk record maar één keer",
    ),
    ("some {kind:nl} are in the store already", "sommige {kind} staan al in de opslag"),
    (
        "{record:nl} is in the store already; an import only adds new records: leave it out, or "
        "import into another store",
        "{record} staat al in de opslag; een import voegt alleen nieuwe records toe: laat het "
        "weg, of importeer in een andere opslag",
    ),
    ("{record:nl}: its area names {area:nl}", "{record}: het gebied ervan noemt {area}"),
    ("{record:nl}: its municipality is {area:nl}", "{record}: de gemeente ervan is {area}"),
    (
        "{record:nl}: its case {n}'s municipality is {area:nl}",
        "{record}: de gemeente van casus {n} is {area}",
    ),
    (
        "safety region {code}, which does not exist; safety regions are {codes}",
        "veiligheidsregio {code}, die niet bestaat; de veiligheidsregio's zijn {codes}",
    ),
    (
        "municipality {code}, which the {year} municipal division does not have; use a current "
        "CBS code (GM and 4 digits, e.g. GM0363 for Amsterdam)",
        "gemeente {code}, die niet in de gemeentelijke indeling van {year} staat; gebruik een "
        "actuele CBS-code (GM en 4 cijfers, bijv. GM0363 voor Amsterdam)",
    ),
    (
        "arrondissement {codes}, which the {year} municipal division does not know",
        "arrondissement {codes}, dat de gemeentelijke indeling van {year} niet kent",
    ),
    (
        "country {codes}, which the {year} municipal division does not know",
        "land {codes}, dat de gemeentelijke indeling van {year} niet kent",
    ),
    *(
        (
            f"{{record:nl}}: its {english} is {{target:nl}}, which is neither in {{source}} nor "
            "in the store",
            f"{{record}}: {dutch} ervan is {{target}}, maar dat record staat niet in {{source}} "
            "en niet in de opslag",
        )
        for english, dutch in _REFERENCES
    ),
    *(
        (
            f"{{record:nl}}: its {english} is {{target:nl}}, which is neither in {{source}} nor "
            "in the store (and referred to {n} more {times})",
            f"{{record}}: {dutch} ervan is {{target}}, maar dat record staat niet in {{source}} "
            "en niet in de opslag (en er wordt nog {n} keer naar verwezen)",
        )
        for english, dutch in _REFERENCES
    ),
    (
        "{record:nl}: its case {case}'s referral is {target:nl}, which is neither in {source} "
        "nor in the store",
        "{record}: de verwijzing van casus {case} is {target}, maar dat record staat niet in "
        "{source} en niet in de opslag",
    ),
    (
        "{record:nl}: its case {case}'s referral is {target:nl}, which is neither in {source} "
        "nor in the store (and referred to {n} more {times})",
        "{record}: de verwijzing van casus {case} is {target}, maar dat record staat niet in "
        "{source} en niet in de opslag (en er wordt nog {n} keer naar verwezen)",
    ),
    (
        "{record:nl}: its case {case}'s partner at the table is {target:nl}, which is neither in "
        "{source} nor in the store",
        "{record}: een partner aan tafel bij casus {case} is {target}, maar dat record staat niet "
        "in {source} en niet in de opslag",
    ),
    (
        "{record:nl}: its case {case}'s partner at the table is {target:nl}, which is neither in "
        "{source} nor in the store (and referred to {n} more {times})",
        "{record}: een partner aan tafel bij casus {case} is {target}, maar dat record staat niet "
        "in {source} en niet in de opslag (en er wordt nog {n} keer naar verwezen)",
    ),
)

# An import not named by its caller is "the records" (halt_core.importing.import_records).
PHRASES += tuple(
    (english.replace("{source}", "the records"), dutch.replace("{source}", "de records"))
    for english, dutch in PHRASES
    if "{source}" in english
)

"""The Dutch of the texts the model raises: its checks, values, areas and the gazetteer."""

# Model classes that are the type of a field: check_types says "expected a Period".
_CLASSES = (
    "Agreement",
    "AgendaItem",
    "AgeRange",
    "Area",
    "Cadence",
    "CaseOnAgenda",
    "Collaboration",
    "ContactPoint",
    "Evaluation",
    "Forum",
    "ForumKindProfile",
    "Intervention",
    "Meeting",
    "Municipality",
    "Network",
    "Outcome",
    "Partner",
    "PartnerKindProfile",
    "Period",
    "Referral",
    "RuleSettings",
    "SafetyRegion",
    "Session",
    "TargetGroup",
)

_MONTHS = (
    ("January", "januari"),
    ("February", "februari"),
    ("March", "maart"),
    ("April", "april"),
    ("May", "mei"),
    ("June", "juni"),
    ("July", "juli"),
    ("August", "augustus"),
    ("September", "september"),
    ("October", "oktober"),
    ("November", "november"),
    ("December", "december"),
)

# What a value in a document was (the converter's _kind_of), in the problems that name it.
_KINDS = (
    ("text", "tekst"),
    ("a whole number", "een geheel getal"),
    ("a number", "een getal"),
    ("true/false", "true/false"),
    ("an object", "een object"),
    ("a list", "een lijst"),
    ("null", "null"),
)
_KIND_PHRASES = (
    *((f"expected {{what:nl}}, got {en}", f"verwacht {{what}}, kreeg {nl}") for en, nl in _KINDS),
    *(
        (f"expected {{what:nl}}, got {en} {{value}}", f"verwacht {{what}}, kreeg {nl} {{value}}")
        for en, nl in _KINDS
    ),
    ("expected {what:nl}, got {got}", "verwacht {what}, kreeg {got}"),  # a Python type's name
    *(
        (
            f"{en} {{value}} is not allowed: {{allowed:nl}}",
            f"{nl} {{value}} is niet toegestaan: {{allowed}}",
        )
        for en, nl in _KINDS
    ),
    # a pseudonym, described, not shown
    ("{shown:nl} is not allowed: {allowed:nl}", "{shown} is niet toegestaan: {allowed}"),
    ("{shown} is not allowed: {allowed:nl}", "{shown} is niet toegestaan: {allowed}"),
)

# A wall time the clocks skip or go through twice (periods._gap_words, _fold_words).
_WHERE = (("in the Netherlands", "in Nederland"), ("in {zone}", "in {zone}"))
_CLOCK_CHANGES = (
    *(
        (
            "on {day} {month:nl} {year} the clocks go forward from {go_from} to {go_to}: "
            f"{{wall}} does not exist {en}; choose {{later}} (or {{earlier}})",
            "op {day} {month} {year} gaat de klok vooruit van {go_from} naar {go_to}: "
            f"{{wall}} bestaat niet {nl}; kies {{later}} (of {{earlier}})",
        )
        for en, nl in _WHERE
    ),
    *(
        (
            "on {day} {month:nl} {year} the clocks go back from {go_from} to {go_to}: "
            f"{{wall}} happens twice {en}; say which "
            "(fold=0: {first_season:nl}, the first, {first}; "
            "fold=1: {second_season:nl}, the second, {second})",
            "op {day} {month} {year} gaat de klok terug van {go_from} naar {go_to}: "
            f"{{wall}} komt twee keer voor {nl}; zeg welke "
            "(fold=0: {first_season}, de eerste, {first}; "
            "fold=1: {second_season}, de tweede, {second})",
        )
        for en, nl in _WHERE
    ),
    *_MONTHS,
    ("summer time", "zomertijd"),
    ("winter time", "wintertijd"),
)

PHRASES: tuple[tuple[str, str], ...] = (
    # -- halt_core.model._checks ----------------------------------------------------------------
    (
        "expected text of 1 to {n} characters that is not only spaces",
        "verwacht tekst van 1 tot en met {n} tekens die niet alleen uit spaties bestaat",
    ),
    ("expected text of at most {n} characters", "verwacht tekst van hoogstens {n} tekens"),
    (
        "expected a whole number from {low} to {high}",
        "verwacht een geheel getal van {low} tot en met {high}",
    ),
    (
        "expected a date and time with a time zone, e.g. "
        "datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)",
        "verwacht een datum en tijd met een tijdzone, bijv. "
        "datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)",
    ),
    (
        "each element may occur once; 1 is repeated",
        "elk element mag maar één keer voorkomen; 1 komt meer dan eens voor",
    ),
    (
        "each element may occur once; {n} are repeated",
        "elk element mag maar één keer voorkomen; {n} komen meer dan eens voor",
    ),
    # what check_types expects, in words (_words)
    ("expected {what:nl}", "verwacht {what}"),
    ("{a:nl} or {b:nl}", "{a} of {b}"),
    ("{what:nl} or None", "{what} of None"),
    ("expected '{value}'", "verwacht '{value}'"),
    ("expected '{a}' or '{b}'", "verwacht '{a}' of '{b}'"),
    (
        "a {collection} (not a list), each item {what:nl}",
        "een {collection} (geen list) met voor elk item {what}",
    ),
    *(
        (
            f"{start}{article} {{name}} member, e.g. {{name}}.{{first}} "
            "(from text: {name}({value}))",
            f"{dutch}een lid van {{name}}, bijv. {{name}}.{{first}} "
            "(uit tekst: {name}({value}))",
        )
        for start, dutch in (("", ""), ("expected ", "verwacht "))
        for article in ("a", "an")
    ),
    (
        "a day (a datetime.date, not a datetime) from {first} to {last}",
        "een dag (een datetime.date, geen datetime) van {first} tot en met {last}",
    ),
    (
        "text (a str) with no NUL character and no lone surrogate",
        "tekst (een str) zonder NUL-teken en zonder los surrogaat",
    ),
    ("True or False", "True of False"),
    ("a whole number (an int, not a bool)", "een geheel getal (een int, geen bool)"),
    ("a finite number", "een eindig getal"),
    (
        "a date and time (a datetime.datetime) with a time zone",
        "een datum en tijd (een datetime.datetime) met een tijdzone",
    ),
    (
        "an id (a uuid.UUID), e.g. new_id(PartnerId)",
        "een id (een uuid.UUID), bijv. new_id(PartnerId)",
    ),
    *((f"a {name}", f"een {name}") for name in _CLASSES if name[0] not in "AEIOU"),
    *((f"an {name}", f"een {name}") for name in _CLASSES if name[0] in "AEIOU"),
    # a value that is personal data, described instead of shown (_shape)
    ("a text of {n} characters", "een tekst van {n} tekens"),
    ("a value of type {name}", "een waarde van type {name}"),
    # -- halt_core.model.pseudonyms -------------------------------------------------------------
    (
        "expected a pseudonym, never a name or a number that could identify a person: 6 to 64 "
        "upper-case letters A-Z and digits 0-9 in groups joined by - or _, with a digit (or 16 "
        "letters or more), no word against a year, and no phone number, BSN or date in its "
        "digits; e.g. Y-7F3K9Q2M",
        "verwacht een pseudoniem, nooit een naam of een nummer waarmee een persoon te herkennen "
        "is: 6 tot en met 64 hoofdletters A-Z en cijfers 0-9 in groepen verbonden door - of _, "
        "met een cijfer (of 16 letters of meer), geen woord direct naast een jaartal, en geen "
        "telefoonnummer, BSN of datum in de cijfers; bijv. Y-7F3K9Q2M",
    ),
    ("a value of type {name}, not text", "een waarde van type {name}, geen tekst"),
    (
        "a word of {n} letters, which may be a name",
        "een woord van {n} letters, dat een naam kan zijn",
    ),
    (
        "a word with a year, which may be a name and a year of birth",
        "een woord met een jaartal, dat een naam met een geboortejaar kan zijn",
    ),
    ("an e-mail address", "een e-mailadres"),
    ("a phone number", "een telefoonnummer"),
    ("a name-like text of {n} words", "een tekst van {n} woorden die op een naam lijkt"),
    (
        "a name-like text of mixed-case letters",
        "een tekst met hoofdletters en kleine letters door elkaar, die op een naam lijkt",
    ),
    ("a text with lower-case letters", "een tekst met kleine letters"),
    (
        "a text with characters other than A-Z, 0-9, - and _",
        "een tekst met andere tekens dan A-Z, 0-9, - en _",
    ),
    (
        "a number of {n} digits, like a phone or account number",
        "een getal van {n} cijfers, zoals een telefoon- of rekeningnummer",
    ),
    (
        "a 9-digit number that passes the 11-test, like a BSN",
        "een getal van 9 cijfers dat de elfproef doorstaat, zoals een BSN",
    ),
    (
        "an 8-digit number that reads as a date, like a date of birth",
        "een getal van 8 cijfers dat als datum te lezen is, zoals een geboortedatum",
    ),
    # -- halt_core.model.contacts and halt_core.model.partners ----------------------------------
    (
        "expected an e-mail address like team@example.nl: {reason:nl}",
        "verwacht een e-mailadres zoals team@example.nl: {reason}",
    ),
    (
        "expected an e-mail address like team@example.nl",
        "verwacht een e-mailadres zoals team@example.nl",
    ),
    (
        "expected a phone number like 020 123 4567 or +31 20 123 4567: {reason:nl}",
        "verwacht een telefoonnummer zoals 020 123 4567 of +31 20 123 4567: {reason}",
    ),
    (
        "expected a phone number like 020 123 4567 or +31 20 123 4567",
        "verwacht een telefoonnummer zoals 020 123 4567 of +31 20 123 4567",
    ),
    # what an e-mail or phone field accepts, then why the value is not one; so every
    # "{allowed}: {reason}" made of two phrases that have their Dutch
    ("{allowed:nl}: {reason:nl}", "{allowed}: {reason}"),
    ("not text", "geen tekst"),
    ("it could not be read ({name})", "het kon niet worden gelezen ({name})"),
    (
        "it is {n} characters long; an address has at most 254",
        "het is {n} tekens lang; een adres heeft hoogstens 254 tekens",
    ),
    (
        "it is {a},{b} characters long; an address has at most 254",
        "het is {a}.{b} tekens lang; een adres heeft hoogstens 254 tekens",
    ),
    (
        "it is {a},{b},{c} characters long; an address has at most 254",
        "het is {a}.{b}.{c} tekens lang; een adres heeft hoogstens 254 tekens",
    ),
    (
        "it is {n} characters long; a number has at most 15 digits",
        "het is {n} tekens lang; een nummer heeft hoogstens 15 cijfers",
    ),
    (
        "it is {a},{b} characters long; a number has at most 15 digits",
        "het is {a}.{b} tekens lang; een nummer heeft hoogstens 15 cijfers",
    ),
    (
        "it is {a},{b},{c} characters long; a number has at most 15 digits",
        "het is {a}.{b}.{c} tekens lang; een nummer heeft hoogstens 15 cijfers",
    ),
    ("the country code after + is unknown", "de landcode na + is onbekend"),
    ("it is not a phone number", "het is geen telefoonnummer"),
    (
        "it is too short after the international prefix",
        "het is te kort na het internationale voorvoegsel",
    ),
    ("it is too short to be a phone number", "het is te kort voor een telefoonnummer"),
    ("it is too long to be a phone number", "het is te lang voor een telefoonnummer"),
    (
        "it is not a Dutch phone number (check the digits and the country code)",
        "het is geen Nederlands telefoonnummer (controleer de cijfers en de landcode)",
    ),
    (
        "it is not a valid +{code} phone number (check the digits and the country code)",
        "het is geen geldig telefoonnummer met landcode +{code} "
        "(controleer de cijfers en de landcode)",
    ),
    (
        "it has an extension, which cannot be stored; give the number without it",
        "het heeft een toestelnummer, dat niet kan worden opgeslagen; "
        "geef het nummer zonder toestelnummer",
    ),
    # email-validator's reasons, as halt_core passes them on (lower-case start, no full stop)
    ("an email address must have an @-sign", "een e-mailadres moet een @-teken hebben"),
    ("there must be something before the @-sign", "er moet iets vóór het @-teken staan"),
    ("there must be something after the @-sign", "er moet iets na het @-teken staan"),
    (
        "there can't be anything after the email address",
        "er mag niets na het e-mailadres staan",
    ),
    (
        "an email address cannot have two periods in a row",
        "een e-mailadres mag geen twee punten achter elkaar hebben",
    ),
    (
        "an email address cannot have a period and a hyphen next to each other",
        "een e-mailadres mag geen punt en koppelteken naast elkaar hebben",
    ),
    (
        "the email address contains an invalid character",
        "het e-mailadres bevat een ongeldig teken",
    ),
    (
        "the email address contains invalid characters before the @-sign",
        "het e-mailadres bevat ongeldige tekens vóór het @-teken",
    ),
    (
        "the email address contains invalid characters before the @-sign: {chars}",
        "het e-mailadres bevat ongeldige tekens vóór het @-teken: {chars}",
    ),
    (
        "the part after the @-sign contains invalid characters: {chars}",
        "het deel na het @-teken bevat ongeldige tekens: {chars}",
    ),
    ("the part after the @-sign is not valid", "het deel na het @-teken is ongeldig"),
    ("It should have a period", "Het moet een punt bevatten"),
    (
        "It is not within a valid top-level domain",
        "Het valt niet onder een geldig topleveldomein",
    ),
    (
        "the part after the @-sign is a special-use or reserved name that cannot be used with "
        "email",
        "het deel na het @-teken is een gereserveerde naam of een naam voor bijzonder gebruik, "
        "die niet voor e-mail te gebruiken is",
    ),
    ("the email address is too long {reason:nl}", "het e-mailadres is te lang {reason}"),
    (
        "the email address is too long before the @-sign {reason:nl}",
        "het e-mailadres is te lang vóór het @-teken {reason}",
    ),
    (
        "the email address is too long after the @-sign {reason:nl}",
        "het e-mailadres is te lang na het @-teken {reason}",
    ),
    ("({n} character too many)", "({n} teken te veel)"),
    *(
        pair
        for en, nl in (("period", "punt"), ("hyphen", "koppelteken"))
        for pair in (
            (
                f"an email address cannot start with a {en}",
                f"een e-mailadres mag niet met een {nl} beginnen",
            ),
            (
                f"an email address cannot end with a {en}",
                f"een e-mailadres mag niet op een {nl} eindigen",
            ),
            (
                f"an email address cannot have a {en} immediately before the @-sign",
                f"een e-mailadres mag geen {nl} direct vóór het @-teken hebben",
            ),
            (
                f"an email address cannot have a {en} immediately after the @-sign",
                f"een e-mailadres mag geen {nl} direct na het @-teken hebben",
            ),
        )
    ),
    (
        "quoting the part before the @-sign is not allowed here",
        "aanhalingstekens om het deel vóór het @-teken zijn hier niet toegestaan",
    ),
    (
        "a bracketed IP address after the @-sign is not allowed here",
        "een IP-adres tussen haken na het @-teken is hier niet toegestaan",
    ),
    (
        "a display name and angle brackets around the email address are not permitted here",
        "een weergavenaam en punthaken rond het e-mailadres zijn hier niet toegestaan",
    ),
    (
        "internationalized characters before the @-sign are not supported",
        "internationale tekens vóór het @-teken worden niet ondersteund",
    ),
    (
        "internationalized characters before the @-sign are not supported: {chars}",
        "internationale tekens vóór het @-teken worden niet ondersteund: {chars}",
    ),
    ("the email address is not valid ASCII", "het e-mailadres is geen geldige ASCII"),
    (
        "the email address contains unsafe characters: {chars}",
        "het e-mailadres bevat onveilige tekens: {chars}",
    ),
    (
        'the email address has the "small commercial at" character instead of a regular at-sign',
        'het e-mailadres heeft het teken "small commercial at" in plaats van een gewoon @-teken',
    ),
    (
        "an email address cannot have two letters followed by two dashes immediately after the "
        "@-sign or after a period, except Punycode",
        "een e-mailadres mag direct na het @-teken of na een punt geen twee letters gevolgd door "
        "twee streepjes hebben, behalve in Punycode",
    ),
    (
        "after the @-sign, periods cannot be separated by so many characters {reason:nl}",
        "na het @-teken mogen punten niet zo ver uit elkaar staan {reason}",
    ),
    (
        "the part after the @-sign contains invalid characters ({reason})",
        "het deel na het @-teken bevat ongeldige tekens ({reason})",
    ),
    (
        "the part after the @-sign is invalid ({reason})",
        "het deel na het @-teken is ongeldig ({reason})",
    ),
    ("({n} characters too many)", "({n} tekens te veel)"),
    # a contact point
    (
        "give an e-mail address or a phone number (or both)",
        "geef een e-mailadres of een telefoonnummer (of allebei)",
    ),
    (
        "a partner that ended needs a reason: say why in a few words, e.g. "
        "end_reason='opgegaan in een fusiegemeente'",
        "een partner die is beëindigd heeft een reden nodig: zeg in een paar woorden waarom, bijv. "
        "end_reason='opgegaan in een fusiegemeente'",
    ),
    (
        "only a partner that ended has an end reason: give ended_on too, or leave end_reason out",
        "alleen een partner die is beëindigd heeft een reden van beëindiging: geef ook ended_on, "
        "of laat end_reason weg",
    ),
    # -- halt_core.model.registers --------------------------------------------------------------
    (
        "expected an OIN: 20 digits, e.g. 00000001003214345000",
        "verwacht een OIN: 20 cijfers, bijv. 00000001003214345000",
    ),
    (
        "expected a KvK number: 8 digits, e.g. 12345678",
        "verwacht een KvK-nummer: 8 cijfers, bijv. 12345678",
    ),
    (
        "expected a BRIN: 2 digits and 2 letters, e.g. 12AB, optionally followed by the 2-digit "
        "vestigingsnummer, e.g. 12AB01",
        "verwacht een BRIN: 2 cijfers en 2 letters, bijv. 12AB, eventueel gevolgd door het "
        "vestigingsnummer van 2 cijfers, bijv. 12AB01",
    ),
    # -- halt_core.model.interventions ----------------------------------------------------------
    (
        "expected a staff code of 1 to 32 letters, digits, ., _ or -",
        "verwacht een personeelscode van 1 tot en met 32 letters, cijfers, ., _ of -",
    ),
    ("must not be below the minimum {low}", "mag niet lager zijn dan het minimum {low}"),
    # -- halt_core.model.periods ----------------------------------------------------------------
    ("must not be before the start {start}", "mag niet vóór het begin {start} liggen"),
    ("must be after the start {start}", "moet na het begin {start} liggen"),
    (
        "expected a moment from 1970-01-01 00:00 UTC to the end of 2199-12-31 UTC",
        "verwacht een moment van 1970-01-01 00:00 UTC tot en met het einde van 2199-12-31 UTC",
    ),
    (
        "a wall time in the Netherlands becomes one with local_time()",
        "local_time() maakt er een van een kloktijd in Nederland",
    ),
    (
        "expected a date and time without a time zone, e.g. datetime(2026, 10, 25, 2, 30)",
        "verwacht een datum en tijd zonder tijdzone, bijv. datetime(2026, 10, 25, 2, 30)",
    ),
    (
        "expected None (not said), 0 (the first of two equal wall times) or 1 (the second)",
        "verwacht None (niet gezegd), 0 (de eerste van twee gelijke kloktijden) of 1 (de tweede)",
    ),
    *_CLOCK_CHANGES,
    # -- halt_core.model.geography --------------------------------------------------------------
    ("one of {names}", "een van {names}"),
    ("expected one of {names}", "verwacht een van {names}"),
    ("expected VR and 2 digits", "verwacht VR en 2 cijfers"),
    ("expected GM and 4 digits, e.g. GM0363", "verwacht GM en 4 cijfers, bijv. GM0363"),
    (
        "must be the arrondissement of its safety region {code} ({arrondissement})",
        "moet het arrondissement van de eigen veiligheidsregio {code} zijn ({arrondissement})",
    ),
    ("for kind {kind}: {allowed:nl}", "voor soort {kind}: {allowed}"),
    ("a country area holds no codes", "een gebied van het hele land heeft geen codes"),
    (
        "expected one or more different municipality codes (GM and 4 digits)",
        "verwacht een of meer verschillende gemeentecodes (GM en 4 cijfers)",
    ),
    (
        "expected exactly one municipality code (GM and 4 digits)",
        "verwacht precies één gemeentecode (GM en 4 cijfers)",
    ),
    (
        "expected exactly one safety region code (VR and 2 digits)",
        "verwacht precies één veiligheidsregiocode (VR en 2 cijfers)",
    ),
    (
        "expected exactly one arrondissement name, one of {names}",
        "verwacht precies één arrondissementsnaam, een van {names}",
    ),
    # -- halt_core.model.gazetteer --------------------------------------------------------------
    ("codes must be unique", "codes moeten uniek zijn"),
    ("names must be unique", "namen moeten uniek zijn"),
    (
        "safety region {code} is already known as {region}",
        "veiligheidsregio {code} is al bekend als {region}",
    ),
    ("not in the {year} division", "niet in de gemeentelijke indeling van {year}"),
    ("counts are whole numbers >= 0", "aantallen zijn gehele getallen >= 0"),
    ("missing {columns}", "ontbrekende kolommen: {columns}"),
    ("municipal division", "gemeentelijke indeling"),
    ("the shipped divisions are {years}", "de meegeleverde indelingen zijn {years}"),
    ("municipality with code", "gemeente met code"),
    ("municipality named", "gemeente met de naam"),
    ("safety region", "veiligheidsregio"),
    ("CBS codes are GM and 4 digits", "CBS-codes zijn GM en 4 cijfers"),
    (
        "list them with Gazetteer.load().municipalities",
        "toon ze met Gazetteer.load().municipalities",
    ),
    ("use the CBS spelling, e.g. 's-Gravenhage", "gebruik de CBS-spelling, bijv. 's-Gravenhage"),
    ("did you mean {name}?", "is {name} bedoeld?"),
    ("did you mean {a} or {b}?", "is {a} of {b} bedoeld?"),
    ("did you mean {a} or {b} or {c}?", "is {a}, {b} of {c} bedoeld?"),
    # a bad row of a CSV file: the error of the row's value, whole
    (
        "{owner}.{field} cannot be {value}: {allowed:nl}",
        "{owner}.{field} mag niet {value} zijn: {allowed}",
    ),
    ("{value} is not a valid {name}", "{value} is geen geldige {name}"),
    # -- halt_core.model.network ----------------------------------------------------------------
    (
        "each id may occur once; repeated: {ids}",
        "elk id mag maar één keer voorkomen; herhaald: {ids}",
    ),
    (
        "each id may occur once; repeated: {ids} and {n} more",
        "elk id mag maar één keer voorkomen; herhaald: {ids} en nog {n}",
    ),
    # (the kinds of record are in library.py)
    ("this network holds no {what:nl} with that id", "dit netwerk bevat geen {what} met dat id"),
    # -- halt_core.model.referrals --------------------------------------------------------------
    (
        "a referral that is {status} has no outcome yet; "
        "only completed and returned referrals have one",
        "een verwijzing met status {status} heeft nog geen uitkomst; "
        "alleen afgeronde en teruggemelde verwijzingen hebben er een",
    ),
    (
        "a {status} referral needs an outcome with result {result}",
        "een verwijzing met status {status} heeft een uitkomst met resultaat {result} nodig",
    ),
    # -- halt_core.events -----------------------------------------------------------------------
    ("expected at least one session", "verwacht minstens één sessie"),
    (
        "must agree with the sessions before and after: expected {n} id(s), {ids}; "
        "leave it out to have it worked out",
        "moet kloppen met de sessies ervoor en erna: verwacht {n} id('s), {ids}; "
        "laat het weg om het te laten uitrekenen",
    ),
    (
        "must agree with the sessions before and after: expected 0 id(s), none; "
        "leave it out to have it worked out",
        "moet kloppen met de sessies ervoor en erna: verwacht geen id's; "
        "laat het weg om het te laten uitrekenen",
    ),
    (
        "expected the stored version of the meeting when it was called off: a whole number "
        "of 1 or more, as get_versioned() gives it",
        "verwacht de opgeslagen versie van de bijeenkomst toen die werd afgelast: een geheel "
        "getal van 1 of meer, zoals get_versioned() die geeft",
    ),
    (
        "expected an object with a 'type', like the output of to_json(event)",
        "verwacht een object met een 'type', zoals de uitvoer van to_json(event)",
    ),
    ("unknown event type {name}", "onbekend gebeurtenistype {name}"),
    ("expected an outcome with result {result}", "verwacht een uitkomst met resultaat {result}"),
    # -- halt_core.demo -------------------------------------------------------------------------
    ("expected a whole number of 1 or more", "verwacht een geheel getal van 1 of meer"),
    ("plantable rule", "plantbare regel"),
    ("plantable: {rules}", "plantbare regels: {rules}"),
    # -- halt_core.ids --------------------------------------------------------------------------
    ("give at least one part, e.g. a name", "geef minstens één deel, bijv. een naam"),
    # -- halt_core.errors -----------------------------------------------------------------------
    ("expected 'en' or 'nl'", "verwacht 'en' of 'nl'"),
    (
        "expected text with no NUL and no lone surrogate",
        "verwacht tekst zonder NUL en zonder los surrogaat",
    ),
    (
        "a Dutch template may name only the parts of its English one; not in the English: {names}",
        "een Nederlands sjabloon mag alleen de delen van het Engelse noemen; niet in het "
        "Engels: {names}",
    ),
    (
        "unsupported schema_version {found}: {advice:nl}",
        "niet-ondersteunde schema_version {found}: {advice}",
    ),
    (
        "it was written by a newer halt_core (this one reads up to {n})",
        "het is geschreven door een nieuwere halt_core (deze leest tot en met {n})",
    ),
    ("upgrade halt-core to read it", "upgrade halt-core om het te lezen"),
    # -- halt_core.serialization ----------------------------------------------------------------
    ("JSON cannot hold it ({name})", "JSON kan deze waarde niet bevatten ({name})"),
    (
        "expected JSON text: bytes, a bytearray, a memoryview or a str",
        "verwacht JSON-tekst: bytes, een bytearray, een memoryview of een str",
    ),
    (
        "not valid JSON: the text holds a lone surrogate (U+{code}) at character {at}, which is "
        "not a character; JSON text must be valid Unicode",
        "geen geldige JSON: de tekst bevat een los surrogaat (U+{code}) op teken {at}, dat geen "
        "teken is; JSON-tekst moet geldige Unicode zijn",
    ),
    (
        "not valid JSON: the text holds a lone surrogate (U+{code}) at character {a},{b}, "
        "which is not a character; JSON text must be valid Unicode",
        "geen geldige JSON: de tekst bevat een los surrogaat (U+{code}) op teken {a}.{b}, dat "
        "geen teken is; JSON-tekst moet geldige Unicode zijn",
    ),
    ("not valid JSON: {reason:nl}", "geen geldige JSON: {reason}"),
    (
        "nested deeper than {n} levels of arrays and objects: no halt_core document nests that "
        "deep; check what produced it",
        "dieper genest dan {n} niveaus van arrays en objecten: geen enkel halt_core-document is "
        "zo diep genest; controleer wat het heeft gemaakt",
    ),
    (
        "expected a model or event class, such as Partner or InterventionScheduled",
        "verwacht een model- of gebeurtenisklasse, zoals Partner of InterventionScheduled",
    ),
    ("this one is not read from documents", "deze wordt niet uit documenten gelezen"),
    # msgspec's reasons: JSON it cannot parse
    ("Input data was truncated", "de invoer houdt te vroeg op"),
    ("JSON is malformed: {what:nl} (byte {n})", "de JSON is misvormd: {what} (byte {n})"),
    ("invalid character", "ongeldig teken"),
    ("invalid character in unicode escape", "ongeldig teken in een unicode-escape"),
    ("invalid escape character in string", "ongeldig escapeteken in een string"),
    ("invalid escaped character", "ongeldig ge-escapet teken"),
    ("invalid number", "ongeldig getal"),
    ("object keys must be strings", "de sleutels van een object moeten strings zijn"),
    ("invalid utf-16 surrogate pair", "ongeldig utf-16-surrogaatpaar"),
    ("trailing characters", "tekens na het einde"),
    ("trailing comma in array", "komma aan het einde van een array"),
    ("trailing comma in object", "komma aan het einde van een object"),
    (
        "unexpected end of escaped utf-16 surrogate pair",
        "onverwacht einde van een ge-escapet utf-16-surrogaatpaar",
    ),
    ("unexpected end of hex escape", "onverwacht einde van een hex-escape"),
    # msgspec's reasons: a value it refuses where the library's own checks did not
    ("Integer value out of range", "geheel getal buiten bereik"),
    ("Number out of range", "getal buiten bereik"),
    ("Expected `{a}`", "verwacht `{a}`"),
    ("Expected `{a}`, got `{b}`", "verwacht `{a}`, kreeg `{b}`"),
    ("Expected `{a}` with a timezone component", "verwacht `{a}` met een tijdzone"),
    ("Expected `{a}` with no timezone component", "verwacht `{a}` zonder tijdzone"),
    ("Expected `{a}` of length <= {n}", "verwacht `{a}` met een lengte <= {n}"),
    ("Expected `{a}` of length >= {n}", "verwacht `{a}` met een lengte >= {n}"),
    ("Expected `{a}` matching regex {regex}", "verwacht `{a}` die past bij de regex {regex}"),
    ("Expected `{a}` <= {n}", "verwacht `{a}` <= {n}"),
    ("Expected `{a}` >= {n}", "verwacht `{a}` >= {n}"),
    ("Object missing required field `{name}`", "object mist het verplichte veld `{name}`"),
    ("Object contains unknown field `{name}`", "object bevat het onbekende veld `{name}`"),
    ("Invalid enum value {value}", "ongeldige enumwaarde {value}"),
    ("Invalid value {value}", "ongeldige waarde {value}"),
    ("Invalid RFC3339 encoded date", "ongeldige RFC 3339-datum"),
    ("Invalid RFC3339 encoded datetime", "ongeldige RFC 3339-datum en -tijd"),
    ("Invalid RFC3339 encoded time", "ongeldige RFC 3339-tijd"),
    ("Invalid UUID", "ongeldige UUID"),
    ("Invalid UTF-8 encoded string", "ongeldige UTF-8-string"),
    # -- halt_core.serialization._converter: the problems of a document ------------------------
    ("required field missing", "verplicht veld ontbreekt"),
    ("required field missing ({what:nl})", "verplicht veld ontbreekt ({what})"),
    ("expected {what:nl} ({name}: {reason})", "verwacht {what} ({name}: {reason})"),
    ("invalid value ({reason})", "ongeldige waarde ({reason})"),
    # what a value should be in JSON (describe)
    ("a pseudonym (text)", "een pseudoniem (tekst)"),
    ("{what:nl} or null", "{what} of null"),
    ("a list, each item {what:nl}", "een lijst met voor elk item {what}"),
    ("an object ({name})", "een object ({name})"),
    (
        "text with no NUL character and no lone surrogate",
        "tekst zonder NUL-teken en zonder los surrogaat",
    ),
    ("a whole number", "een geheel getal"),
    ("a number", "een getal"),
    ("true or false", "true of false"),
    (
        "a date and time with a zone from 1970 to 2199, like {example}",
        "een datum en tijd met tijdzone van 1970 tot en met 2199, zoals {example}",
    ),
    (
        "a date from 1970-01-01 to 2199-12-31, like {example}",
        "een datum van 1970-01-01 tot en met 2199-12-31, zoals {example}",
    ),
    ("an id (a UUID, like {example})", "een id (een UUID, zoals {example})"),
    *_KIND_PHRASES,
)

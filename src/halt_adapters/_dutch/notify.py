"""The Dutch of the texts the notify adapters raise."""

PHRASES: tuple[tuple[str, str], ...] = (
    # -- what several notifiers say -------------------------------------------------------------
    (
        "unknown setting {unknown}; known: {known}",
        "onbekende instelling {unknown}; bekend: {known}",
    ),
    (
        "timeout: give seconds, more than 0 and at most {most}",
        "timeout: geef een aantal seconden, meer dan 0 en hoogstens {most}",
    ),
    (
        "the port must be a number from 1 to 65535",
        "de poort moet een getal van 1 tot en met 65535 zijn",
    ),
    ("cannot reach {where}: {detail}", "kan {where} niet bereiken: {detail}"),
    # -- halt_adapters.notify._smtp_url ---------------------------------------------------------
    ("give {whose:nl}: {setting}=halt@example.nl", "geef {whose}: {setting}=halt@example.nl"),
    ("the sender's address", "het adres van de afzender"),
    ("an address", "een adres"),
    ("{setting}={value} is not valid: {allowed:nl}", "{setting}={value} is niet geldig: {allowed}"),
    # -- halt_adapters.notify.log ---------------------------------------------------------------
    (
        "expected a URL like log: or log:halt.notices",
        "verwacht een URL als log: of log:halt.notices",
    ),
    (
        "unknown setting {unknown}; give ?level=debug, info or warning",
        "onbekende instelling {unknown}; geef ?level=debug, info of warning",
    ),
    # -- halt_adapters.notify.smtp: the URL ----------------------------------------------------
    (
        "expected smtp://host?from=ADDR or smtps://host?from=ADDR",
        "verwacht smtp://host?from=ADDR of smtps://host?from=ADDR",
    ),
    (
        "the URL names no mail server: smtp://mail.example.nl?from=...",
        "de URL noemt geen mailserver: smtp://mail.example.nl?from=...",
    ),
    (
        "a mail server URL has no path or #fragment; put settings after ?",
        "de URL van een mailserver heeft geen pad of #fragment; zet de instellingen na ?",
    ),
    ("starttls: give true or false", "starttls: geef true of false"),
    (
        "smtps:// is encrypted from the start; leave out starttls=true",
        "smtps:// is vanaf het begin versleuteld; laat starttls=true weg",
    ),
    (
        "the URL has a password but no user: user:***@host",
        "de URL heeft een wachtwoord maar geen gebruiker: user:***@host",
    ),
    (
        "the user {user} has no password: set {variable} (or leave out the user if the server "
        "needs no login)",
        "de gebruiker {user} heeft geen wachtwoord: stel {variable} in (of laat de gebruiker weg "
        "als de server geen inloggen vraagt)",
    ),
    (
        "the user or password holds characters other than ASCII, which Python's smtplib cannot "
        "send in a login: choose a password of ASCII characters",
        "de gebruiker of het wachtwoord bevat andere tekens dan ASCII, die smtplib van Python "
        "niet bij het inloggen kan versturen: kies een wachtwoord van ASCII-tekens",
    ),
    (
        "the login would cross the network unencrypted; it is allowed to loopback only, and "
        "{host} is not: use smtps:// or add &starttls=true",
        "het inloggen zou onversleuteld over het netwerk gaan; dat mag alleen naar loopback, en "
        "{host} is dat niet: gebruik smtps:// of voeg &starttls=true toe",
    ),
    (
        "calendar invitations need the icalendar package: pip install halt-core[ics]",
        "agenda-uitnodigingen hebben het pakket icalendar nodig: pip install halt-core[ics]",
    ),
    # -- halt_adapters.notify.smtp: the mail and the server ------------------------------------
    (
        "cannot write a mail to the partner's address {to}: {detail}; correct it in the "
        "partner's contact points",
        "kan geen mail schrijven naar het adres {to} van de partner: {detail}; verbeter het in "
        "de contactpunten van de partner",
    ),
    (
        "{where} refused the login of {user} ({answer}): check the user in the URL and the "
        "password ({variable})",
        "{where} weigerde het inloggen van {user} ({answer}): controleer de gebruiker in de URL "
        "en het wachtwoord ({variable})",
    ),
    (
        "{where} refused the recipient {to}: {answer}",
        "{where} weigerde de ontvanger {to}: {answer}",
    ),
    (
        "{where} refused the sender {sender}: {answer}; check from= and that the server lets "
        "this user send as it",
        "{where} weigerde de afzender {sender}: {answer}; controleer from= en of de server deze "
        "gebruiker met dat adres laat verzenden",
    ),
    ("{where} refused the mail: {answer}", "{where} weigerde de mail: {answer}"),
    ("{where} cannot take this mail: {detail}", "{where} kan deze mail niet aannemen: {detail}"),
    ("{where} answered {answer}", "{where} antwoordde {answer}"),
    (
        "{where} closed the connection ({detail})",
        "{where} heeft de verbinding verbroken ({detail})",
    ),
    ("{where} did not answer within {seconds} s", "{where} antwoordde niet binnen {seconds} s"),
    (
        "no secure connection to {where} ({detail}): check the host name and port, and that "
        "its certificate is valid",
        "geen beveiligde verbinding met {where} ({detail}): controleer de hostnaam en de poort, "
        "en of het certificaat van de server geldig is",
    ),
    (
        "{where}: the mail holds text the connection cannot carry (not ASCII)",
        "{where}: de mail bevat tekst die de verbinding niet kan overbrengen (geen ASCII)",
    ),
    (
        "{where} does not offer STARTTLS: check the port (587 usually), or use smtps:// (port 465)",
        "{where} biedt geen STARTTLS aan: controleer de poort (meestal 587), of gebruik "
        "smtps:// (poort 465)",
    ),
    (
        "{where} offers no login (AUTH): leave out the user, or check the port and the "
        "starttls setting",
        "{where} biedt geen inloggen (AUTH) aan: laat de gebruiker weg, of controleer de poort "
        "en de instelling starttls",
    ),
    # -- halt_adapters.notify.smtp: no one to write to -----------------------------------------
    (
        "{type} is for an operator, and no operator is set: add &operator=ADDR",
        "{type} is voor een beheerder, en er is geen operator ingesteld: voeg &operator=ADDR toe",
    ),
    (
        "no partner to write to: the smtp notifier mails the partners a route names",
        "geen partner om naar te schrijven: de smtp-notifier mailt de partners die een route noemt",
    ),
    (
        "the partner has no contact e-mail address: give {name} ({partner}) a contact point "
        "with one, then retry the dead letter",
        "de partner heeft geen e-mailadres voor contact: geef {name} ({partner}) een "
        "contactpunt met een e-mailadres en probeer de onbestelbare melding daarna opnieuw",
    ),
    (
        "there is nothing to tell a partner about {type}",
        "er is niets aan een partner te melden over {type}",
    ),
    # -- halt_adapters.notify.webhook -----------------------------------------------------------
    (
        "not a URL ({detail}); expected webhook+https://host[:port]/path",
        "geen URL ({detail}); verwacht webhook+https://host[:port]/path",
    ),
    (
        "the path must be ASCII without spaces; percent-encode other characters",
        "het pad moet ASCII zonder spaties zijn; schrijf andere tekens met procentcodering (%XX)",
    ),
    (
        "expected webhook+https://host/path (or webhook+http:// to loopback)",
        "verwacht webhook+https://host/path (of webhook+http:// naar loopback)",
    ),
    ("the URL names no host", "de URL noemt geen host"),
    (
        "plain http sends events unencrypted; it is allowed to loopback only, and {host} is "
        "not: use webhook+https://",
        "gewone http verstuurt gebeurtenissen onversleuteld; dat mag alleen naar loopback, en "
        "{host} is dat niet: gebruik webhook+https://",
    ),
    (
        "give oin= (the NL GOV source is made from it) or source=, not both",
        "geef oin= (de NL GOV-source wordt daaruit gemaakt) of source=, niet allebei",
    ),
    # An OIN that source_for_oin refuses: its InvalidValue's English, as the reason.
    ("source.oin cannot be {value}: {allowed:nl}", "source.oin mag niet {value} zijn: {allowed}"),
    (
        "source: give a URI without spaces, e.g. urn:nld:oin:<oin>:systeem:x",
        "source: geef een URI zonder spaties, bijv. urn:nld:oin:<oin>:systeem:x",
    ),
    (
        "no signing key: set {variable} to a secret of at least {least} characters that the "
        "receiver knows too",
        "geen sleutel om mee te ondertekenen: stel {variable} in op een geheim van minstens "
        "{least} tekens dat de ontvanger ook kent",
    ),
    ("no answer within {seconds} s ({detail})", "geen antwoord binnen {seconds} s ({detail})"),
    ("the receiver answered {status}", "de ontvanger antwoordde {status}"),
    (
        "the receiver refused it with {status}; check its URL and what it accepts",
        "de ontvanger weigerde de melding met {status}; controleer de URL van de ontvanger en "
        "wat die accepteert",
    ),
    # -- halt_adapters.notify.dispatcher --------------------------------------------------------
    (
        "two notifiers have the name {name}; give each notifier URL once",
        "twee notifiers hebben de naam {name}; geef elke notifier-URL één keer",
    ),
    ("the notifier raised {error}: {detail}", "de notifier gaf de fout {error}: {detail}"),
    ("partner {partner} no longer exists", "partner {partner} bestaat niet meer"),
    # -- halt_adapters.notify._records ----------------------------------------------------------
    # It embeds the English of a PrivacyLogUnsupported, given here too.
    (
        "the message carries data about a youth and {problem:nl}",
        "het bericht bevat gegevens over een jongere en {problem}",
    ),
    (
        "the store {store} keeps no privacy log, so it cannot record disclosures, legal holds "
        "or erasures; use SQLite, PostgreSQL or memory, or an adapter that implements "
        "halt_core.storage.PrivacyLog",
        "de opslag {store} houdt geen privacylog bij, dus kan geen verstrekkingen, "
        "bewaarplichten of wissingen vastleggen; gebruik SQLite, PostgreSQL of memory, of een "
        "adapter die halt_core.storage.PrivacyLog implementeert",
    ),
)

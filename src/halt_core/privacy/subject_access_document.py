"""The subject-access report written out in plain Dutch: as text, or as one HTML page.

:func:`as_text` and :func:`as_html` write a
:class:`~halt_core.privacy.subject_access.SubjectAccessReport` for a youth or a parent: what
Halt holds, every disclosure with to whom, when, why and on what legal basis, and how long
Halt keeps it, in words rather than codes (:func:`halt_core.model.words.dutch` for the
model's values). Both are made from one outline, so they say the same. The HTML page is
self-contained (its style inline, no scripts, images, fonts or links to load) and every
value in it is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap

import attrs

from halt_core.model.words import dutch
from halt_core.privacy import _dutch
from halt_core.privacy.subject_access import (
    DisclosureEntry,
    MeetingEntry,
    ReferralEntry,
    SubjectAccessReport,
)

__all__ = ["as_html", "as_text"]

_WIDTH = 78


@attrs.frozen
class _Entry:
    heading: str
    rows: tuple[tuple[str, str], ...]


@attrs.frozen
class _Section:
    title: str
    paragraphs: tuple[str, ...]
    entries: tuple[_Entry, ...]
    empty: str = ""


def _kept(report: SubjectAccessReport, until: dt.date) -> str:
    if report.holds:
        return f"zolang de blokkade duurt (zonder blokkade tot {_dutch.day(until)})"
    return _dutch.day(until)


def _referral(report: SubjectAccessReport, entry: ReferralEntry) -> _Entry:
    r = entry.referral
    rows = [
        ("Wat er gebeurd is", dutch(r.offence)),
        ("Datum waarop het gebeurde", _dutch.day(r.offence_date)),
        ("Je leeftijd toen", f"{r.age_at_offence} jaar"),
        ("Wie je naar Halt stuurde", entry.referrer),
        ("Gemeente", entry.municipality),
        ("Halt kreeg de verwijzing op", _dutch.day(r.referred_on)),
        ("Hoe ver het traject is", dutch(r.status)),
    ]
    if r.outcome is not None:
        ended = f"{dutch(r.outcome.result)}, op {_dutch.day(r.outcome.decided_on)}"
        if r.outcome.hours is not None:
            ended += f"; je deed {r.outcome.hours} uur"
        rows.append(("Hoe het afliep", ended))
    rows += [
        ("Nummer van de verwijzing", str(r.id)),
        ("Halt bewaart dit tot", _kept(report, entry.kept_until)),
    ]
    return _Entry(f"Verwijzing van {_dutch.day(r.referred_on)}", tuple(rows))


def _meeting(report: SubjectAccessReport, entry: MeetingEntry) -> _Entry:
    rows = []
    if entry.forum_kind is not None:
        rows.append(("Soort overleg", dutch(entry.forum_kind)))
    rows += [("Wanneer", _dutch.moment(entry.start)), ("Waar", entry.location)]
    if entry.cancelled_on is not None:
        called_off = _dutch.day(entry.cancelled_on)
        rows.append(("Afgelast", f"op {called_off}: dit overleg ging niet door"))
        rows.append(("Aan tafel", "niemand: je bent hier niet besproken"))
    elif entry.cases:
        rows.append(("Gemeente", ", ".join(entry.municipalities)))
        rows.append(("Aan tafel", ", ".join(entry.discussed_with) or "niet vastgelegd"))
    for title, notes in entry.agenda:
        rows.append(("Agendapunt", f"{title}: {notes}" if notes else title))
    rows.append(("Halt bewaart dit tot", _kept(report, entry.kept_until)))
    return _Entry(f"{entry.forum}, {_dutch.day_of(entry.start)}", tuple(rows))


def _disclosure(report: SubjectAccessReport, entry: DisclosureEntry) -> _Entry:
    d = entry.disclosure
    what = "; ".join(dict.fromkeys(_dutch.field(name) for name in d.fields))
    rows = [
        ("Aan", d.recipient_name),
        ("Wanneer", _dutch.moment(d.at)),
        ("Waarom", _dutch.PURPOSE_WORDS.get(d.purpose, str(d.purpose))),
        ("Op grond van", _dutch.LEGAL_BASIS_WORDS.get(d.legal_basis, str(d.legal_basis))),
        ("Welke gegevens", what or "geen gegevens over jou"),
        ("Hoe", d.channel),
    ]
    if entry.forum is not None:
        rows.append(("In het overleg", entry.forum))
    rows.append(("Door", d.by))
    if entry.with_others:
        rows.append(
            (
                "Let op",
                "dit ging samen met gegevens over andere jongeren; die staan hier niet",
            )
        )
    rows.append(("Halt bewaart deze aantekening tot", _kept(report, entry.kept_until)))
    return _Entry(f"{_dutch.day_of(d.at)}: aan {d.recipient_name}", tuple(rows))


def _outline(report: SubjectAccessReport) -> tuple[str, tuple[str, ...], tuple[_Section, ...]]:
    youth, policy = report.youth, report.policy
    intro: tuple[str, ...] = (
        f"Kenmerk: {youth}. Gemaakt op {_dutch.moment(report.made_at)}.",
        "Je vroeg (of je ouder vroeg) wat Halt over je heeft vastgelegd, en aan wie Halt "
        "gegevens over je heeft gegeven. Dat mag je altijd vragen: het is je recht op inzage "
        "(AVG, artikel 15). Hieronder staat alles wat Halt onder je kenmerk heeft.",
        "Halt gebruikt in dit systeem geen namen maar een kenmerk: een code die alleen Halt "
        "aan jou kan koppelen.",
    )
    if report.empty:
        intro += ("Halt heeft onder dit kenmerk niets over je vastgelegd.",)
    sections = [
        _Section(
            "Je verwijzingen naar Halt",
            (
                "Een verwijzing betekent dat de politie, een boa of een leerplichtambtenaar je "
                "naar Halt stuurde, in plaats van naar de officier van justitie.",
            ),
            tuple(_referral(report, e) for e in report.referrals),
            "Er staan geen verwijzingen onder je kenmerk.",
        ),
        _Section(
            "Overleggen waar je besproken bent",
            (
                "Soms bespreekt Halt een jongere met andere organisaties, zoals de politie, het "
                "Openbaar Ministerie of de Raad voor de Kinderbescherming, om samen te kijken "
                "wat nodig is.",
            ),
            tuple(_meeting(report, e) for e in report.meetings),
            "Je bent in geen overleg besproken.",
        ),
        _Section(
            "Aan wie Halt gegevens over je gaf",
            (
                "Elke keer dat Halt gegevens over je aan een ander geeft, schrijft Halt dat op: "
                "aan wie, wanneer, waarom, op grond van welke wet, en welke gegevens.",
            ),
            tuple(_disclosure(report, e) for e in report.disclosures),
            "Halt heeft geen gegevens over je aan anderen gegeven.",
        ),
    ]
    if report.holds:
        sections.append(
            _Section(
                "Blokkade: Halt mag je gegevens nu niet verwijderen",
                (
                    "Je gegevens zijn nodig voor een procedure, bijvoorbeeld een klacht of een "
                    "rechtszaak. Zolang die loopt, bewaart Halt ze, ook als de bewaartermijn "
                    "voorbij is.",
                ),
                tuple(
                    _Entry(
                        f"Sinds {_dutch.day_of(h.placed_at)}",
                        (
                            ("Sinds", _dutch.moment(h.placed_at)),
                            ("Waarom", h.reason),
                            ("Door", h.placed_by),
                        ),
                    )
                    for h in report.holds
                ),
            )
        )
    if report.erasures:
        sections.append(
            _Section(
                "Eerder verwijderd op verzoek",
                ("Halt schrijft op dat het gegevens op verzoek verwijderde, niet wat het waren.",),
                tuple(
                    _Entry(
                        _dutch.moment(e.at),
                        (
                            ("Verwijzingen verwijderd", str(e.referrals_removed)),
                            ("Keren van een agenda gehaald", str(e.cases_removed)),
                            ("Waarom", e.reason or "niet opgeschreven"),
                            ("Door", e.by),
                        ),
                    )
                    for e in report.erasures
                ),
            )
        )
    sections.append(
        _Section(
            "Hoe lang Halt gegevens bewaart",
            (),
            (
                _Entry(
                    "Bewaartermijnen",
                    (
                        (
                            "Verwijzingen",
                            f"{policy.referral_years} jaar na het einde van het traject",
                        ),
                        ("Besprekingen in een overleg", f"{policy.case_years} jaar na het overleg"),
                        (
                            "Aantekeningen over het delen van gegevens",
                            f"{policy.disclosure_years} jaar",
                        ),
                    ),
                ),
            ),
        )
    )
    sections.append(
        _Section(
            "Wat je nu kunt doen",
            (
                "Klopt er iets niet, of wil je dat Halt je gegevens verbetert of verwijdert? "
                "Vraag het Halt. Ben je het niet eens met hoe Halt met je gegevens omgaat, dan "
                "kun je een klacht indienen bij de Autoriteit Persoonsgegevens.",
                "Dat Halt je dit overzicht gaf, schrijft Halt ook op.",
            ),
            (),
        )
    )
    return "Wat Halt over je heeft vastgelegd", intro, tuple(sections)


def as_text(report: SubjectAccessReport) -> str:
    """The report as plain Dutch text, lines of at most 78 characters where words allow."""
    title, intro, sections = _outline(report)
    lines = [title, "=" * len(title), ""]
    for paragraph in intro:
        lines += [textwrap.fill(paragraph, _WIDTH), ""]
    for number, section in enumerate(sections, start=1):
        heading = f"{number}. {section.title}"
        lines += [heading, "-" * len(heading), ""]
        for paragraph in section.paragraphs:
            lines += [textwrap.fill(paragraph, _WIDTH), ""]
        if not section.entries and section.empty:
            lines += [textwrap.fill(section.empty, _WIDTH), ""]
        for entry in section.entries:
            lines.append(entry.heading)
            for label, value in entry.rows:
                lines.append(
                    textwrap.fill(
                        f"{label}: {value}",
                        _WIDTH,
                        initial_indent="  ",
                        subsequent_indent="      ",
                        break_on_hyphens=False,
                    )
                )
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:44rem;"
    "margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b;background:#fff}"
    "h1{font-size:1.8rem;margin-bottom:.5rem}h2{font-size:1.3rem;margin-top:2.2rem;"
    "border-bottom:2px solid #c8102e;padding-bottom:.2rem}h3{font-size:1.05rem;margin:0 0 .4rem}"
    "article{border-left:4px solid #c8102e;padding:.2rem 0 .2rem 1rem;margin:1.2rem 0}"
    "dl{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.2rem 1rem;margin:0}"
    "dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    ".leeg{font-style:italic;color:#444}"
    "@media print{body{margin:0;max-width:none}article{break-inside:avoid}}"
)


def as_html(report: SubjectAccessReport) -> str:
    """The report as one self-contained HTML page in Dutch, every value escaped."""
    title, intro, sections = _outline(report)
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}: {e(report.youth)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
    ]
    parts += [f"<p>{e(paragraph)}</p>" for paragraph in intro]
    for section in sections:
        parts.append(f"<section><h2>{e(section.title)}</h2>")
        parts += [f"<p>{e(paragraph)}</p>" for paragraph in section.paragraphs]
        if not section.entries and section.empty:
            parts.append(f'<p class="leeg">{e(section.empty)}</p>')
        for entry in section.entries:
            parts.append(f"<article><h3>{e(entry.heading)}</h3><dl>")
            parts += [f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in entry.rows]
            parts.append("</dl></article>")
        parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"

"""Scrubbing free text: what it removes, what it leaves, and that it cannot be made to hang."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.model.pseudonyms import pseudonym_problem
from halt_core.model.words import DUTCH_MONTHS
from halt_core.privacy.scrub import REMOVED, Scrubbed, ScrubKind, scrub

# -- what may be planted ------------------------------------------------------------------------

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
pseudonyms = (
    st.tuples(
        st.sampled_from(["Y-", "X-", "HALT_", ""]),
        st.text(_ALNUM, min_size=4, max_size=12),
        st.sampled_from("0123456789"),
    )
    .map(lambda parts: parts[0] + parts[1] + parts[2])
    .filter(lambda p: pseudonym_problem(p) is None)
)
_LOCAL = "abcdefghijklmnopqrstuvwxyz0123456789._+-"
emails = st.one_of(
    st.builds(
        "{}@{}.{}".format,
        st.text(_LOCAL, min_size=1, max_size=20).filter(lambda s: s[0] not in ".-"),
        st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=15),
        st.sampled_from(["nl", "com", "org", "amsterdam.nl"]),
    ),
    st.emails(),
)
_DIGITS = st.text("0123456789", min_size=1, max_size=1)
dutch_phones = st.builds(
    lambda digits, style: style.format(*digits),
    st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9),
    st.sampled_from(
        [
            "0{}{}{}{}{}{}{}{}{}",
            "0{}-{}{}{}{}{}{}{}{}",
            "0{}{} {}{}{} {}{} {}{}",
            "(0{}{}) {}{}{} {}{} {}{}",
            "0{}{}-{}{}{} {}{}{}{}",
            "+31 {} {}{}{}{} {}{}{}{}",
            "+31({}){}{}{}{}{}{}{}{}",
            "0031 {}{} {}{}{}{}{}{}{}",
        ]
    ),
)
dates = st.builds(
    lambda day, style: style(day),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(
        [
            lambda d: d.strftime("%d-%m-%Y"),
            lambda d: f"{d.day}-{d.month}-{d.year % 100:02d}",
            lambda d: f"{d.day}/{d.month}/{d.year}",
            lambda d: d.strftime("%d.%m.%Y"),
            lambda d: d.isoformat(),
            lambda d: f"{d.day} {DUTCH_MONTHS[d.month - 1]} {d.year}",
            lambda d: f"{d.day} {DUTCH_MONTHS[d.month - 1].capitalize()}",
        ]
    ),
)
postcodes = st.builds(
    "{}{}{}".format,
    st.integers(1000, 9999),
    st.sampled_from([" ", ""]),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
)
bsns = st.builds(
    lambda n, style: style(f"{n:09d}"),
    st.integers(0, 999_999_999),
    st.sampled_from([lambda s: s, lambda s: f"{s[:4]}.{s[4:6]}.{s[6:]}"]),
)
addresses = st.builds(
    "{}{} {}{}".format,
    st.sampled_from(["Dorps", "Kerk", "Burgemeester Visser", "Van Heemskerck", "Oude Molen"]),
    st.sampled_from(["straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk"]),
    st.integers(1, 99999),
    st.sampled_from(["", "a", "-2", " B", "bis"]),
)
planted = st.one_of(pseudonyms, emails, dutch_phones, dates, postcodes, bsns, addresses)

# Text with none of those: no digits, no @, no "geb", no long runs of capitals.
_CLEAN_ALPHABET = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ éëïöüçñ ,.;:!?()'\"\n\t"
clean_text = st.text(_CLEAN_ALPHABET, max_size=200).filter(
    lambda t: "geb" not in t.lower() and re.search(r"[A-Z]{16}", t) is None
)
any_text = st.text(max_size=60)


# -- examples -----------------------------------------------------------------------------------


def test_the_privacy_officers_example_is_scrubbed_except_the_name() -> None:
    found = scrub("Casus Y-BGW7LDL3 (Jan de Vries), geb. 03-04-2010, Dorpsstraat 12")

    assert found.text == f"Casus {REMOVED} (Jan de Vries), geb. {REMOVED}, {REMOVED}"
    assert dict(found.removed) == {
        ScrubKind.PSEUDONYM: 1,
        ScrubKind.BIRTH: 1,
        ScrubKind.ADDRESS: 1,
    }
    assert found.total == 3
    assert str(found) == found.text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bel 06-12345678 even", ScrubKind.PHONE),
        ("bel (020) 123 45 67 even", ScrubKind.PHONE),
        ("bel +31 6 1234 5678 even", ScrubKind.PHONE),
        ("bel +44 20 7946 0958 even", ScrubKind.PHONE),
        ("mail jan.de.vries@example.nl even", ScrubKind.EMAIL),
        ("op 3 april 2010 even", ScrubKind.DATE),
        ("op 3 apr. even", ScrubKind.DATE),
        ("op 2010-04-03 even", ScrubKind.DATE),
        ("op 3-4-10 even", ScrubKind.DATE),
        ("bsn 123456782 even", ScrubKind.BSN),
        ("bsn 1234.56.782 even", ScrubKind.BSN),
        ("nummer 03042010 even", ScrubKind.BSN),
        ("in 1234 AB even", ScrubKind.POSTCODE),
        ("in 1234ab even", ScrubKind.POSTCODE),
        ("op de Kerkstraat 12a even", ScrubKind.ADDRESS),
        ("op de Laan van Meerdervoort 5 even", ScrubKind.ADDRESS),
        ("geboren te Utrecht, even", ScrubKind.BIRTH),
        ("casus Y-7F3K9Q2M even", ScrubKind.PSEUDONYM),
    ],
)
def test_each_kind_is_recognised_and_counted(text: str, kind: ScrubKind) -> None:
    found = scrub(text)

    assert dict(found.removed) == {kind: 1}
    assert found.text.startswith(text.split()[0] + " ")
    assert found.text.endswith(" even") or found.text.endswith(", even")
    assert REMOVED in found.text


def test_names_and_ordinary_numbers_are_left_alone() -> None:
    # Names cannot be recognised: the docs say so, and this shows it.
    text = "Jan de Vries kwam met 12 jongeren uit groep 8 naar de Kerkstraat, in 2010."

    assert scrub(text) == Scrubbed(text, {})


def test_known_pseudonyms_are_removed_anywhere_in_any_case() -> None:
    found = scrub("casusy-bgw7ldl3en Y-BGW7LDL3.", pseudonyms={"Y-BGW7LDL3"})

    assert found.text == f"casus{REMOVED}en {REMOVED}."
    assert found.removed == {ScrubKind.PSEUDONYM: 2}


def test_many_known_pseudonyms_one_a_prefix_of_another() -> None:
    known = {f"Y-{n:06d}AB" for n in range(2000)} | {"Y-000001AB7"}

    found = scrub("a Y-000001AB7 b Y-001999AB c", pseudonyms=known)

    assert found.text == f"a {REMOVED} b {REMOVED} c"


def test_what_is_not_text_or_not_a_pseudonym_is_refused_without_repeating_it() -> None:
    with pytest.raises(InvalidValue):
        scrub(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as raised:
        scrub("tekst", pseudonyms={"Jan de Vries"})
    assert "Jan" not in str(raised.value)
    with pytest.raises(InvalidValue):
        scrub("tekst", pseudonyms="Y-7F3K9Q2M")


# -- properties ---------------------------------------------------------------------------------


@given(any_text, planted, any_text, st.sampled_from([" ", "\n", " (", ", "]))
@example("", "Y-BGW7LDL3", "", " ")
@example("geb.", "03-04-2010", "Dorpsstraat 12", " ")
def test_a_planted_item_is_always_gone(before: str, item: str, after: str, sep: str) -> None:
    closing = {" (": ") ", ", ": ", "}.get(sep, sep)
    text = before + sep + item + closing + after

    found = scrub(text)

    assert item not in found.text
    assert found.total >= 1


@given(any_text, pseudonyms, any_text)
def test_a_known_pseudonym_is_gone_even_inside_a_word(before: str, p: str, after: str) -> None:
    found = scrub(before + p + after, pseudonyms={p})

    assert p.lower() not in found.text.lower()


@given(st.lists(st.one_of(any_text, planted, clean_text), max_size=8).map(" ".join))
@example("Casus Y-BGW7LDL3 (Jan de Vries) geb. 03-04-2010, Dorpsstraat 12, 1234 AB")
@example("x@y.nl" + REMOVED + "@z.nl geb." + REMOVED + " 06-12345678" + REMOVED)
def test_scrubbing_is_idempotent(text: str) -> None:
    once = scrub(text, pseudonyms={"Y-BGW7LDL3"})
    twice = scrub(once.text, pseudonyms={"Y-BGW7LDL3"})

    assert twice.text == once.text
    assert twice.removed == {}


@given(clean_text)
def test_text_without_any_of_these_is_unchanged(text: str) -> None:
    assert scrub(text, pseudonyms={"Y-BGW7LDL3"}) == Scrubbed(text, {})


def test_a_megabyte_of_adversarial_text_is_scrubbed() -> None:
    # No time is asserted: a pattern that backtracks without end would hang here, visibly,
    # instead of taking the second or two this takes.
    pieces = [
        "a",
        "0",
        "0 ",
        "0-",
        "A-",
        "A1",
        "a.",
        "x" * 60 + "@",
        "geb. ",
        "Dorpsstraat ",
        "Laan van ",
        "1 april ",
        "2010-01-",
        "+1 ",
        "1234 A",
        REMOVED,
    ]
    text = "".join(piece * (65_536 // len(piece)) for piece in pieces)
    assert len(text) > 1_000_000

    found = scrub(text, pseudonyms={"Y-BGW7LDL3", "Y-BGW7LDL4"})

    assert len(found.text) > 0

"""Contact details and registry numbers: the model agrees with the libraries real systems use."""

import json
import uuid

import email_validator
import phonenumbers
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from halt_core import InvalidDocument, InvalidValue
from halt_core.ids import PartnerId
from halt_core.model import Area, ContactPoint, Level, Partner, PartnerKind
from halt_core.model.contacts import (
    MAX_EMAIL_INPUT,
    national_phone,
    normalise_email,
    normalise_phone,
)
from halt_core.model.registers import normalise_brin
from halt_core.serialization import from_json, to_dict, to_json
from halt_core.testing.strategies import email_addresses, phone_numbers

REFUSED_BY_MAIL_SERVERS = [
    "a..b@x.nl",
    "a@b..nl",
    "a.@x.nl",
    ".a@x.nl",
    "a@-x.nl",
    "a@x_y.nl",
    "a@x.nl.",
    "a@[127.0.0.1]",
    '"a b"@x.nl',
]


def _validator(text: str) -> str | None:
    """email-validator's normalised form of ``text``, None when it refuses it."""
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        return None


def _e164(text: str) -> str | None:
    """phonenumbers' E.164 form of ``text`` read as Dutch, None when it is not valid."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.extension:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _accepted(**fields: str) -> ContactPoint | None:
    try:
        return ContactPoint(role="meldpunt", **fields)
    except InvalidValue:
        return None


@pytest.mark.parametrize("address", REFUSED_BY_MAIL_SERVERS)
def test_addresses_mail_servers_refuse_are_refused(address: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        ContactPoint(role="x", email=address)
    assert (caught.value.owner, caught.value.field) == ("ContactPoint", "email")
    assert str(caught.value).startswith("ContactPoint.email cannot be ")
    assert "expected an e-mail address like team@example.nl: " in str(caught.value)


@pytest.mark.parametrize("address", REFUSED_BY_MAIL_SERVERS)
def test_a_partner_document_holding_one_is_refused_naming_the_path(address: str) -> None:
    partner = Partner(
        id=PartnerId(uuid.UUID(int=7)),
        name="Gemeente Zaanstad",
        kind=PartnerKind.MUNICIPALITY,
        level=Level.LOCAL,
        area=Area.municipality("GM0479"),
        contact_points=(
            ContactPoint(role="balie", phone="075 123 4567"),
            ContactPoint(role="jeugd", email="jeugd@example.nl"),
        ),
    )
    document = to_dict(partner)
    document["contact_points"][1]["email"] = address
    with pytest.raises(InvalidDocument) as caught:
        from_json(json.dumps(document), Partner)
    paths = [problem.path for problem in caught.value.problems]
    assert paths == ["$.contact_points[1].email"]


_MAILISH = st.text(alphabet='ab.-_@+"[] 1xé', max_size=20)


@given(st.one_of(_MAILISH, st.emails(), email_addresses(), st.text(max_size=40)))
@example("Team@Example.NL")
@example("jürgen@bücher.de")
@example("a@example.test")
@example("x" * 65 + "@example.nl")
def test_the_model_accepts_an_address_exactly_when_email_validator_does(text: str) -> None:
    expected = _validator(text)
    point = _accepted(email=text)
    assert (point is not None) == (expected is not None)
    if point is not None:
        assert point.email == expected
        # the stored form is a fixed point and round-trips through JSON
        assert ContactPoint(role="meldpunt", email=point.email) == point
        assert from_json(to_json(point), ContactPoint) == point


_PHONEISH = st.text(alphabet="0123456789 +-()./x", max_size=24)


@given(st.one_of(_PHONEISH, phone_numbers(), st.text(max_size=20)))
@example("123456")
@example("+999 999 999")
@example("020 123 4567 ext. 12")
@example("0800-FLOWERS")
@example("+32 2 555 12 12")
def test_the_model_accepts_a_number_exactly_when_phonenumbers_finds_it_valid(text: str) -> None:
    expected = _e164(text)
    point = _accepted(phone=text)
    assert (point is not None) == (expected is not None)
    if point is not None:
        assert point.phone == expected
        assert point.phone is not None
        assert point.phone.startswith("+")
        assert ContactPoint(role="meldpunt", phone=point.phone) == point
        assert from_json(to_json(point), ContactPoint) == point


_SPELLINGS = ["0{}", "+31{}", "0031 {}", "+31 (0){}", "0{}  "]


@given(
    st.from_regex(r"(?:20|30|70)[2-9][0-9]{6}", fullmatch=True),
    st.sampled_from(_SPELLINGS),
    st.sampled_from(_SPELLINGS),
    st.sampled_from([" ", "-", ""]),
)
def test_two_spellings_of_one_number_are_equal(
    number: str, first: str, second: str, gap: str
) -> None:
    spaced = f"{number[:2]}{gap}{number[2:5]}{gap}{number[5:]}"
    one = ContactPoint(role="x", phone=first.format(number))
    other = ContactPoint(role="x", phone=second.format(spaced))
    assert one == other
    assert one.phone == f"+31{number}"


def test_free_text_phone_numbers_are_refused_with_a_reason() -> None:
    with pytest.raises(InvalidValue, match="not a Dutch phone number"):
        ContactPoint(role="x", phone="123456")
    with pytest.raises(InvalidValue, match="country code"):
        ContactPoint(role="x", phone="+999 999 999")
    with pytest.raises(InvalidValue, match="extension"):
        ContactPoint(role="x", phone="020 123 4567 ext. 12")


def test_numbers_are_shown_as_people_write_them() -> None:
    assert normalise_phone("+31 (0)20 123 45 67") == "+31201234567"
    assert national_phone("+31201234567") == "020 123 4567"
    assert national_phone("+31612345678") == "06 12345678"
    assert national_phone("+3225551212") == "+32 2 555 12 12"
    assert national_phone("not a number") == "not a number"


def test_an_error_about_long_input_stays_short() -> None:
    huge = "a" * 100_000 + "@example.nl"
    with pytest.raises(InvalidValue) as caught:
        ContactPoint(role="x", email=huge)
    assert len(str(caught.value)) < 400
    assert "100,011 characters" in str(caught.value)
    assert len(huge) > MAX_EMAIL_INPUT
    with pytest.raises(InvalidValue) as caught:
        normalise_email("x" * 300 + "@example.nl")
    assert len(str(caught.value)) < 400


def test_addresses_are_kept_in_their_normalised_form() -> None:
    assert ContactPoint(role="x", email="Team@Example.NL").email == "Team@example.nl"
    assert ContactPoint(role="x", email="jürgen@BÜCHER.de").email == "jürgen@bücher.de"


# -- registry numbers ---------------------------------------------------------------------------


def _partner(**fields: object) -> Partner:
    values: dict[str, object] = {
        "id": PartnerId(uuid.UUID(int=1)),
        "name": "Openbare basisschool De Regenboog",
        "kind": PartnerKind.SCHOOL,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0363"),
    }
    return Partner(**(values | fields))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("oin", "00000001003214345000", ["0000000100321434500", "000000010032143450001", "x" * 20]),
        ("kvk", "12345678", ["1234567", "123456789", "1234567a", "\u0661\u0662345678"]),
        ("brin", "12AB", ["12A", "1AB2", "12ABC", "12AB1", "12AB012", "ABCD", "\u0661\u0662AB"]),
    ],
)
def test_registry_numbers_are_checked_for_their_shape(
    field: str, good: str, bad: list[str]
) -> None:
    assert getattr(_partner(**{field: good}), field) == good
    for value in bad:
        with pytest.raises(InvalidValue) as caught:
            _partner(**{field: value})
        assert caught.value.field == field


def test_a_brin_is_kept_in_capitals_with_its_vestigingsnummer() -> None:
    assert _partner(brin="12ab01").brin == "12AB01"
    assert normalise_brin("99zz") == "99ZZ"
    with pytest.raises(InvalidValue, match="vestigingsnummer"):
        normalise_brin("12-AB")


@given(
    st.from_regex(r"[0-9]{20}", fullmatch=True),
    st.from_regex(r"[0-9]{8}", fullmatch=True),
    st.from_regex(r"[0-9]{2}[A-Za-z]{2}(?:[0-9]{2})?", fullmatch=True),
)
def test_registry_numbers_round_trip(oin: str, kvk: str, brin: str) -> None:
    partner = _partner(oin=oin, kvk=kvk, brin=brin)
    assert partner.brin == brin.upper()
    assert from_json(to_json(partner), Partner) == partner
    assert _partner(oin=partner.oin, kvk=partner.kvk, brin=partner.brin) == partner

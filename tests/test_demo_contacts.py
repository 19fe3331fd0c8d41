"""The demo's contact details and registry numbers: valid for the libraries, and nobody's."""

import email_validator
import phonenumbers
import pytest

from halt_core.demo import generate
from halt_core.model import PartnerKind
from halt_core.model.registers import BRIN_SHAPE, KVK_SHAPE, OIN_SHAPE


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("size", [60, 200, 1000, 2000])
def test_contact_details_and_registry_numbers_are_valid_and_fictional(size, seed):
    partners = generate(seed=seed, size=size).network.partners
    points = [point for partner in partners for point in partner.contact_points]
    assert all(partner.contact_points for partner in partners)

    for point in points:
        assert point.email is not None
        local, domain = point.email.split("@")
        assert domain == "example.nl"
        assert len(local) <= 64
        assert ".." not in local
        assert not local.startswith(".")
        assert not local.endswith(".")
        result = email_validator.validate_email(point.email, check_deliverability=False)
        assert result.normalized == point.email

        assert point.phone is not None
        number = phonenumbers.parse(point.phone, "NL")
        assert phonenumbers.is_valid_number(number), point.phone
        assert point.phone == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )
        # fictional: a Dutch subscriber number never starts with 0
        assert point.phone.startswith("+31")
        assert point.phone[5] == "0", point.phone
    assert len({point.email for point in points}) == len(points)
    assert len({point.phone for point in points}) == len(points)

    government = [p for p in partners if p.kind.profile.government]
    schools = [p for p in partners if p.kind is PartnerKind.SCHOOL]
    businesses = [p for p in partners if p.kind is PartnerKind.BUSINESS]
    assert government
    assert schools  # (businesses come only at some sizes: the 7th local partner of a town)

    oins = [p.oin for p in government]
    assert all(oin is not None and OIN_SHAPE.fullmatch(oin) for oin in oins)
    assert all(oin is not None and oin.startswith("00000005") for oin in oins)
    assert len(set(oins)) == len(oins)

    brins = [p.brin for p in schools]
    assert all(brin is not None and BRIN_SHAPE.fullmatch(brin) for brin in brins)
    assert all(brin is not None and 90 <= int(brin[:2]) <= 99 for brin in brins)
    assert len(set(brins)) == len(brins)

    kvks = [p.kvk for p in businesses]
    assert all(kvk is not None and KVK_SHAPE.fullmatch(kvk) for kvk in kvks)
    assert all(kvk is not None and kvk.startswith("00") for kvk in kvks)
    assert len(set(kvks)) == len(kvks)

    assert all(p.oin is None for p in partners if not p.kind.profile.government)
    assert all(p.brin is None for p in partners if p.kind is not PartnerKind.SCHOOL)
    assert all(p.kvk is None for p in partners if p.kind is not PartnerKind.BUSINESS)


def test_the_name_a_contact_address_came_from_has_no_double_dots():
    partners = generate(seed=1, size=60).network.partners
    (board,) = [p for p in partners if p.name == "Raad voor de Kinderbescherming, landelijk"]
    (point,) = board.contact_points
    assert point.email == "raad.voor.de.kinderbescherming.landelijk@example.nl"
    assert point.phone is not None
    assert point.phone.startswith("+31700")  # national partners: Den Haag


def test_the_same_seed_gives_the_same_contact_details():
    first = generate(seed=9, size=60).network.partners
    again = generate(seed=9, size=60).network.partners
    assert [(p.contact_points, p.oin, p.kvk, p.brin) for p in first] == [
        (p.contact_points, p.oin, p.kvk, p.brin) for p in again
    ]

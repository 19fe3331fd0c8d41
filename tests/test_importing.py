"""import_records: every record checked, then all of them stored or none."""

import datetime as dt
import pickle
import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import halt_core
from halt_core.demo import generate
from halt_core.errors import HaltError, InvalidDocument, InvalidValue, Problem
from halt_core.ids import PartnerId, new_id
from halt_core.importing import MAX_PROBLEMS, ImportRefused, import_records
from halt_core.model import (
    Area,
    CollaborationStatus,
    Meeting,
    Network,
    Partner,
    Referral,
)
from halt_core.storage import RECORD_KINDS, Store

MADE = generate(seed=3, size=40)
NETWORK = MADE.network
NOW = MADE.now


def records(network: Network, *kinds: str) -> list[Any]:
    """The records of ``network`` in network order, only of ``kinds`` when given."""
    return [
        record
        for kind in RECORD_KINDS.values()
        if not kinds or kind.name in kinds
        for record in getattr(network, kind.name)
    ]


def counts(store: Store) -> dict[str, int]:
    with store.unit_of_work() as uow:
        return {repo.kind.name: repo.count() for repo in uow.repositories()}


@pytest.fixture
def store() -> Iterator[Store]:
    with halt_core.connect("memory://") as store:
        yield store


def refused(store: Store, items: Any, *, keep: bool = False, **options: Any) -> ImportRefused:
    """The refusal of importing ``items``; the store is left empty (unless ``keep``)."""
    with store.unit_of_work() as uow, pytest.raises(ImportRefused) as caught:
        import_records(uow, items, now=NOW, **options)
    assert keep or not any(counts(store).values())
    return caught.value


def test_a_whole_network_is_added_and_reported(store: Store) -> None:
    seen: list[int] = []
    with store.unit_of_work() as uow:
        report = import_records(uow, records(NETWORK), now=NOW, progress=seen.append)
    assert report.added == NETWORK.counts()
    assert report.total == sum(NETWORK.counts().values())
    assert not report.let_through
    assert seen[-1] == report.total
    with store.unit_of_work() as uow:
        stored = uow.load_network()
    for kind in RECORD_KINDS.values():
        mine = sorted(getattr(NETWORK, kind.name), key=lambda r: str(r.id))
        assert list(getattr(stored, kind.name)) == mine


def test_refused_leaves_nothing_in_the_unit_of_work(store: Store) -> None:
    bad = attrs.evolve(NETWORK.partners[0], area=Area.municipality("GM9999"))
    with store.unit_of_work() as uow:
        with pytest.raises(ImportRefused):
            import_records(uow, [*records(NETWORK)[1:], bad], now=NOW)
        # Rolled back already: committing the unit of work now stores nothing.
        assert uow.partners.count() == 0
        uow.commit()
    assert not any(counts(store).values())


def test_unknown_places_are_refused_naming_the_record_and_the_code(store: Store) -> None:
    partner = attrs.evolve(NETWORK.partners[0], area=Area.municipality("GM9999"))
    region = attrs.evolve(NETWORK.partners[1], area=Area.safety_region("VR99"))
    referral = attrs.evolve(NETWORK.referrals[0], municipality="GM0001")
    error = refused(store, [partner, region, *NETWORK.partners[2:], referral])
    assert error.count == 3
    first, second, third = error.problems
    assert first.path == "record 1"
    assert f"partner {partner.name!r} ({partner.id}): its area names municipality GM9999" in (
        first.message
    )
    assert "2024 municipal division does not have" in first.message
    assert second.path == "record 2"
    assert "safety region VR99, which does not exist; safety regions are VR01" in second.message
    assert third.path == f"record {len(NETWORK.partners) + 1}"
    assert "its municipality is municipality GM0001" in third.message


def test_cases_on_an_agenda_in_an_unknown_municipality_are_refused(store: Store) -> None:
    meeting = next(m for m in NETWORK.meetings if m.cases)
    case = attrs.evolve(meeting.cases[0], municipality="GM9999")
    bad = attrs.evolve(meeting, cases=(case, *meeting.cases[1:]))
    others = [r for r in records(NETWORK) if r is not meeting]
    error = refused(store, [*others, bad])
    assert [p.message.split(": ")[1][:30] for p in error.problems] == [
        "its case 1's municipality is m"
    ]


def test_an_id_given_twice_names_every_place(store: Store) -> None:
    partner = NETWORK.partners[0]
    items = [("line 2", partner), ("line 3", NETWORK.partners[1]), ("line 9", partner)]
    items.append(("line 12", partner))
    error = refused(store, items)
    assert error.problems == (
        Problem(
            "line 9",
            f"partner {partner.name!r} ({partner.id}) is given 3 times in the records, at "
            "lines 2, 9 and 12; give each record once",
        ),
    )


def test_ids_the_store_holds_are_refused(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.partners.add(NETWORK.partners[1])
    error = refused(store, NETWORK.partners, keep=True)
    assert [p.path for p in error.problems] == ["record 2"]
    assert "is in the store already; an import only adds new records" in error.problems[0].message
    assert "save()" not in str(error)
    assert counts(store)["partners"] == 1


def test_references_are_found_in_the_records_or_in_the_store(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.partners.add_many(NETWORK.partners)
    # Forums refer to collaborations given later in the records, and to stored partners.
    items = records(NETWORK, "forums", "collaborations")
    items.sort(key=lambda r: type(r).__name__ != "Forum")
    with store.unit_of_work() as uow:
        report = import_records(uow, items, now=NOW)
    assert report.added == {
        "forums": len(NETWORK.forums),
        "collaborations": len(NETWORK.collaborations),
    }


def test_each_absent_record_is_one_problem_at_its_first_reference(store: Store) -> None:
    absent = new_id(PartnerId)
    referrals = [attrs.evolve(r, referrer=absent) for r in NETWORK.referrals[:5]]
    error = refused(store, [*NETWORK.partners, *referrals])
    assert error.problems == (
        Problem(
            f"record {len(NETWORK.partners) + 1}",
            f"referral {referrals[0].id}: its referrer is partner {absent}, which is neither in "
            "the records nor in the store (and referred to 4 more times)",
        ),
    )


def test_every_kind_of_reference_is_checked(store: Store) -> None:
    # Only the partners are missing: every reference to one is found.
    items = records(NETWORK, "collaborations", "forums", "meetings", "interventions", "referrals")
    error = refused(store, items, max_problems=1000)
    referred: set[uuid.UUID] = set()
    for c in NETWORK.collaborations:
        referred.update(c.partners, [c.commissioner] if c.commissioner else [])
    for f in NETWORK.forums:
        referred.update(f.members)
    for m in NETWORK.meetings:
        referred.update(m.attendees, *(c.discussed_with or () for c in m.cases))
    for i in NETWORK.interventions:
        referred.update(i.partners, [p for p in (i.commissioner, i.school) if p is not None])
    referred.update(r.referrer for r in NETWORK.referrals)
    assert error.count == len(referred)
    named = {p.message.split(" is partner ")[1].split(",")[0] for p in error.problems}
    assert named == {str(id) for id in referred}
    fields = {p.message.split(": its ")[1].split(" is ")[0] for p in error.problems}
    assert {"partner", "commissioner"} <= fields


def test_problems_are_bounded_and_counted(store: Store) -> None:
    bad = [attrs.evolve(p, area=Area.municipality("GM9999")) for p in NETWORK.partners]
    error = refused(store, bad, max_problems=5, source="partners.jsonl")
    assert len(error.problems) == 5
    assert error.count == len(bad)
    assert str(error).startswith(
        f"nothing was imported: partners.jsonl has {len(bad)} problems; fix them"
    )
    assert str(error).endswith(f"  ... and {len(bad) - 5} more")
    default = refused(store, bad)
    assert len(default.problems) == MAX_PROBLEMS


def test_rule_errors_refuse_unless_allowed(store: Store) -> None:
    old = attrs.evolve(NETWORK.referrals[3], age_at_offence=25)
    items = [*records(NETWORK, "partners"), old]
    error = refused(store, items)
    assert error.problems == (
        Problem(
            f"record {len(items)}",
            f"HC-REFERRAL-003: Youth {old.youth} was 25 at the offence; Halt handles youths of "
            "12 to 17.",
        ),
    )
    # In Dutch, the rule's own Dutch message, not a translation of its English.
    dutch = error.message("nl")
    assert f"record {len(items)}: HC-REFERRAL-003: " in dutch
    assert "Youth" not in dutch
    (problem,) = error.problems
    assert problem.dutch is not None
    assert problem.dutch.startswith("HC-REFERRAL-003: ")
    assert problem.dutch in dutch
    with store.unit_of_work() as uow:
        report = import_records(uow, items, now=NOW, allow_rule_errors=True)
    assert [v.rule_id for v in report.let_through] == ["HC-REFERRAL-003"]
    assert report.where(report.let_through.violations[0]) == f"record {len(items)}"
    assert counts(store)["referrals"] == 1


def test_rules_see_the_stored_records_the_imported_ones_refer_to(store: Store) -> None:
    # A meeting of a forum whose collaboration has ended may not lie in the future
    # (HC-COLLAB-009): the forum and the collaboration are stored, the meeting imported.
    collaboration = NETWORK.collaborations[0]
    forum = attrs.evolve(NETWORK.forums[0], collaboration=collaboration.id)
    ended = attrs.evolve(
        collaboration,
        status=CollaborationStatus.ENDED,
        period=attrs.evolve(collaboration.period, end=NOW.date() - dt.timedelta(days=1)),
    )
    meeting = next(m for m in NETWORK.meetings if m.forum == forum.id and m.start > NOW)
    with store.unit_of_work() as uow:
        uow.partners.add_many(NETWORK.partners)
        uow.collaborations.add(ended)
        uow.forums.add(forum)
    error = refused(store, [("line 7", meeting)], keep=True)
    assert [(p.path, p.message[:13]) for p in error.problems] == [("line 7", "HC-COLLAB-009")]


def test_warnings_and_advice_never_refuse(store: Store) -> None:
    quiet = attrs.evolve(NETWORK.partners[0], contact_points=())  # advice: no contact point
    with store.unit_of_work() as uow:
        report = import_records(uow, [quiet], now=NOW)
    assert report.total == 1
    assert "HC-PARTNER-004" in {v.rule_id for v in report.violations}
    assert not report.let_through


def test_only_records_are_imported(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(InvalidValue, match="records of the model"):
        import_records(uow, [NETWORK.partners[0], "a partner"])  # type: ignore[list-item]
    with store.unit_of_work() as uow, pytest.raises(InvalidValue, match="max_problems"):
        import_records(uow, [], max_problems=0)


def test_an_empty_import_adds_nothing(store: Store) -> None:
    with store.unit_of_work() as uow:
        report = import_records(uow, [])
    assert (report.total, dict(report.added)) == (0, {})


def test_the_refusal_is_a_library_error_that_pickles() -> None:
    error = ImportRefused("x.jsonl", [Problem("line 3", "wrong")], count=4)
    assert isinstance(error, InvalidDocument)
    assert isinstance(error, HaltError)
    again = pickle.loads(pickle.dumps(error))
    assert (again.source, again.problems, again.count, str(again)) == (
        error.source,
        error.problems,
        error.count,
        str(error),
    )
    assert str(error).splitlines() == [
        "nothing was imported: x.jsonl has 4 problems; fix them (or leave those records out) "
        "and import again:",
        "  - line 3: wrong",
        "  ... and 3 more",
    ]


def test_located_records_keep_their_places_in_problems(store: Store) -> None:
    partner: Partner = attrs.evolve(NETWORK.partners[0], area=Area.municipality("GM9999"))
    referral: Referral = NETWORK.referrals[0]
    meeting: Meeting = NETWORK.meetings[0]
    error = refused(store, [("$.partners[0]", partner), ("$.meetings[4]", meeting), referral])
    assert [p.path for p in error.problems][:2] == ["$.partners[0]", "$.meetings[4]"]
    assert error.problems[-1].path == "record 3"


def test_who_sat_at_a_meetings_table_is_a_reference_too(store: Store) -> None:
    meeting = next(m for m in NETWORK.meetings if m.attendees and m.cases)
    stranger, absent = new_id(PartnerId), new_id(PartnerId)
    (first, *rest) = meeting.cases
    meeting = attrs.evolve(
        meeting,
        attendees=(*meeting.attendees, stranger),
        cases=(attrs.evolve(first, discussed_with=(absent,)), *rest),
    )
    items = [*records(NETWORK, "partners", "collaborations", "forums", "referrals"), meeting]
    error = refused(store, items)
    assert [p.message for p in error.problems] == [
        f"meeting {meeting.id}: its attendee is partner {stranger}, which is neither in the "
        "records nor in the store",
        f"meeting {meeting.id}: its case 1's partner at the table is partner {absent}, which "
        "is neither in the records nor in the store",
    ]

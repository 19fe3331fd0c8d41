import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import HaltError, connect
from halt_core.errors import ExportFailed, InvalidValue, UnknownFormat
from halt_core.export import (
    FREE_TEXT_FIELDS,
    OMITTED,
    PROGRESS_EVERY,
    TABLES,
    ExportOptions,
    PersonalData,
    Sink,
    StreamSink,
    ZipSink,
    decide_personal_data,
    export,
    table_for,
)
from halt_core.hookspecs import hookimpl
from halt_core.model import CaseOnAgenda, ContactPoint, Meeting, Network, Partner, Referral
from halt_core.model.interventions import Session
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.plugins import PluginError, exporter, exporters, plugin_manager
from halt_core.testing import strategies as hs

from .conftest import GENERATED_AT, NOTE

FREE_TEXT_CLASSES = tuple(FREE_TEXT_FIELDS)


@attrs.define
class Recorder:
    """An exporter that keeps what it was given, to see what the export call passes on."""

    name: str = "recorder"
    media_type: str = "text/plain"
    extension: str = ".txt"
    accepts: tuple[type, ...] = (Partner, Meeting, Referral)
    description: str = "records what it is given"
    seen: list[Any] = attrs.field(factory=list)
    options: ExportOptions | None = None

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        options.check_settings(self.name, {"greeting": "a word to write"})
        self.options = options
        with sink.open("seen.txt", format=self.name) as out:
            for record in records:
                self.seen.append(record)
                out.write(b"x")
            out.write(options.text("greeting", "").encode())
        return None


class Plugin:
    def __init__(self, *provided: object) -> None:
        self.provided = provided

    @hookimpl
    def halt_exporters(self) -> list[object]:
        return list(self.provided)


def manager_with(*provided: object) -> Any:
    return plugin_manager(entry_points=False, plugins=[Plugin(*provided)])


def test_the_built_in_formats_are_installed() -> None:
    assert {"csv", "json", "jsonl", "xlsx", "ics", "dot", "mermaid", "svg", "png"} <= set(
        exporters()
    )


def test_an_unknown_format_names_the_installed_ones() -> None:
    with pytest.raises(UnknownFormat, match=r"the installed formats are .*csv.*json") as caught:
        exporter("docx")
    assert isinstance(caught.value, HaltError)
    assert "csv" in caught.value.installed


def test_a_plugin_giving_something_else_is_refused() -> None:
    with pytest.raises(PluginError, match="not an exporter: it lacks name"):
        exporters(manager_with(object()))


def test_two_plugins_with_one_format_name_are_refused() -> None:
    with pytest.raises(
        PluginError, match="export format 'recorder', which another plugin already provides"
    ):
        exporters(manager_with(Recorder(), Recorder()))


def test_records_reach_the_exporter_grouped_with_skips_counted(network: Network) -> None:
    recorder = Recorder()
    out = io.BytesIO()
    report = export(network, out, "recorder", manager=manager_with(recorder))
    kinds = [type(r) for r in recorder.seen]
    assert kinds == sorted(kinds, key=[Partner, Meeting, Referral].index)
    assert report.written == {
        "partners": len(network.partners),
        "meetings": len(network.meetings),
        "referrals": len(network.referrals),
    }
    assert report.skipped == {}  # a network is read only for the kinds written
    assert report.files == ("seen.txt",)
    mixed = [*network.partners, *network.forums, *network.meetings]
    from_list = export(mixed, io.BytesIO(), "recorder", manager=manager_with(Recorder()))
    assert from_list.skipped == {"forums": len(network.forums)}
    assert out.getvalue() == b"x" * report.total


def test_youths_are_pseudonymised_by_default_and_consistently(network: Network) -> None:
    recorder = Recorder()
    report = export(network, io.BytesIO(), "recorder", manager=manager_with(recorder))
    referrals = [r for r in recorder.seen if type(r) is Referral]
    # Referral ids are replaced too: the records come in the network's order.
    assert len(referrals) == len(network.referrals)
    tokens: dict[str, str] = {}
    for shown, original in zip(referrals, network.referrals, strict=True):
        assert shown.youth.startswith("X-")
        assert shown.youth != original.youth
        assert shown.id != original.id
        assert tokens.setdefault(original.youth, shown.youth) == shown.youth
        assert attrs.evolve(shown, youth=original.youth, id=original.id) == original
    cases = [c for m in recorder.seen if type(m) is Meeting for c in m.cases]
    assert cases
    assert all(c.youth.startswith("X-") for c in cases)
    assert "pseudonymised" in report.personal_data
    assert recorder.options is not None
    assert recorder.options.personal_data.notice == report.personal_data


def test_two_exports_give_unlinkable_tokens(network: Network) -> None:
    first, second = Recorder(), Recorder()
    export(network, io.BytesIO(), "recorder", manager=manager_with(first))
    export(network, io.BytesIO(), "recorder", manager=manager_with(second))
    youths = {r.youth for r in first.seen if type(r) is Referral}
    assert youths.isdisjoint(r.youth for r in second.seen if type(r) is Referral)


def test_two_exports_share_no_referral_id(noted: Network) -> None:
    first, second = Recorder(), Recorder()
    export(noted, io.BytesIO(), "recorder", manager=manager_with(first))
    export(noted, io.BytesIO(), "recorder", manager=manager_with(second))

    def referral_ids(recorder: Recorder) -> set[object]:
        ids = {r.id for r in recorder.seen if type(r) is Referral}
        linked = {c.referral for m in recorder.seen if type(m) is Meeting for c in m.cases}
        return ids | linked

    stored = {r.id for r in noted.referrals}
    assert len(referral_ids(first)) == len(stored)
    assert referral_ids(first).isdisjoint(referral_ids(second))
    assert referral_ids(first).isdisjoint(stored)
    assert referral_ids(second).isdisjoint(stored)


def test_within_one_export_a_case_still_leads_to_its_referral(noted: Network) -> None:
    recorder = Recorder()
    export(noted, io.BytesIO(), "recorder", manager=manager_with(recorder))
    shown = [r for r in recorder.seen if type(r) is Referral]
    original_of = {r.id: o.id for r, o in zip(shown, noted.referrals, strict=True)}
    meetings = [m for m in recorder.seen if type(m) is Meeting]
    pairs = [
        (case, stored)
        for meeting, original in zip(meetings, noted.meetings, strict=True)
        for case, stored in zip(meeting.cases, original.cases, strict=True)
    ]
    assert pairs
    for case, stored in pairs:
        assert case.referral is not None
        assert original_of[case.referral] == stored.referral


@pytest.mark.parametrize(
    "asked",
    [{}, {"personal_data": "omit"}, {"personal_data": "include", "purpose": "audit"}],
)
def test_free_text_is_left_out_in_every_mode_unless_asked(
    noted: Network, asked: dict[str, Any]
) -> None:
    recorder = Recorder()
    report = export(noted, io.BytesIO(), "recorder", manager=manager_with(recorder), **asked)
    partners = [p for p in recorder.seen if type(p) is Partner]
    agenda = [item for m in recorder.seen if type(m) is Meeting for item in m.agenda]
    assert len(partners) == len(noted.partners)
    assert agenda
    assert all(p.notes == "" for p in partners)
    assert all(item.title == OMITTED and item.notes == "" for item in agenda)
    assert "free text (notes, agreements, agenda items" in report.personal_data
    assert "is left out" in report.personal_data
    assert report.scrubbed == {}


def test_free_text_can_be_scrubbed_and_the_report_counts_what_went(noted: Network) -> None:
    recorder = Recorder()
    report = export(
        noted, io.BytesIO(), "recorder", free_text="scrub", manager=manager_with(recorder)
    )
    partners = [p for p in recorder.seen if type(p) is Partner]
    assert {p.notes for p in partners} == {
        "Casus [verwijderd], geb. [verwijderd], bel [verwijderd]"
    }
    notes = len(noted.partners) + sum(len(m.agenda) for m in noted.meetings)
    assert report.scrubbed == {"pseudonym": notes, "birth": notes, "phone": notes}
    assert "scrubbed" in report.personal_data
    assert "names are not recognised" in report.personal_data


def test_free_text_is_kept_as_typed_only_when_including_for_a_purpose(noted: Network) -> None:
    manager = manager_with(Recorder())
    refused: list[dict[str, Any]] = [{}, {"personal_data": "omit"}]
    for asked in refused:
        with pytest.raises(InvalidValue, match="free text is kept as typed only when"):
            export(noted, io.BytesIO(), "recorder", free_text="keep", manager=manager, **asked)
    with pytest.raises(InvalidValue, match="one of omit, scrub, keep"):
        export(noted, io.BytesIO(), "recorder", free_text="publish", manager=manager)
    recorder = Recorder()
    report = export(
        noted,
        io.BytesIO(),
        "recorder",
        personal_data="include",
        purpose="audit",
        free_text="keep",
        manager=manager_with(recorder),
    )
    assert {p.notes for p in recorder.seen if type(p) is Partner} == {NOTE}
    assert "free text is included as typed" in report.personal_data


def test_the_free_text_fields_are_those_the_field_categories_call_free_text() -> None:
    # The export lists its free-text fields itself; where the model's fields have their
    # categories (halt_core.privacy.categories), the two must agree. Fields not classified
    # yet are passed over.
    from halt_core.privacy.categories import Category, category_of

    checked = 0
    for cls in (*FREE_TEXT_CLASSES, Meeting, Referral, ContactPoint, Session, CaseOnAgenda):
        for field in attrs.fields(cls):
            if field.type not in ("str", str):
                continue
            category = category_of(cls, field.name)  # every field has one (tests/privacy)
            listed = field.name in FREE_TEXT_FIELDS.get(cls, ())
            assert listed is (category is Category.FREE_TEXT), f"{cls.__name__}.{field.name}"
            checked += 1
    assert checked  # the model's text fields were compared, not skipped


def test_omitting_leaves_out_referrals_and_agenda_cases(network: Network) -> None:
    recorder = Recorder()
    report = export(
        network, io.BytesIO(), "recorder", personal_data="omit", manager=manager_with(recorder)
    )
    assert not [r for r in recorder.seen if type(r) is Referral]
    assert all(not m.cases for m in recorder.seen if type(m) is Meeting)
    assert report.withheld == len(network.referrals)
    assert "referrals" not in report.written


def test_including_needs_a_purpose_and_keeps_records_as_stored(network: Network) -> None:
    recorder = Recorder()
    manager = manager_with(recorder)
    with pytest.raises(InvalidValue, match="needs a purpose"):
        export(network, io.BytesIO(), "recorder", personal_data="include", manager=manager)
    with pytest.raises(InvalidValue, match="needs a purpose"):
        export(
            network, io.BytesIO(), "recorder", personal_data="include", purpose=" ", manager=manager
        )
    assert recorder.seen == []
    report = export(
        network,
        io.BytesIO(),
        "recorder",
        personal_data=PersonalData.INCLUDE,
        purpose="JCO case consultation",
        manager=manager,
    )
    assert [r for r in recorder.seen if type(r) is Referral] == list(network.referrals)
    assert "JCO case consultation" in report.personal_data


def test_an_unknown_personal_data_mode_is_refused(network: Network) -> None:
    with pytest.raises(InvalidValue, match="one of pseudonymise, omit, include"):
        export(
            network,
            io.BytesIO(),
            "recorder",
            personal_data="publish",
            manager=manager_with(Recorder()),
        )


@given(youth=st.from_regex(r"[A-Za-z0-9_-]{6,64}", fullmatch=True))
def test_a_token_is_a_valid_pseudonym_and_fixed_by_the_key(youth: str) -> None:
    first = decide_personal_data(key=b"k" * 32)
    again = decide_personal_data(key=b"k" * 32)
    token = first.token(YouthPseudonym(youth))
    assert token == again.token(YouthPseudonym(youth))
    assert token.startswith("X-")
    assert 6 <= len(token) <= 64
    assert token != decide_personal_data(key=b"j" * 32).token(YouthPseudonym(youth))


@given(referral=hs.referrals())
def test_every_mode_gives_a_valid_record_or_none(referral: Referral) -> None:
    decision = decide_personal_data("pseudonymise")
    shown = decision.apply(referral)
    assert type(shown) is Referral
    assert shown.id == decision.referral_token(referral.id) != referral.id
    assert shown.id.version == 4
    assert decide_personal_data("omit").apply(referral) is None
    assert decide_personal_data("include", "audit").apply(referral) is referral
    kept = decide_personal_data("include", "audit", free_text="keep")
    assert kept.apply(referral) is referral


def test_progress_is_reported_in_steps_and_at_the_end(network: Network) -> None:
    seen: list[tuple[int, int | None]] = []
    export(
        network,
        io.BytesIO(),
        "recorder",
        progress=lambda done, total: seen.append((done, total)),
        manager=manager_with(Recorder()),
    )
    # The recorder writes partners, meetings and referrals: only those are read and counted.
    total = len(network.partners) + len(network.meetings) + len(network.referrals)
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen[:-1]] == list(range(PROGRESS_EVERY, total + 1, PROGRESS_EVERY))


def test_a_generator_source_has_no_known_total(network: Network) -> None:
    seen: list[tuple[int, int | None]] = []
    export(
        (p for p in network.partners),
        io.BytesIO(),
        "recorder",
        progress=lambda done, total: seen.append((done, total)),
        manager=manager_with(Recorder()),
    )
    assert seen == [(len(network.partners), None)]


def test_a_unit_of_work_is_read_in_batches_of_only_the_kinds_asked(network: Network) -> None:
    recorder = Recorder()
    with connect("memory://") as store:
        with store.unit_of_work() as uow:
            uow.add_network(network)
            uow.commit()
        with store.unit_of_work() as uow:
            report = export(
                uow, io.BytesIO(), "recorder", kinds=[Partner], manager=manager_with(recorder)
            )
    assert recorder.seen == sorted(network.partners, key=lambda p: str(p.id))
    assert report.written == {"partners": len(network.partners)}
    assert report.skipped == {}


def test_kinds_the_format_does_not_take_are_refused(network: Network) -> None:
    from halt_core.model import Forum

    with pytest.raises(InvalidValue, match="a kind the recorder format writes"):
        export(network, io.BytesIO(), "recorder", kinds=[Forum], manager=manager_with(Recorder()))
    with pytest.raises(InvalidValue, match="model classes among"):
        export(network, io.BytesIO(), "recorder", kinds=[str], manager=manager_with(Recorder()))


def test_settings_reach_the_exporter_and_unknown_ones_are_refused(network: Network) -> None:
    out = io.BytesIO()
    manager = manager_with(Recorder())
    export([], out, "recorder", settings={"greeting": "hoi"}, manager=manager)
    assert out.getvalue() == b"hoi"
    with pytest.raises(InvalidValue, match="greeting: a word to write") as caught:
        export([], io.BytesIO(), "recorder", settings={"colour": "red"}, manager=manager)
    assert caught.value.value == "colour"


def test_bad_sources_and_times_are_refused() -> None:
    manager = manager_with(Recorder())
    with pytest.raises(InvalidValue, match="a Network, an open unit of work"):
        export("partners", io.BytesIO(), "recorder", manager=manager)
    with pytest.raises(InvalidValue, match="a time with a time zone"):
        export(
            [],
            io.BytesIO(),
            "recorder",
            generated_at=GENERATED_AT.replace(tzinfo=None),
            manager=manager,
        )


def test_a_stream_sink_takes_one_file_and_leaves_the_stream_open() -> None:
    out = io.BytesIO()
    sink = StreamSink(out)
    with sink.open("a.csv") as stream:
        stream.write(b"one")
    with (
        pytest.raises(ExportFailed, match=r"export to a \.zip archive or a folder"),
        sink.open("b.csv", format="csv"),
    ):
        pass
    assert not out.closed
    assert out.getvalue() == b"one"


@pytest.mark.parametrize("name", ["", "a/b.csv", "..", ".hidden", "a\\b"])
def test_file_names_must_be_plain(name: str) -> None:
    with (
        pytest.raises(ExportFailed, match="not a plain file name"),
        ZipSink(io.BytesIO()).open(name),
    ):
        pass


def test_a_zip_sink_writes_members_in_order_and_refuses_a_name_twice() -> None:
    out = io.BytesIO()
    with ZipSink(out) as sink:
        for name in ("a.csv", "b.csv"):
            with sink.open(name) as stream:
                stream.write(name.encode())
        with pytest.raises(ExportFailed, match="already written"), sink.open("a.csv"):
            pass
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["a.csv", "b.csv"]
        assert archive.read("b.csv") == b"b.csv"


def test_a_directory_sink_leaves_nothing_half_written(tmp_path: Any) -> None:
    from halt_adapters.export import DirectorySink

    sink = DirectorySink(tmp_path / "out")
    with sink.open("good.csv") as stream:
        stream.write(b"ok")

    def fail_halfway() -> None:
        with sink.open("bad.csv") as stream:
            stream.write(b"half")
            raise RuntimeError("the exporter failed")

    with pytest.raises(RuntimeError):
        fail_halfway()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good.csv"]


def test_options_read_flags_and_choices() -> None:
    from halt_core.model import Gazetteer

    options = ExportOptions(
        personal_data=decide_personal_data(),
        settings={"bom": "yes", "delimiter": ";", "bad": "maybe"},
        generated_at=GENERATED_AT,
        gazetteer=Gazetteer.load(),
    )
    assert options.flag("bom", False) is True
    assert options.flag("missing", True) is True
    assert options.choice("delimiter", ",", [",", ";"]) == ";"
    with pytest.raises(InvalidValue, match="true or false"):
        options.flag("bad", False)
    with pytest.raises(InvalidValue, match="one of ',', ';'"):
        options.choice("bad", ",", [",", ";"])


def test_every_record_kind_has_a_table_whose_row_fits_its_header(network: Network) -> None:
    for table in TABLES.values():
        records = getattr(network, table.name)
        assert records, table.name
        assert len(set(table.header)) == len(table.header)
        for record in records[:20]:
            assert len(table.row(record)) == len(table.header)
    with pytest.raises(InvalidValue, match="one with a table"):
        table_for(str)


def test_a_kind_in_two_groups_is_refused(network: Network) -> None:
    mixed = [network.partners[0], network.referrals[0], network.partners[1]]
    with pytest.raises(ExportFailed, match="the partners came in two groups"):
        export(mixed, io.BytesIO(), "recorder", manager=manager_with(Recorder()))


def test_the_exporter_is_told_the_kinds_to_come_when_they_are_known(network: Network) -> None:
    def kinds_told(source: Any, **options: Any) -> tuple[str, ...] | None:
        recorder = Recorder()
        export(source, io.BytesIO(), "recorder", manager=manager_with(recorder), **options)
        assert recorder.options is not None
        return recorder.options.kinds

    assert kinds_told(network) == ("partners", "meetings", "referrals")
    assert kinds_told(network, personal_data="omit") == ("partners", "meetings")
    assert kinds_told(Network.empty(), kinds=[Referral, Partner]) == ("partners", "referrals")
    assert kinds_told(iter(network.partners)) is None


def closed_stream() -> io.BytesIO:
    stream = io.BytesIO()
    stream.close()
    return stream


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (closed_stream, "this one is closed"),
        (io.StringIO, 'open the file in binary mode, "wb"'),
        (lambda: "out.json", 'with open\\(path, "wb"\\) as out.*or pass a Sink'),
        (lambda: None, 'with open\\(path, "wb"\\) as out.*or pass a Sink'),
        (object, "a binary stream with a write method"),
    ],
)
def test_a_target_that_takes_no_bytes_is_refused_before_anything_is_written(
    network: Network, target: Any, message: str
) -> None:
    recorder = Recorder()
    with pytest.raises(InvalidValue, match=message) as caught:
        export(network, target(), "recorder", manager=manager_with(recorder))
    assert caught.value.field == "target"
    assert recorder.seen == []


def test_a_file_opened_for_text_is_refused(network: Network, tmp_path: Any) -> None:
    with (
        open(tmp_path / "out.txt", "w") as out,
        pytest.raises(InvalidValue, match='binary mode, "wb"'),
    ):
        export(network, cast(Any, out), "recorder", manager=manager_with(Recorder()))
    assert (tmp_path / "out.txt").read_text() == ""


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        (Partner, r"a list of model classes .*kinds=\[Partner\]"),
        ("partners", r"cannot be 'partners': a list of model classes"),
        ([], "name at least one kind.*or leave kinds out"),
        ([[Partner]], "model classes among"),
    ],
)
def test_kinds_must_be_a_list_of_at_least_one_model_class(
    network: Network, kinds: Any, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message) as caught:
        export(network, io.BytesIO(), "recorder", kinds=kinds, manager=manager_with(Recorder()))
    assert caught.value.field == "kinds"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("settings", "delimiter=;", r"a mapping of setting names to values"),
        ("settings", {1: "x"}, r"a mapping of setting names to values"),
        ("purpose", 42, "text saying why"),
        ("generated_at", GENERATED_AT.date(), "a time with a time zone"),
        ("progress", 10, r"a function called with \(done, total\)"),
    ],
)
def test_options_of_the_wrong_type_are_refused_naming_them(
    network: Network, option: str, value: object, message: str
) -> None:
    options: dict[str, Any] = {option: value}
    if option == "purpose":
        options["personal_data"] = "include"
    with pytest.raises(InvalidValue, match=message) as caught:
        export(network, io.BytesIO(), "recorder", manager=manager_with(Recorder()), **options)
    assert caught.value.field == option


def test_a_source_holding_other_things_than_records_is_refused(network: Network) -> None:
    with pytest.raises(
        InvalidValue, match=r"records \(Partner, .*item 2 of the source is of type int"
    ):
        export(
            [network.partners[0], 2, 3], io.BytesIO(), "recorder", manager=manager_with(Recorder())
        )
    with pytest.raises(InvalidValue, match="cannot be 1") as caught:
        export([1, 2, 3], io.BytesIO(), "recorder", manager=manager_with(Recorder()))
    assert (caught.value.field, caught.value.value) == ("source", 1)


@pytest.mark.parametrize("mode", ["pseudonymise", "omit"])
def test_a_purpose_without_including_personal_data_is_refused(network: Network, mode: str) -> None:
    with pytest.raises(InvalidValue, match="a purpose is only for including personal data"):
        export(
            network,
            io.BytesIO(),
            "recorder",
            personal_data=mode,
            purpose="JCO case consultation",
            manager=manager_with(Recorder()),
        )
    with pytest.raises(InvalidValue, match=f"asked to {mode} it"):
        decide_personal_data(mode, "audit")
    assert decide_personal_data(mode, " ").purpose is None


def test_asking_only_for_kinds_the_personal_data_decision_leaves_out_is_refused(
    network: Network,
) -> None:
    recorder = Recorder()
    manager = manager_with(recorder)
    with pytest.raises(InvalidValue, match="personal_data='omit' does not leave out") as caught:
        export(
            network,
            io.BytesIO(),
            "recorder",
            kinds=[Referral],
            personal_data="omit",
            manager=manager,
        )
    assert caught.value.value == "referrals"
    assert recorder.seen == []
    report = export(
        network,
        io.BytesIO(),
        "recorder",
        kinds=[Referral, Partner],
        personal_data="omit",
        manager=manager,
    )
    assert report.written == {"partners": len(network.partners)}
    assert report.withheld == len(network.referrals)


@attrs.define
class Counting(Recorder):
    """A recorder that writes only partners, and says so."""

    name: str = "counting"
    said: object = None

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        super().export(records, sink, options)
        return cast(Mapping[str, int] | None, self.said)


def test_the_report_counts_what_the_format_says_it_wrote(network: Network) -> None:
    counting = Counting(said={"partners": 2})
    report = export(network, io.BytesIO(), "counting", manager=manager_with(counting))
    assert report.written == {"partners": 2}
    assert report.total == 2
    counting = Counting(said=["partners"])
    with pytest.raises(ExportFailed, match="returns None or what it wrote, by kind name"):
        export(network, io.BytesIO(), "counting", manager=manager_with(counting))

"""Exports ask the sharing policy to include personal data, and say what went out."""

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_core import connect
from halt_core.errors import InvalidValue, SharingRefused
from halt_core.export import Sink, ZipSink, export
from halt_core.export.sharing import decide_export, policy_purpose
from halt_core.hookspecs import hookimpl
from halt_core.model import CaseOnAgenda, Meeting, Network, Referral
from halt_core.plugins import exporters, plugin_manager
from halt_core.privacy.categories import Category, categories_of
from halt_core.privacy.policy import (
    ALWAYS_SHARED,
    DEFAULT_POLICY,
    LegalBasis,
    Purpose,
    SharingDecision,
    SharingPolicy,
    SharingRequest,
    SharingRule,
)
from halt_core.privacy.scrub import OMITTED
from halt_core.storage import RECORD_KINDS, DisclosureQuery, PrivacyLogUnsupported, UnitOfWork
from halt_core.testing import strategies as hs

from .conftest import GENERATED_AT

PERSONAL = [c for c in Category if c.personal and c is not Category.FREE_TEXT]
ALL_KINDS = tuple(kind.type for kind in RECORD_KINDS.values())


@attrs.define
class Everything:
    """An exporter of every kind that keeps what it is given."""

    name: str = "everything"
    media_type: str = "text/plain"
    extension: str = ".txt"
    accepts: tuple[type, ...] = ALL_KINDS
    description: str = "keeps every record it is given"
    seen: list[Any] = attrs.field(factory=list)

    def export(self, records: Iterable[Any], sink: Sink, options: Any) -> Mapping[str, int] | None:
        with sink.open("seen.txt", format=self.name) as out:
            for record in records:
                self.seen.append(record)
                out.write(b"x")
        return None


class Plugin:
    def __init__(self, provided: object) -> None:
        self.provided = provided

    @hookimpl
    def halt_exporters(self) -> list[object]:
        return [self.provided]


def recorded(network: Network, **options: Any) -> tuple[Everything, Any, bytes]:
    everything = Everything()
    manager = plugin_manager(entry_points=False, plugins=[Plugin(everything)])
    out = io.BytesIO()
    report = export(network, out, "everything", manager=manager, **options)
    return everything, report, out.getvalue()


def allowing(categories: Iterable[Category], purpose: Purpose = Purpose.SUBJECT_ACCESS) -> Any:
    """A policy with one rule: for ``purpose``, ``categories`` go out on a public task."""
    allowed = frozenset({*ALWAYS_SHARED, *categories})
    decision = SharingDecision(
        allowed=allowed,
        legal_basis=LegalBasis.PUBLIC_TASK if allowed != ALWAYS_SHARED else None,
        rule="test-allowing",
        reason_en="as the test allows",
        reason_nl="zoals de test toestaat",
    )
    rule = SharingRule(
        name="test-allowing", purposes=frozenset({purpose}), decide=lambda request: decision
    )
    return SharingPolicy((rule,))


def never_asked() -> SharingPolicy:
    def decide(request: SharingRequest) -> SharingDecision:
        raise AssertionError(f"the policy was asked about {request}")

    return SharingPolicy((SharingRule(name="never", purposes=frozenset(Purpose), decide=decide),))


def refused_fields(value: Any, allowed: frozenset[Category]) -> list[str]:
    """The fields of ``value`` (and the records it holds) that hold data ``allowed`` refuses.

    Written out here from the categories, not taken from the export's own code.
    """
    found = []
    for name, category in categories_of(type(value)).items():
        current = getattr(value, name)
        if current in (None, "", (), OMITTED):
            continue
        held = current if isinstance(current, tuple) else (current,)
        if held and all(attrs.has(type(item)) for item in held):
            found += [f for item in held for f in refused_fields(item, allowed)]
        elif category is not Category.FREE_TEXT and category not in allowed:
            found.append(f"{type(value).__name__}.{name}")
    return found


def youths_in(records: Iterable[Any]) -> set[str]:
    found: set[str] = set()
    for record in records:
        if type(record) is Referral:
            found.add(record.youth)
        if type(record) is Meeting:
            found |= {case.youth for case in record.cases}
    return found


# -- pseudonymise and omit: no permission needed ----------------------------------------------


@pytest.mark.parametrize("mode", ["pseudonymise", "omit"])
def test_pseudonymising_and_omitting_ask_no_policy_and_disclose_nothing(
    network: Network, mode: str
) -> None:
    _, report, _ = recorded(network, personal_data=mode, policy=never_asked())
    assert report.disclosed is None


def test_a_recipient_is_only_for_including(network: Network) -> None:
    with pytest.raises(InvalidValue, match="only to include personal data"):
        recorded(network, recipient=network.partners[0])
    with pytest.raises(InvalidValue, match="the Partner the export is for"):
        decide_export("include", "subject_access", recipient=network.partners[0].id)  # type: ignore[arg-type]


# -- include: the policy decides ---------------------------------------------------------------


def test_including_without_an_allowing_rule_is_refused_and_writes_nothing(
    network: Network,
) -> None:
    with pytest.raises(SharingRefused, match="no rule allows") as caught:
        recorded(
            network, personal_data="include", purpose="subject_access", policy=SharingPolicy(())
        )
    assert caught.value.rule == "default"
    assert "weigert" in caught.value.reason_nl
    everything = Everything()
    manager = plugin_manager(entry_points=False, plugins=[Plugin(everything)])
    out = io.BytesIO()
    with pytest.raises(SharingRefused):
        export(
            network,
            out,
            "everything",
            personal_data="include",
            purpose=Purpose.SUBJECT_ACCESS,
            policy=SharingPolicy(()),
            manager=manager,
        )
    assert everything.seen == []
    assert out.getvalue() == b""


@pytest.mark.parametrize(
    ("purpose", "reason"),
    [
        ("statistics", "needs no data about any one youth"),
        ("commission_reporting", "needs no data about any one youth"),
        ("report_to_referrer", "only the partner that referred the youth"),
        ("case_consultation", "name both"),
    ],
)
def test_the_default_policy_refuses_what_it_does_not_allow(
    network: Network, purpose: str, reason: str
) -> None:
    with pytest.raises(SharingRefused, match=reason) as caught:
        recorded(network, personal_data="include", purpose=purpose)
    assert caught.value.reason_nl
    assert "pseudonymise" in str(caught.value)  # what can be done instead


def test_subject_access_includes_everything_and_says_what_went_out(network: Network) -> None:
    everything, report, _ = recorded(
        network, personal_data="include", purpose="Subject-Access", free_text="keep"
    )
    assert [r for r in everything.seen if type(r) is Referral] == list(network.referrals)
    disclosed = report.disclosed
    assert disclosed is not None
    assert disclosed.purpose is Purpose.SUBJECT_ACCESS
    assert disclosed.decision.legal_basis is LegalBasis.SUBJECT_ACCESS
    assert disclosed.decision.rule == "subject-access"
    assert disclosed.recipient is None
    assert set(disclosed.youths) == youths_in(network.referrals) | youths_in(network.meetings)
    assert set(disclosed.referrals) >= {r.id for r in network.referrals}
    assert {"Referral.youth", "Referral.age_at_offence", "CaseOnAgenda.youth"} <= set(
        disclosed.fields
    )
    assert "Partner.name" not in disclosed.fields  # organisational: not a disclosure
    assert "for the purpose: Subject-Access; free text is included as typed" in (
        report.personal_data
    )


def test_keeping_free_text_needs_the_policy_to_allow_it(network: Network) -> None:
    policy = allowing(PERSONAL)
    with pytest.raises(SharingRefused, match="keeping free text"):
        recorded(
            network,
            personal_data="include",
            purpose="subject_access",
            free_text="keep",
            policy=policy,
        )
    _, report, _ = recorded(
        network, personal_data="include", purpose="subject_access", free_text="scrub", policy=policy
    )
    assert report.disclosed is not None


def test_a_recipient_is_named_in_the_notice_and_the_disclosure(network: Network) -> None:
    partner = network.partners[0]
    rule = SharingRule(
        name="test-referrer",
        purposes=frozenset({Purpose.REPORT_TO_REFERRER}),
        decide=lambda request: (
            SharingDecision(
                allowed=frozenset(Category),
                legal_basis=LegalBasis.WJSG,
                rule="test-referrer",
                reason_en="yes",
                reason_nl="ja",
            )
            if request.recipient == partner
            else None
        ),
    )
    policy = DEFAULT_POLICY.with_rules([rule])
    _, report, _ = recorded(
        network,
        personal_data="include",
        purpose="report_to_referrer",
        recipient=partner,
        policy=policy,
    )
    assert f", for {partner.name}" in report.personal_data
    assert report.disclosed is not None
    assert report.disclosed.recipient == partner.id
    assert report.disclosed.recipient_name == partner.name
    with pytest.raises(SharingRefused):
        recorded(
            network,
            personal_data="include",
            purpose="report_to_referrer",
            recipient=network.partners[1],
            policy=policy,
        )


def test_the_purpose_is_the_policys_when_it_names_one() -> None:
    assert policy_purpose("case_consultation") is Purpose.CASE_CONSULTATION
    assert policy_purpose(" Report-To-Referrer ") is Purpose.REPORT_TO_REFERRER
    assert policy_purpose(Purpose.STATISTICS) is Purpose.STATISTICS
    assert policy_purpose("moving the store") is Purpose.__members__.get("OWN_USE")


def test_a_purpose_in_words_is_halts_own_use_and_disclosed(network: Network) -> None:
    _, report, _ = recorded(
        network, personal_data="include", purpose="moving the store", free_text="keep"
    )
    assert report.disclosed is not None
    assert report.disclosed.purpose is Purpose.__members__["OWN_USE"]
    with pytest.raises(SharingRefused):
        recorded(
            network,
            personal_data="include",
            purpose="moving the store",
            recipient=network.partners[0],
        )


# -- what a decision refuses never goes out ----------------------------------------------------


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    hs.networks(max_records=4),
    st.sets(st.sampled_from(PERSONAL)),
    st.sampled_from(["omit", "scrub", "keep"]),
)
def test_no_export_holds_a_field_the_decision_refuses(
    network: Network, categories: set[Category], free_text: str
) -> None:
    policy = allowing({*categories, Category.FREE_TEXT} if categories else ())
    allowed = frozenset({*ALWAYS_SHARED, *categories})
    options = {"personal_data": "include", "purpose": "subject_access", "free_text": free_text}
    if not categories:
        with pytest.raises(SharingRefused):
            recorded(network, policy=policy, **options)
        return
    everything, report, _ = recorded(network, policy=policy, **options)
    assert [f for r in everything.seen for f in refused_fields(r, allowed)] == []
    assert len(everything.seen) + report.withheld == sum(network.counts().values())
    disclosed = report.disclosed
    youths = youths_in(everything.seen)
    if disclosed is None:
        assert youths == set()
        return
    assert set(disclosed.youths) == youths
    fields = {f for f in disclosed.fields if not f.startswith(("AgendaItem.", "Agreement."))}
    for field in fields:
        cls, name = field.split(".")
        category = next(
            categories_of(k)[name]
            for k in (*ALL_KINDS, CaseOnAgenda, *_nested())
            if k.__name__ == cls and name in categories_of(k)
        )
        assert category in allowed or category is Category.FREE_TEXT, field


def _nested() -> tuple[type, ...]:
    from halt_core.model import (
        AgendaItem,
        Agreement,
        ContactPoint,
        Evaluation,
        Outcome,
        Session,
        TargetGroup,
    )

    return (AgendaItem, Agreement, ContactPoint, Evaluation, Outcome, Session, TargetGroup)


def _formats() -> list[str]:
    """Every installed format whose output is text to search (pictures need Graphviz)."""
    return sorted(name for name in exporters() if name not in ("png", "svg"))


def _texts(data: bytes) -> str:
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = []
            for name in archive.namelist():
                raw = archive.read(name)
                if raw.startswith(b"PK"):  # a workbook: its sheets and strings
                    parts.append(_texts(raw))
                else:
                    parts.append(raw.decode("utf-8", errors="replace"))
            return "\n".join(parts)
    text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n ", "").replace("\r\n\t", "")  # iCalendar folds long lines


@pytest.mark.parametrize("format", _formats())
@pytest.mark.parametrize(
    "categories",
    [
        [Category.YOUTH_JUSTICE],
        [Category.PSEUDONYMOUS_REFERENCE, Category.YOUTH_JUSTICE],
        [Category.PSEUDONYMOUS_REFERENCE],
    ],
    ids=["justice", "reference-and-justice", "reference"],
)
def test_no_format_carries_a_youth_the_policy_keeps_home(
    network: Network, format: str, categories: list[Category]
) -> None:
    # Without personal data of a youth allowed, no referral and no case can go out whole:
    # no stored pseudonym and no referral id is in any format, in whatever file it writes.
    out = io.BytesIO()
    with ZipSink(out) as sink:
        report = export(
            network,
            sink,
            format,
            personal_data="include",
            purpose="subject_access",
            policy=allowing(categories),
            generated_at=GENERATED_AT,
        )
    text = _texts(out.getvalue())
    assert text
    youths = youths_in([*network.referrals, *network.meetings])
    ids = {str(r.id) for r in network.referrals}
    assert not [y for y in youths if y in text]
    assert not [i for i in ids if i in text]
    assert report.disclosed is None or not report.disclosed.youths
    assert "does not allow youth personal" in report.personal_data


# -- the pure path, with a store ---------------------------------------------------------------


def stored(network: Network) -> Any:
    store = connect("memory://")
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            getattr(uow, kind.name).add_many(getattr(network, kind.name))
    return store


def test_an_include_export_from_a_store_records_one_disclosure_with_it(network: Network) -> None:
    with stored(network) as store:
        with store.unit_of_work() as uow:
            report = export(
                uow,
                io.BytesIO(),
                "json",
                personal_data="include",
                purpose="subject_access",
                by="a.jansen",
            )
            assert report.disclosure is not None
            assert uow.privacy_log.disclosures() == (report.disclosure,)
        with store.unit_of_work() as uow:
            (logged,) = uow.privacy_log.disclosures()
            about = uow.privacy_log.disclosures(DisclosureQuery(youth=network.referrals[0].youth))
    assert logged == report.disclosure
    assert about == (logged,)
    assert set(logged.youths) == youths_in(network.referrals) | youths_in(network.meetings)
    assert "Referral.offence" in logged.fields
    assert (logged.purpose, logged.legal_basis) == (
        Purpose.SUBJECT_ACCESS,
        LegalBasis.SUBJECT_ACCESS,
    )
    assert (logged.by, logged.recipient, logged.recipient_name) == (
        "a.jansen",
        None,
        "network.json",
    )
    assert logged.channel == "export json"
    assert report.disclosed is not None
    assert logged.fields == report.disclosed.fields


def test_an_export_that_fails_or_is_rolled_back_records_nothing(network: Network) -> None:
    class Failing(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError("disk full")

    with stored(network) as store:
        with pytest.raises(OSError, match="disk full"), store.unit_of_work() as uow:
            export(uow, Failing(), "json", personal_data="include", purpose="subject_access")
        with store.unit_of_work() as uow:
            export(uow, io.BytesIO(), "json", personal_data="include", purpose="subject_access")
            uow.rollback()
        with store.unit_of_work() as uow:
            export(uow, io.BytesIO(), "json")  # pseudonymised: nothing to record
            assert uow.privacy_log.disclosures() == ()


def test_a_disclosure_made_from_a_network_is_the_callers_to_record(network: Network) -> None:
    _, report, _ = recorded(network, personal_data="include", purpose="subject_access")
    assert report.disclosure is None
    assert report.disclosed is not None
    at = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
    entry = report.disclosed.disclosure(at=at, by="x", channel="export x", recipient_name="f")
    assert (entry.youths, entry.fields) == (report.disclosed.youths, report.disclosed.fields)


def test_a_store_that_keeps_no_privacy_log_refuses_before_writing(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stored(network) as store, store.unit_of_work() as uow:
        monkeypatch.setattr(type(uow), "_privacy_log", UnitOfWork._privacy_log)
        out = io.BytesIO()
        with pytest.raises(PrivacyLogUnsupported):
            export(uow, out, "json", personal_data="include", purpose="subject_access")
        assert out.getvalue() == b""
        export(uow, out, "json")  # pseudonymised: nothing to record, so no log needed
        assert out.getvalue()

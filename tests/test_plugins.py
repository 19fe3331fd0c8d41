"""The plugin contract: hooks pinned, documented and tested; the manager loads, checks, blocks."""

import datetime as dt
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import halt_core
from halt_adapters.storage.sqlite import SCHEMA_VERSION as SQLITE_SCHEMA_VERSION
from halt_core import hookspecs
from halt_core.demo import generate
from halt_core.events import InterventionDeclined
from halt_core.hookspecs import hookimpl
from halt_core.ids import EventId, new_id
from halt_core.model import AMSTERDAM, InterventionStatus
from halt_core.notify import (
    DEFAULT_ROUTES,
    Notification,
    Notifier,
    NotifierUnavailable,
    Route,
)
from halt_core.plugins import (
    PluginError,
    describe,
    installed_plugins,
    notification_routes,
    notifier_schemes,
    open_notifier,
    open_store,
    plugin_manager,
    rule_set,
    sharing_policy,
    store_schemes,
)
from halt_core.privacy import Purpose, SharingRequest, SharingRule
from halt_core.rules import Severity, Subject, default_rules, record_rule
from halt_core.storage import UnknownScheme, default_store_url, user_data_dir

# The contract, pinned: changing a hook's name or arguments must be a deliberate act that
# changes this table too (and the plugin authors' docs).
CONTRACT = {
    "halt_store_schemes": [],
    "halt_open_store": ["url", "options"],
    "halt_rules": [],
    "halt_disabled_rules": [],
    "halt_exporters": [],
    "halt_events_committed": ["events"],
    "halt_notifiers": [],
    "halt_notification_routes": [],
    "halt_sharing_rules": [],
}
FIRST_RESULT = {"halt_open_store"}


def specs():
    return {
        name: obj
        for name, obj in vars(hookspecs).items()
        if name.startswith("halt_") and inspect.isfunction(obj)
    }


def test_the_contract_is_pinned():
    found = {name: list(inspect.signature(f).parameters) for name, f in specs().items()}
    assert found == CONTRACT
    first = {name for name, f in specs().items() if f.halt_spec["firstresult"]}
    assert first == FIRST_RESULT


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_hook_is_documented_for_plugin_authors(name):
    doc = inspect.getdoc(specs()[name])
    assert doc
    assert "Called" in doc, "says when it is called"
    if name in FIRST_RESULT:
        assert "first-result hook" in doc
    reference = Path(__file__).parent.parent / "docs" / "reference" / "hookspecs.rst"
    assert f"halt_core.hookspecs.{name}" in reference.read_text(encoding="utf-8")


def test_every_hook_has_a_test_here():
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [name for name in CONTRACT if source.count(f"def {name}(") < 1]
    assert not untested, f"write a test plugin implementing {untested}"


# -- the manager ---------------------------------------------------------------------------


def test_the_built_in_adapters_register_through_the_entry_point_group():
    names = {info.name: info for info in installed_plugins(plugin_manager())}
    assert {"memory", "sqlite", "postgresql"} <= set(names)
    assert names["sqlite"].hooks == ("halt_open_store", "halt_store_schemes")
    assert names["sqlite"].distribution is not None
    assert names["sqlite"].distribution.startswith("halt-core ")
    assert {"memory", "sqlite", "postgresql"} <= set(store_schemes(plugin_manager()))


def test_plugins_can_be_blocked_by_name_and_by_environment(monkeypatch):
    assert "sqlite" not in {i.name for i in installed_plugins(plugin_manager(blocked=["sqlite"]))}
    monkeypatch.setenv("HALT_BLOCK_PLUGINS", "memory, postgresql")
    left = {i.name for i in installed_plugins(plugin_manager())}
    assert "memory" not in left
    assert "postgresql" not in left
    assert "sqlite" in left


def test_a_plugin_with_an_unknown_hook_is_refused():
    class Typo:
        @hookimpl
        def halt_open_stor(self, url):
            return None

    with pytest.raises(PluginError, match="halt_open_stor"):
        plugin_manager(entry_points=False, plugins=[Typo()])


def test_a_plugin_with_unknown_arguments_is_refused():
    class Greedy:
        @hookimpl
        def halt_open_store(self, url, options, colour):
            return None

    with pytest.raises(PluginError, match="colour"):
        plugin_manager(entry_points=False, plugins=[Greedy()])


def test_describe_and_the_module_command_list_plugins_and_hooks():
    text = describe(plugin_manager())
    assert "sqlite (halt-core" in text
    assert "    halt_open_store" in text
    assert "memory://" in text.splitlines()[-3]
    assert text.splitlines()[-2].startswith("export formats: csv, dot, ics, json")
    assert (
        text.splitlines()[-1]
        == "notifier schemes: log:, smtp:, smtps:, webhook+http:, webhook+https:"
    )
    done = subprocess.run(
        [sys.executable, "-m", "halt_core.plugins"], capture_output=True, text=True, check=True
    )
    assert "postgresql" in done.stdout


# -- each hook ---------------------------------------------------------------------------------


class Shelf:
    """A test plugin: a 'shelf://' store scheme backed by the memory store."""

    @hookimpl
    def halt_store_schemes(self):
        return ["shelf"]

    @hookimpl
    def halt_open_store(self, url, options):
        if not url.startswith("shelf:"):
            return None
        from halt_adapters.storage.memory import MemoryStore

        return MemoryStore(url, **dict(options))


def test_halt_store_schemes_and_halt_open_store_plug_in_a_store():
    manager = plugin_manager(plugins=[Shelf()])
    assert "shelf" in store_schemes(manager)
    with open_store("shelf://here", manager) as store:
        assert store.url == "shelf://here"
        with store.unit_of_work() as uow:
            assert uow.partners.count() == 0


def test_an_unknown_scheme_lists_the_installed_ones():
    with pytest.raises(UnknownScheme, match="sqlite://") as info:
        halt_core.connect("mongodb://someone:s3cret@db/halt")
    assert "s3cret" not in str(info.value)
    assert "memory" in info.value.installed


class HouseRules:
    """A test plugin adding a rule and turning a built-in one off."""

    @hookimpl
    def halt_rules(self):
        @record_rule(
            "HOUSE-PARTNER-001",
            Severity.ADVICE,
            Subject.PARTNER,
            title="partner has notes",
            en="Partner {name} has no notes.",
            nl="Partner {name} heeft geen notities.",
        )
        def partner_has_notes(partner, context):
            """Notes help colleagues who take over a contact."""
            if not partner.notes:
                yield {"name": partner.name}

        return [partner_has_notes]

    @hookimpl
    def halt_disabled_rules(self):
        return ["HC-PARTNER-004"]


def test_halt_rules_and_halt_disabled_rules_shape_the_rule_set():
    rules = rule_set(plugin_manager(plugins=[HouseRules()]))
    assert "HOUSE-PARTNER-001" in rules
    assert "HC-PARTNER-004" not in rules
    assert len(rules) == len(default_rules())
    assert rule_set(plugin_manager()).ids() == default_rules().ids()


def test_a_disabled_rule_that_does_not_exist_is_an_error():
    class Typo:
        @hookimpl
        def halt_disabled_rules(self):
            return ["HC-PARTNR-004"]

    with pytest.raises(halt_core.NotFound, match="HC-PARTNR-004"):
        rule_set(plugin_manager(plugins=[Typo()]))


class Listener:
    """A test plugin hearing committed events, and offering an exporter."""

    def __init__(self):
        self.heard = []

    @hookimpl
    def halt_events_committed(self, events):
        self.heard.append(list(events))

    @hookimpl
    def halt_exporters(self):
        return [self]


def test_halt_events_committed_hears_each_commit_with_events_once():
    listener = Listener()
    manager = plugin_manager(plugins=[listener])
    intervention = generate(seed=1, size=40).network.interventions[0]
    event = InterventionDeclined(
        id=new_id(EventId),
        occurred_at=dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM),
        actor="test",
        intervention=intervention.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason="geen capaciteit",
    )
    with open_store("memory://", manager) as store:
        with store.unit_of_work() as uow:
            uow.outbox.add(event)
        with store.unit_of_work():
            pass  # nothing recorded: nobody is told
    assert listener.heard == [[event]]


def test_a_failing_listener_does_not_undo_the_commit(caplog):
    class Broken:
        @hookimpl
        def halt_events_committed(self, events):
            raise RuntimeError("mail server down")

    intervention = generate(seed=1, size=40).network.interventions[0]
    event = InterventionDeclined(
        id=new_id(EventId),
        occurred_at=dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM),
        actor="test",
        intervention=intervention.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason="geen capaciteit",
    )
    with open_store("memory://", plugin_manager(plugins=[Broken()])) as store:
        with store.unit_of_work() as uow:
            uow.outbox.add(event)
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == (event,)
    assert "halt_events_committed hook failed" in caplog.text


def test_halt_exporters_collects_the_plugins_exporters():
    listener = Listener()
    manager = plugin_manager(entry_points=False, plugins=[listener])
    assert manager.hook.halt_exporters() == [[listener]]


# -- connect and the default store --------------------------------------------------------------


def test_connect_opens_the_url_given(tmp_path):
    with halt_core.connect(f"sqlite:///{tmp_path}/x.sqlite3") as store:
        assert store.schema_version == SQLITE_SCHEMA_VERSION
    assert (tmp_path / "x.sqlite3").exists()


def test_the_default_store_is_an_sqlite_file_in_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("HALT_STORE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG_DATA_HOME is the Linux location; this platform has its own")
    assert user_data_dir() == tmp_path / "data" / "halt"
    assert default_store_url() == f"sqlite:///{tmp_path}/data/halt/halt.sqlite3"
    with halt_core.connect() as store:
        assert store.url == default_store_url()
    assert (tmp_path / "data" / "halt" / "halt.sqlite3").exists()


def test_halt_store_url_overrides_the_default(monkeypatch):
    monkeypatch.setenv("HALT_STORE_URL", "memory://from-the-environment")
    with halt_core.connect() as store:
        assert store.url == "memory://from-the-environment"


def test_import_halt_core_loads_no_plugin():
    code = "import sys, halt_core; print(any(m.startswith('halt_adapters') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- notifications -------------------------------------------------------------------------


class Pigeon(Notifier):
    """A notifier of its own scheme, keeping what it is given."""

    for_partners = False

    def __init__(self, url: str, **options: object) -> None:
        self.name = url
        self.options = options
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)


class PigeonPlugin:
    @hookimpl
    def halt_notifiers(self):
        return {"pigeon": lambda url, options: Pigeon(url, **options)}

    @hookimpl
    def halt_notification_routes(self):
        return [
            Route(
                name="pigeon-everyone",
                event_types=frozenset(),
                select=lambda event, records: (),
                description="nobody, for the test",
            )
        ]


def test_halt_notifiers_offers_a_scheme_and_open_notifier_opens_it():
    manager = plugin_manager(plugins=[PigeonPlugin()])
    assert "pigeon" in notifier_schemes(manager)
    notifier = open_notifier("pigeon://loft", manager, colour="grey")
    assert isinstance(notifier, Pigeon)
    assert notifier.options == {"colour": "grey"}
    with pytest.raises(NotifierUnavailable, match=r"known: .*pigeon:"):
        open_notifier("owl://tree", manager)


def test_a_notifier_scheme_offered_twice_reports_the_second_plugin():
    class Another:
        @hookimpl
        def halt_notifiers(self):
            return {"pigeon": lambda url, options: Pigeon(url)}

    with pytest.raises(PluginError, match="already offers"):
        notifier_schemes(plugin_manager(plugins=[PigeonPlugin(), Another()]))


def test_an_opener_that_returns_no_notifier_is_the_plugins_fault():
    class Wrong:
        @hookimpl
        def halt_notifiers(self):
            return {"wrong": lambda url, options: "not a notifier"}

    with pytest.raises(PluginError, match=r"not a halt_core\.notify\.Notifier"):
        open_notifier("wrong://x", plugin_manager(plugins=[Wrong()]))


def test_halt_notification_routes_adds_after_the_built_in_ones():
    routes = notification_routes(plugin_manager(plugins=[PigeonPlugin()]))
    assert [r.name for r in routes[: len(DEFAULT_ROUTES)]] == [r.name for r in DEFAULT_ROUTES]
    assert routes[-1].name == "pigeon-everyone"

    class Clash:
        @hookimpl
        def halt_notification_routes(self):
            return [Route(name="school", event_types=frozenset(), select=lambda e, r: ())]

    with pytest.raises(PluginError, match="already taken"):
        notification_routes(plugin_manager(plugins=[Clash()]))


# -- information sharing -------------------------------------------------------------------


class CovenantRules:
    @hookimpl
    def halt_sharing_rules(self):
        return [
            SharingRule(
                name="covenant-statistics",
                purposes=frozenset({Purpose.STATISTICS}),
                decide=lambda request: None,  # no opinion: the defaults decide
                description="asks first, decides nothing",
            )
        ]


def test_halt_sharing_rules_are_asked_before_the_defaults():
    policy = sharing_policy(plugin_manager(plugins=[CovenantRules()]))
    assert policy.rules[0].name == "covenant-statistics"
    assert [r.name for r in policy.rules[1:]] == [r.name for r in sharing_policy().rules]
    decision = policy.decide(SharingRequest(purpose=Purpose.STATISTICS))
    assert decision.rule == "organisational-only"


def test_a_sharing_rule_with_a_taken_name_reports_its_plugin():
    class Clash:
        @hookimpl
        def halt_sharing_rules(self):
            return [
                SharingRule(
                    name="subject-access",
                    purposes=frozenset({Purpose.SUBJECT_ACCESS}),
                    decide=lambda request: None,
                )
            ]

    with pytest.raises(PluginError, match="already taken"):
        sharing_policy(plugin_manager(plugins=[Clash()]))

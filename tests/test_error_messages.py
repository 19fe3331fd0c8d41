"""Every error of halt speaks English and Dutch, and both read right.

Each error class is raised with the texts its raise sites use and asked for both messages;
each message is checked for the defects issue 17 found (the patterns of
``tests/rules/test_messages.py``), the Dutch also for English left in it. A static scan finds
every text written at a raise site in the source and checks the phrasebooks translate it;
``tests/dutch_errors.py`` does the same at run time for every error the tests make halt raise.
"""

import ast
import pickle
import re
import uuid
from pathlib import Path

import pytest

from halt_adapters.cli._context import CommandError, CommandFailed
from halt_core.errors import (
    PHRASEBOOK,
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    ExportFailed,
    HaltError,
    IllegalTransition,
    InvalidDocument,
    InvalidValue,
    NotFound,
    NotLoaded,
    Phrasebook,
    Problem,
    SchemaTooNew,
    SharingRefused,
    StoreUnavailable,
    TransactionAborted,
    TransitionRefused,
    UnitOfWorkClosed,
    UnknownFormat,
    UnknownScheme,
    UnsupportedSchemaVersion,
)
from halt_core.importing import ImportRefused
from halt_core.model import InterventionStatus, YouthPseudonym
from halt_core.model._checks import text_allowed, whole_allowed
from halt_core.notify.cloudevents import SignatureInvalid
from halt_core.notify.notifier import DeliveryFailed, NotifierUnavailable
from halt_core.plugins.loading import HaltPluginManager
from halt_core.privacy.erasure import UnderLegalHold
from halt_core.rules._core import RuleError
from halt_core.storage.changes import ChangesNotKept
from halt_core.storage.deliveries import NotificationsUnsupported
from halt_core.storage.outbox import HistoryUnsupported
from halt_core.storage.privacy_log import PrivacyLogUnsupported
from tests.dutch_errors import dutch_of, error_classes
from tests.rules.test_messages import defects

ROOT = Path(__file__).resolve().parent.parent
ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
URL = "sqlite:///halt.sqlite3"


def _raised(call):
    try:
        call()
    except HaltError as error:
        return error
    raise AssertionError("nothing was raised")


# One error of every class, made as halt makes it: with the texts its raise sites write.
EXAMPLES: list[BaseException] = [
    InvalidValue("Partner", "name", "", text_allowed(200)),
    InvalidValue("Session", "hours", 99, whole_allowed(1, 20)),
    InvalidDocument(
        "Partner",
        [Problem("$.name", "expected text of at most 200 characters")] * 2,
    ),
    UnsupportedSchemaVersion("Network", 99, 6),
    ImportRefused("partners.csv", [Problem("line 7", "expected a whole number from 1 to 20")]),
    NotFound("municipality", "Atlantis", "not in the 2024 division; did you mean Amsterdam?"),
    IllegalTransition(
        "intervention",
        ID,
        InterventionStatus.REQUESTED,
        "deliver",
        InterventionStatus.DELIVERED,
        [InterventionStatus.SCHEDULED],
        [("schedule", InterventionStatus.SCHEDULED), ("cancel", InterventionStatus.CANCELLED)],
    ),
    IllegalTransition(
        "intervention",
        ID,
        InterventionStatus.CANCELLED,
        "deliver",
        InterventionStatus.DELIVERED,
        [InterventionStatus.SCHEDULED],
        [],
    ),
    TransitionRefused(
        "intervention",
        ID,
        "deliver",
        "it has no sessions, so nothing was delivered",
        "plan the sessions that took place with reschedule_intervention first",
    ),
    AlreadyExists("partners", [str(uuid.UUID(int=n)) for n in range(7)]),
    ConcurrencyConflict("intervention", ID, 3, 4),
    TransactionAborted(URL, "deadlock detected"),
    NotLoaded("partner", ID),
    DeletionRefused(
        "partner",
        ID,
        "only referrals are erased for the privacy rules; delete other records with delete()",
    ),
    UnitOfWorkClosed(),
    UnknownScheme("mysql://halt", ["memory", "postgresql", "sqlite"]),
    UnknownScheme("mysql://halt", []),
    UnknownFormat("docx", ["csv", "json"]),
    ExportFailed(
        "png",
        "Graphviz 'dot' took longer than 60 s: draw less, e.g. with the setting arrondissement",
    ),
    SharingRefused(
        "including personal data of youths in an export",
        "default",
        "no rule of the policy allows this",
        "geen regel van het beleid staat dit toe",
    ),
    SchemaTooNew(URL, 9, 6),
    StoreUnavailable(
        URL,
        "another process kept the database locked for longer than the busy timeout (5 s); "
        "nothing of this unit of work was stored. Run it again (halt_core.storage.retrying "
        "does), or raise busy_timeout",
        retryable=True,
    ),
    DeliveryFailed("the receiver refused it with 400; check its URL and what it accepts"),
    DeliveryFailed(
        "the receiver refused it with 400; check its URL and what it accepts", retryable=False
    ),
    NotifierUnavailable("webhook+https://x", "the port must be a number from 1 to 65535"),
    SignatureInvalid("there is none"),
    RuleError("HC-PARTNER-001", KeyError("name")),
    NotificationsUnsupported("jsonfile:///tmp/x"),
    PrivacyLogUnsupported("jsonfile:///tmp/x"),
    HistoryUnsupported("jsonfile:///tmp/x"),
    ChangesNotKept("jsonfile:///tmp/x"),
    UnderLegalHold(YouthPseudonym("J-7F3A9C2E"), "court case 2026/123"),
    _raised(
        lambda: HaltPluginManager(strict=True).report_broken(
            "broken",
            "returned 1 from halt_notifiers; expected a mapping of scheme to opener, e.g. "
            "{'smtp': open_smtp}",
            hook="halt_notifiers",
        )
    ),
    CommandError("--at: 'tomorrow' is not a date and time; write it as 2026-11-26 09:30"),
    CommandFailed(
        "there is no store at /tmp/halt.sqlite3 yet: run 'halt init' for an empty one or 'halt "
        "demo' for the demo network, or pass --store URL"
    ),
]

# English that must not be left in a Dutch message (code names and values aside).
ENGLISH = re.compile(
    r"\b(the|cannot|expected|was|were|should|must|with|and|or|not|only|again|from|to)\b"
)


def _english(error: BaseException) -> str:
    return str(error) if not isinstance(error, CommandError) else error.message


def test_every_error_class_has_an_example():
    covered = {type(error) for error in EXAMPLES} | {HaltError}
    assert set(error_classes()) - covered == set()


def test_an_error_class_of_a_plugin_looks_its_whole_message_up():
    class Unreachable(HaltError):
        pass

    assert Unreachable("the lesson planner is down").message("nl") == ("the lesson planner is down")
    PHRASEBOOK.add([("the lesson planner is down", "de lesplanner is onbereikbaar")])
    assert Unreachable("the lesson planner is down").message("nl") == (
        "de lesplanner is onbereikbaar"
    )


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda error: type(error).__name__)
def test_every_error_reads_right_in_english_and_in_dutch(error):
    english, dutch = _english(error), dutch_of(error)
    assert defects(english) == []
    assert defects(dutch) == []
    assert dutch != english, "the Dutch message is the English one"
    assert ENGLISH.findall(re.sub(r"`[^`]*`|'[^']*'|\([^)]*\)", "", dutch)) == [], dutch


@pytest.mark.parametrize(
    "error", [e for e in EXAMPLES if isinstance(e, HaltError)], ids=lambda e: type(e).__name__
)
def test_message_gives_either_language_and_refuses_a_third(error):
    assert error.message() == error.message("en") == str(error)
    assert error.message("nl") == error.in_dutch()
    with pytest.raises(InvalidValue, match="expected 'en' or 'nl'"):
        error.message("de")


@pytest.mark.parametrize(
    "error", [e for e in EXAMPLES if isinstance(e, HaltError)], ids=lambda e: type(e).__name__
)
def test_a_pickled_error_keeps_both_messages(error):
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.message("nl")) == (str(error), error.message("nl"))


# -- the phrasebook ----------------------------------------------------------------------------


def test_a_template_fills_its_parts_and_translates_those_marked_nl():
    book = Phrasebook(
        [
            ("expected {what:nl}", "verwacht {what}"),
            ("a whole number from {low} to {high}", "een geheel getal van {low} tot en met {high}"),
            ("no {what:nl} {key} here", "geen {what} {key} hier"),
            ("partner", "partner"),
        ]
    )
    assert book.dutch("expected a whole number from 1 to 20") == (
        "verwacht een geheel getal van 1 tot en met 20"
    )
    assert book.dutch("expected a whole number from 1 to 20.") == (
        "verwacht een geheel getal van 1 tot en met 20."
    )
    # No template fits the whole, so it is looked up in parts.
    assert book.dutch("no partner 12 here; expected a whole number from 1 to 2") == (
        "geen partner 12 hier; verwacht een geheel getal van 1 tot en met 2"
    )
    assert book.dutch("expected a miracle") is None
    assert book.say("expected a miracle") == "expected a miracle"
    assert book.missing() == ("expected a miracle",)


def test_the_most_specific_template_wins():
    book = Phrasebook([("cannot {x}", "kan niet {x}"), ("cannot read {x}", "kan {x} niet lezen")])
    assert book.dutch("cannot read Partner") == "kan Partner niet lezen"


def test_a_dutch_template_may_only_name_parts_of_its_english():
    with pytest.raises(InvalidValue, match="not in the English: when"):
        Phrasebook([("expected {what}", "verwacht {when}")])


def test_an_adapter_adds_its_phrases_on_first_use():
    book = Phrasebook()
    book.add_module("halt_adapters._dutch.cli")
    book.add_module("halt_adapters._dutch.cli")  # once is enough
    assert book.modules == ("halt_adapters._dutch.cli",)
    found = book.dutch(
        "--store (or HALT_STORE_URL) is empty: give a store URL such as "
        "sqlite:///halt.sqlite3, or leave it out for the default store"
    )
    assert found is not None
    assert found.startswith("--store (of HALT_STORE_URL) is leeg")


# -- every text written at a raise site has its Dutch ------------------------------------------

# Where each error (or the helper that makes one) takes its free texts: position, keyword.
FREE_TEXTS = {
    "InvalidValue": {3: "allowed"},
    "fail": {3: "allowed"},
    "Problem": {1: "message"},
    "NotFound": {0: "what", 2: "hint"},
    "TransitionRefused": {0: "subject", 3: "problem", 4: "hint"},
    "IllegalTransition": {0: "subject"},
    "AlreadyExists": {0: "kind", 2: "hint"},
    "DeletionRefused": {0: "kind", 2: "reason"},
    "ExportFailed": {1: "reason"},
    "SharingRefused": {0: "what", 4: "hint"},
    "StoreUnavailable": {1: "reason"},
    "DeliveryFailed": {0: "reason"},
    "NotifierUnavailable": {1: "reason"},
    "SignatureInvalid": {0: "reason"},
    "PluginError": {0: "message"},
    "CommandError": {0: "message"},
    "CommandFailed": {0: "message"},
}
SENTINEL = "\u27e8x\u27e9"  # stands for what an f-string puts in; translates as itself


def _template(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        text = "".join(_piece(part, constants) for part in node.values)
        # Holes side by side ("{name}{where}") are one varying part of the text.
        return re.sub(f"(?:{SENTINEL})+", SENTINEL, text)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left, constants), _template(node.right, constants)
        return None if left is None or right is None else left + right
    return None


def _piece(part: ast.expr, constants: dict[str, str]) -> str:
    if isinstance(part, ast.Constant):
        return str(part.value)
    if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
        return constants.get(part.value.id, SENTINEL)  # a module constant, or a variable
    return SENTINEL


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's ``NAME = "text"`` constants."""
    found: dict[str, str] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            for target in statement.targets:
                if isinstance(target, ast.Name) and isinstance(statement.value.value, str):
                    found[target.id] = statement.value.value
    return found


def _written_texts():
    for path in sorted((ROOT / "src").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = str(getattr(node.func, "id", getattr(node.func, "attr", "")))
            for position, keyword in FREE_TEXTS.get(name, {}).items():
                arg = node.args[position] if position < len(node.args) else None
                arg = arg or next((k.value for k in node.keywords if k.arg == keyword), None)
                if arg is None:
                    continue
                # A text chosen by a condition is two texts.
                branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
                for branch in branches:
                    text = _template(branch, constants)
                    if text and text.strip(SENTINEL):
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        yield where, " ".join(text.split())


def test_every_text_written_at_a_raise_site_has_its_dutch():
    import halt_adapters  # noqa: F401 -- registers the adapters' phrases

    book = Phrasebook(modules=PHRASEBOOK.modules)
    book.add([(SENTINEL, SENTINEL)])
    texts = list(_written_texts())
    assert len(texts) > 200
    missing = [f"{where}: {text!r}" for where, text in texts if book.dutch(text) is None]
    assert missing == []


def test_a_later_phrase_wins_over_an_equal_earlier_one():
    book = Phrasebook([("no {what}", "geen {what}"), ("done", "klaar")])
    book.add([("no {what}", "niets van {what}"), ("done", "gedaan")])
    assert (book.dutch("no milk"), book.dutch("done")) == ("niets van milk", "gedaan")

"""The package's promises: light import, no adapters, documented public names."""

import ast
import enum
import inspect
import itertools
import json
import subprocess
import sys
import textwrap
import types

import attrs
import pytest

import halt_core
from halt_core import model
from halt_core.model import FORUM_KINDS, PARTNER_KINDS, ForumKind, PartnerKind


def run_python(code):
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )


def test_import_opens_no_adapter_and_no_io_module():
    code = "import sys, json, halt_core; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(run_python(code).stdout))
    assert not {m for m in loaded if m.startswith("halt_adapters")}
    assert not loaded & {"sqlite3", "psycopg", "socket", "hypothesis", "pytest"}


def test_import_is_light():
    # -X importtime reports the cumulative microseconds of each import; the number is read,
    # not asserted against a clock, except as a generous guard against a heavy new import.
    stderr = run_python("import halt_core").stderr
    line = next(x for x in stderr.splitlines() if x.rstrip().endswith("| halt_core"))
    cumulative_us = int(line.split("|")[1])
    assert cumulative_us < 1_000_000, f"import halt_core took {cumulative_us / 1000:.0f} ms"


def public_objects():
    for name in halt_core.__all__:
        yield name, getattr(halt_core, name)


def test_every_public_name_exists_and_is_documented():
    undocumented = []
    for name, obj in public_objects():
        documentable = isinstance(obj, types.ModuleType | type | types.FunctionType)
        if documentable and not inspect.getdoc(obj):
            undocumented.append(name)
    assert not undocumented


def test_every_public_class_documents_its_members():
    missing = []
    for name, obj in public_objects():
        if not isinstance(obj, type):
            continue
        if attrs.has(obj):
            doc = inspect.getdoc(obj) or ""
            missing += [f"{name}.{f.name}" for f in attrs.fields(obj) if f"{f.name}:" not in doc]
        for member_name, member in vars(obj).items():
            if member_name.startswith("_"):
                continue
            if isinstance(member, classmethod | staticmethod):
                member = member.__func__
            if isinstance(member, types.FunctionType | property) and not inspect.getdoc(member):
                missing.append(f"{name}.{member_name}")
    assert not missing


def test_the_model_is_re_exported_from_the_top():
    for name in model.__all__:
        assert getattr(halt_core, name) is getattr(model, name)
    assert halt_core.HaltError is halt_core.errors.HaltError


def test_every_error_derives_from_the_one_base():
    errors = [
        obj
        for _, obj in vars(halt_core.errors).items()
        if isinstance(obj, type) and issubclass(obj, Exception)
    ]
    assert all(issubclass(e, halt_core.HaltError) for e in errors)


def test_the_catalogues_know_every_kind():
    assert set(PARTNER_KINDS) == set(PartnerKind)
    assert set(FORUM_KINDS) == set(ForumKind)


def test_kind_knowledge_follows_the_domain():
    chain = {k for k in PartnerKind if k.is_chain_partner}
    assert chain == {
        PartnerKind.POLICE,
        PartnerKind.PUBLIC_PROSECUTION,
        PartnerKind.CHILD_PROTECTION_BOARD,
        PartnerKind.YOUTH_CARE,
        PartnerKind.YOUTH_PROBATION,
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
        PartnerKind.MUNICIPALITY,
        PartnerKind.SAFETY_HOUSE,
        PartnerKind.COMPULSORY_EDUCATION_OFFICE,
    }
    referrers = {k for k in PartnerKind if k.may_refer}
    assert referrers == {
        PartnerKind.POLICE,
        PartnerKind.SPECIAL_INVESTIGATING_OFFICERS,
        PartnerKind.COMPULSORY_EDUCATION_OFFICE,
    }
    commissioners = {k for k in PartnerKind if k.may_commission}
    assert commissioners == {
        PartnerKind.MUNICIPALITY,
        PartnerKind.SCHOOL,
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
        PartnerKind.MINISTRY_OF_THE_INTERIOR,
        PartnerKind.MINISTRY_OF_EDUCATION,
        PartnerKind.BUSINESS,
        PartnerKind.SAFETY_HOUSE,
        PartnerKind.OTHER,
    }
    for kind in (ForumKind.AJB, ForumKind.APJ):
        assert not kind.profile.discusses_cases
        assert kind.profile.level is halt_core.Level.REGIONAL
    for kind in (ForumKind.JCO, ForumKind.SAFETY_HOUSE_CASE_CONSULTATION):
        assert kind.profile.discusses_cases
        assert halt_core.HaltRole.INFORMATION_SUPPLIER in kind.profile.halt_roles


def documented_attributes(cls):
    """Names in ``cls``'s source that are followed by a docstring (what Sphinx renders)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    (definition,) = tree.body
    assert isinstance(definition, ast.ClassDef)
    body = definition.body
    return {
        target.id
        for node, following in itertools.pairwise(body)
        if isinstance(node, ast.Assign)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
        and isinstance(following.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_enum_members_are_documented():
    self_explaining = (halt_core.Arrondissement, halt_core.Frequency)  # the names say it all
    undocumented = [
        f"{obj.__name__}.{member.name}"
        for _, obj in public_objects()
        if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj not in self_explaining
        for member in obj
        if member.name not in documented_attributes(obj)
    ]
    assert not undocumented


def test_events_and_lifecycles_load_on_first_use():
    import halt_core.events
    import halt_core.lifecycle

    assert list(halt_core._EVENTS_ALL) == list(halt_core.events.__all__)
    assert list(halt_core._LIFECYCLE_ALL) == list(halt_core.lifecycle.__all__)
    code = (
        "import sys, halt_core; before = 'halt_core.events' in sys.modules; "
        "from halt_core import schedule_intervention, InterventionScheduled; "
        "print(before, 'halt_core.events' in sys.modules, callable(schedule_intervention))"
    )
    assert run_python(code).stdout.split() == ["False", "True", "True"]
    assert "InterventionScheduled" in dir(halt_core)
    assert halt_core.InterventionScheduled is halt_core.events.InterventionScheduled


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        halt_core.nothing_here  # noqa: B018

"""Hostile documents for every public class: a value that round-trips, or a short library error."""

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import halt_core
from halt_core import HaltError, InvalidDocument, InvalidValue, from_dict, from_json, to_dict
from halt_core.lifecycle import INTERVENTION_LIFECYCLE, Lifecycle, Transition
from tests.fuzz import _run
from tests.fuzz._hostile import (
    ABSTRACT_EVENTS,
    CLASSES,
    EVENT_CLASSES,
    MUTATIONS,
    STRATEGIES,
    cases,
    check_error,
    public_attrs_classes,
    read_every_way,
    youth_values,
)

pytestmark = pytest.mark.skipif(not _run.ENABLED, reason=_run.SKIP_REASON)


def fuzz(share: float) -> settings:
    return settings(
        max_examples=_run.budget(share, len(MUTATIONS)),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )


def test_every_public_model_and_event_class_is_fuzzed():
    not_documents = {Lifecycle, Transition, *ABSTRACT_EVENTS}
    assert public_attrs_classes() - not_documents <= set(STRATEGIES)
    assert set(STRATEGIES) >= EVENT_CLASSES


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@fuzz(0.75)
@given(data=st.data())
def test_a_hostile_document_gives_a_value_or_a_short_library_error(cls, data):
    value, made = data.draw(cases(cls))
    _run.count(cls, len(made))
    personal = youth_values(to_dict(value))
    for case in made:
        read_every_way(cls, case, personal)


@pytest.mark.parametrize("cls", ABSTRACT_EVENTS, ids=lambda c: c.__name__)
@fuzz(0.1)
@given(data=st.data())
def test_an_event_read_as_the_base_of_its_family_is_refused(cls, data):
    concrete = data.draw(st.sampled_from([c for c in EVENT_CLASSES if issubclass(c, cls)]))
    value, made = data.draw(cases(concrete))
    _run.count(cls, len(made))
    personal = youth_values(to_dict(value))
    for case in made:
        with pytest.raises(HaltError) as info:
            from_dict(case.data, cls)
        check_error(info.value, personal)
        with pytest.raises(HaltError) as info:
            from_json(case.raw or b"", cls)
        check_error(info.value, personal)


@pytest.mark.parametrize("cls", [Lifecycle, Transition, halt_core.Gazetteer, dict, int])
def test_a_class_that_is_not_a_document_type_says_so(cls):
    document = to_dict(INTERVENTION_LIFECYCLE) if attrs.has(type(INTERVENTION_LIFECYCLE)) else {}
    for read in (lambda: from_json(b"{}", cls), lambda: from_dict(document, cls)):
        with pytest.raises(InvalidValue, match="expected a model or event class") as info:
            read()
        assert "\n" not in str(info.value)
    assert not isinstance(info.value, InvalidDocument)

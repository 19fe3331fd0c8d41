"""The model's values in words: each member its own Dutch word, whatever other enums hold."""

from __future__ import annotations

import pytest

from halt_core.model import OffenceCategory, ProblemArea
from halt_core.model.words import _PAIRS, dutch


def test_members_of_different_enums_with_one_value_keep_their_own_words():
    # OffenceCategory.VANDALISM == ProblemArea.VANDALISM as strings; their words differ.
    assert str(OffenceCategory.VANDALISM) == str(ProblemArea.VANDALISM)
    assert dutch(OffenceCategory.VANDALISM) == "vernieling"
    assert dutch(ProblemArea.VANDALISM) == "vandalisme"
    assert dutch(OffenceCategory.FIREWORKS) == "vuurwerkovertreding"
    assert dutch(OffenceCategory.TRUANCY) == "schoolverzuim"


@pytest.mark.parametrize(("member", "word"), _PAIRS, ids=lambda v: str(v))
def test_every_listed_member_reads_as_listed(member, word):
    assert dutch(member) == word

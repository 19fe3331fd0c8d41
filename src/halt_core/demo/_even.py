"""The even spread: every arrondissement the same share of the local and regional records.

Benchmarks want the same load everywhere rather than where people live. Each step goes to
the arrondissement that has the fewest records of its kind so far (ties to the first in
:data:`~halt_core.demo._base.ARRONDISSEMENT_ORDER`), and within an arrondissement places
are still drawn by inhabitants, so its big towns keep most of its records.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from halt_core.demo._names import DISTRICTS
from halt_core.demo._sampling import LOCAL_FORUM_KINDS, WORKABLE, Sampler, next_local_kind
from halt_core.model import Arrondissement, PartnerKind

if TYPE_CHECKING:  # the builder's steps call these; they only use them
    from halt_core.demo._base import BuilderBase
    from halt_core.demo._collaborations import CollaborationSteps
    from halt_core.demo._forums import ForumSteps

__all__ = ["even_collaborations", "even_local_forums", "even_plan", "even_work"]

_REGIONAL = 4  # the regional partners of an arrondissement (police, OM, RvdK, youth probation)
_REGION_PARTNERS = 2  # a covered safety region's safety house and youth care
_EARLIEST = 2000  # the first school year of a commission: Halt has worked with schools since


def even_plan(b: BuilderBase, budget: int) -> list[tuple[str, PartnerKind]]:
    """Which local partners to make so that each arrondissement has as many partners.

    ``budget`` is what the size leaves for local partners and the safety houses and youth
    care of the safety regions they cover (the national and regional partners are counted
    out); every arrondissement gets a workable municipality (:data:`WORKABLE` partners) even
    when it leaves none. The arrondissement with the fewest partners so far gets the next:
    a municipality drawn by inhabitants among its own, four partners if it is new (and the
    safety house and youth care of its safety region, if that is new), else its next kind;
    a new one that no longer fits the budget gives way to the arrondissement's first.
    """
    g = b.gazetteer
    given: dict[str, int] = {}
    plan: list[tuple[str, PartnerKind]] = []
    covered: set[str] = set()
    held = dict.fromkeys(b.arrondissements, _REGIONAL)
    first: dict[Arrondissement, str] = {}
    own = {
        a: Sampler(
            (m.code for m in g.municipalities_in(a)),
            (b.inhabitants[m.code] or 1 for m in g.municipalities_in(a)),
        )
        for a in b.arrondissements
    }

    def cost(code: str) -> int:
        if code in given:
            return 1
        new_region = g.safety_region_of(code).code not in covered
        return WORKABLE + (_REGION_PARTNERS if new_region else 0)

    def give(a: Arrondissement, code: str) -> None:
        held[a] += cost(code)
        covered.add(g.safety_region_of(code).code)
        count = 1 if code in given else WORKABLE
        plan.extend((code, next_local_kind(given, code)) for _ in range(count))
        first.setdefault(a, code)

    for a in b.arrondissements:
        give(a, own[a].draw(b.rng))
    while len(plan) + _REGION_PARTNERS * len(covered) < budget:
        a = min(b.arrondissements, key=held.__getitem__)
        code = own[a].draw(b.rng)
        if len(plan) + _REGION_PARTNERS * len(covered) + cost(code) > budget:
            code = first[a]
        give(a, code)
    return plan


def even_work(
    b: BuilderBase,
    arrondissements: Sequence[Arrondissement],
    codes: Mapping[Arrondissement, Sequence[str]],
) -> Callable[[], str]:
    """Draws a municipality for a piece of work: the arrondissements in turn, then by people.

    Each of ``arrondissements`` in turn, then one of its ``codes`` by inhabitants: each
    arrondissement gets the same share of the work, to one piece.
    """
    inner = {
        a: Sampler(codes[a], (b.inhabitants[c] or 1 for c in codes[a])) for a in arrondissements
    }
    turn = itertools.cycle(arrondissements)
    return lambda: inner[next(turn)].draw(b.rng)


def even_local_forums(b: ForumSteps, budget: int) -> None:
    """``budget`` local network consultations, each where the fewest forums are so far.

    Within an arrondissement they go to its municipalities in turn, one part of town after
    another; past the parts of town they are numbered (``Utrecht-Noord 2``).
    """
    by_arrondissement = _grouped(b, b.with_kinds(*LOCAL_FORUM_KINDS))
    if not by_arrondissement:
        return
    held = Counter(a for f in b.forums if (a := b.arrondissement_of(f.area)) in by_arrondissement)
    made: Counter[Arrondissement] = Counter()
    for _ in range(budget):
        a = min(by_arrondissement, key=held.__getitem__)
        own = by_arrondissement[a]
        lap, index = divmod(made[a], len(own))
        b.local_forum(own[index], _part_of_town(lap))
        made[a] += 1
        held[a] += 1


def even_collaborations(b: CollaborationSteps, target: int) -> None:
    """Local collaborations up to ``target``, each where the fewest are so far.

    No more than the spread by people would make at most (two commissions for every
    municipality with a school, a network for every one with youth work), so the even
    demo has about as many collaborations as the other; and at least three networks, one
    in each status. An arrondissement first commissions its municipalities (this school
    year's and last year's), then gives each a network, then adds the ended commissions of
    earlier school years, back to :data:`_EARLIEST` at most.
    """
    commissioned = _grouped(b, b.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL))
    networked = _grouped(b, b.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.WELFARE))
    if not networked:
        return
    most = len(b.collaborations) + sum(
        2 * len(commissioned.get(a, [])) + len(networked[a]) for a in networked
    )
    target = min(target, most)
    held = Counter(a for c in b.collaborations if (a := b.arrondissement_of(c.area)) in networked)
    networks = itertools.count()  # the networks made so far: the first three get a status each
    steps = {a: _steps(b, commissioned.get(a, []), networked[a], networks) for a in networked}
    made = 0
    while steps and (len(b.collaborations) < target or made < 3):
        a = min(steps, key=held.__getitem__)
        before = len(b.collaborations)
        try:
            made += next(steps[a])
        except StopIteration:  # back to _EARLIEST: the others fill up
            del steps[a]
        held[a] += len(b.collaborations) - before


def _steps(
    b: CollaborationSteps,
    commissioned: Sequence[str],
    networked: Sequence[str],
    networks: Iterator[int],
) -> Iterator[int]:
    """An arrondissement's collaborations, one step at a time; yields the networks made."""
    for code in commissioned:
        b.commissions_of(code)
        yield 0
    for code in networked:
        b.local_network(code, next(networks))
        yield 1
    for back in range(2, b.as_of.year - _EARLIEST + 1):
        for code in commissioned:
            b.commission(code, -back)
            yield 0


def _part_of_town(lap: int) -> str:
    """The part of town of the ``lap``-th round through a municipality: numbered past them."""
    number, index = divmod(lap, len(DISTRICTS))
    return DISTRICTS[index] + (f" {number + 1}" if number else "")


def _grouped(b: BuilderBase, codes: Sequence[str]) -> dict[Arrondissement, list[str]]:
    """``codes`` by arrondissement, in the builder's order of arrondissementen."""
    found: dict[Arrondissement, list[str]] = defaultdict(list)
    for code in codes:
        found[b.gazetteer.arrondissement_of(code)].append(code)
    return {a: found[a] for a in b.arrondissements if found[a]}

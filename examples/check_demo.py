"""Generate the demo network, plant a few mistakes, and let the rules explain them.

Run it with ``python examples/check_demo.py`` once halt-core is installed. The same seed gives
the same network every time.
"""

from __future__ import annotations

from halt_core.demo import generate
from halt_core.rules import Severity, default_rules

MISTAKES = {
    "HC-FORUM-003": 1,  # Halt chairs a JCO, where it can only supply information
    "HC-FORUM-007": 1,  # a youth on the agenda of a steering forum
    "HC-REFERRAL-003": 1,  # a youth too old for a Halt settlement
    "HC-INTERV-009": 1,  # a trainer booked twice
    "HC-PARTNER-004": 1,  # a partner nobody can reach
}


def main() -> None:
    """Generate, check, and print the report in English and Dutch."""
    demo = generate(seed=2024, size=200, plant=MISTAKES)
    counts = ", ".join(f"{n:,} {name}" for name, n in demo.network.counts().items())
    print(f"Demo network as of {demo.as_of:%d %B %Y}: {counts}.")
    rules = default_rules()
    report = rules.check(demo.network, now=demo.now)
    print(f"{len(rules)} rules checked it and found {len(report)} violation(s).\n")
    for severity in Severity:
        found = report.filter(severity=severity)
        if not found:
            continue
        print(f"{severity.value.upper()} ({len(found)})")
        for violation in found:
            print(f"  {violation.rule_id}  {violation.message('en')}")
            print(f"  {' ' * len(violation.rule_id)}  {violation.message('nl')}")
        print()


if __name__ == "__main__":
    main()

"""``python -m halt_core.plugins``: print the installed plugins, schemes and formats."""

from halt_core.plugins import main

main()

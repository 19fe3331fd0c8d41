"""``python -m halt_core.plugins``: print the installed plugins, schemes and formats."""

from halt_core.plugins import main

if __name__ == "__main__":  # not when a tool imports every module (API checks, docs)
    main()

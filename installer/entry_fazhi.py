"""Entry point of the frozen `fazhi` command (console): the CLI, plus `fazhi --self-test`, which prints the self-test's
report in the console window (the windowed program has no console to print to)."""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--self-test"]:
        from fazhi_desktop import selftest

        sys.exit(selftest.main(sys.argv[2:]))
    from fazhi_desktop.cli import main

    sys.exit(main())

"""Entry point of the frozen `fazhi-desktop` program (windowed). `--self-test` is dispatched before the GUI modules
are imported, so that a broken Qt in the build is reported by the self-test instead of crashing the start."""

import sys

if __name__ == "__main__":
    if "--self-test" in sys.argv[1:]:
        from fazhi_desktop import selftest

        sys.exit(selftest.main([a for a in sys.argv[1:] if a != "--self-test"]))
    from fazhi_desktop.qt.app import main

    sys.exit(main())

"""Qt-free core: domain rules, storage and services usable from tests and the CLI."""

// tests/ops/main.cpp — doctest entry point for the operations tests: backups and the restore drill with real
// processes, store upgrades from the fixtures in tests/fixtures/stores/, the metrics file.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

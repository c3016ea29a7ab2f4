// tests/lifecycle/main.cpp — doctest entry point for the project lifecycle through real processes (a city
// aggregator, `jiebang project … --remote`): docs/lifecycle.md, docs/protocol.md 17.20.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

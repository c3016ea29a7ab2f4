// tests/backoffice/main.cpp — doctest entry point for the back-office tests: the review state machine
// (docs/review.md), staff identities and key files, the audit trail, and the review across three tiers with
// real aggregators, sync agents and `jiebang` processes on loopback.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

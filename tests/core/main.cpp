// tests/core/main.cpp — doctest entry point for the core library's tests (no display, no network).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

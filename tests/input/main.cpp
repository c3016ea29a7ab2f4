// tests/input/main.cpp — doctest entry point for the input-method tests (real librime and zinnia, no
// display).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

// tests/print/main.cpp — doctest's main for the printing suite (print_tests).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

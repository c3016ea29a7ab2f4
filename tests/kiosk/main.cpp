// tests/kiosk/main.cpp — doctest entry point of kiosk_tests.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

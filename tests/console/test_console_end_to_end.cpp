// tests/console/test_console_end_to_end.cpp — the real jiebang-console against a real aggregator (filled by
// when the aggregator's staff endpoint is part of the build).
#include <doctest/doctest.h>

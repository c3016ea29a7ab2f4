// tests/sync/main.cpp — doctest entry point for the sync tests (protocol codec, aggregator, agent, staff
// commands, reliability with real processes on loopback).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

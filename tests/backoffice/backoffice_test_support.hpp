// tests/backoffice/backoffice_test_support.hpp — helpers for the back-office tests: the real `jiebang` binary
// run as a child process, reads of an aggregator store's review columns, and a terminal's progress lookup.
// The aggregators, terminals and sync agents themselves come from tests/sync/sync_test_support.hpp (real
// processes on loopback, bounded waits).
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/support/process.hpp"
#include "tests/sync/sync_test_support.hpp"

namespace jiebang::backoffice::test {

using jiebang::sync::test::Aggregator;
using jiebang::sync::test::TempDir;
using jiebang::sync::test::Terminal;
using jiebang::sync::test::wait_until;

// Runs `jiebang ARGUMENTS...` as a real process; the output and exit code are what a clerk would see.
inline jiebang::test::ProcessResult jiebang_cli(
    const std::vector<std::string>& arguments,
    const std::vector<std::pair<std::string, std::string>>& environment = {}) {
    auto result = jiebang::test::run_process(JIEBANG_CLI_PATH, arguments, environment);
    if (result.exit_code != 0)
        MESSAGE("jiebang " << (arguments.empty() ? "" : arguments[0]) << " said: " << result.error);
    return result;
}

// One text column of a submission on an aggregator store, by receipt number ("" when there is no row).
inline std::string column(Aggregator& aggregator, const std::string& receipt, const std::string& name) {
    auto store = sync::AggregatorStore::open(aggregator.store_file());
    REQUIRE(store.ok());
    auto found = store->find(receipt);
    REQUIRE(found.ok());
    if (!found->has_value())
        return {};
    const sync::StoredSubmission& row = **found;
    if (name == "review_stage")
        return row.review_stage;
    if (name == "review_state")
        return row.review_state;
    if (name == "review_reason")
        return row.review_reason;
    if (name == "forward_state")
        return row.forward_state;
    if (name == "forward_batch")
        return std::to_string(row.forward_batch);
    if (name == "listing_id")
        return row.listing_id;
    FAIL("unknown column " << name);
    return {};
}

// What the applicant sees at the terminal for a receipt: "state|reason".
inline std::string progress(Terminal& terminal, const std::string& receipt) {
    auto store = terminal.open_store();
    auto number = ReceiptNumber::parse(receipt);
    REQUIRE(number.ok());
    auto record = store.progress(number.value());
    REQUIRE(record.ok());
    if (!record->has_value())
        return "unknown";
    return std::string(progress_state_code((**record).state)) + "|" + (**record).reason;
}

}  // namespace jiebang::backoffice::test

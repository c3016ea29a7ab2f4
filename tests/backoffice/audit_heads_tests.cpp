// tests/backoffice/audit_heads_tests.cpp — the audit head exchange (docs/backoffice.md section 3,
// docs/protocol.md 5.11) with real processes: a terminal's agent, a county jiebang-aggregator with its
// upstream and a city jiebang-aggregator on loopback. The county reports the head of its audit trail; the
// city keeps it; a county store whose trail is then cut off or rewritten with fresh hashes passes the chain
// check alone (the chain cannot see it) but fails `jiebang audit verify --heads-from` naming the entry, and
// the city says so in its log as soon as the rewritten county reports again.
#include <doctest/doctest.h>

#include "backoffice_test_support.hpp"

using namespace jiebang;
using namespace jiebang::backoffice::test;

namespace {

struct Tiers {
    TempDir temp;
    Aggregator city{temp, "city", "city"};
    Aggregator county{temp, "county", "county"};
    Terminal terminal{temp, 41};

    Tiers() {
        REQUIRE(jiebang_cli({"terminal", "enroll", "--store", city.store(), "--id", "440703", "--kind",
                             "county", "--county", "440703", "--curve-key", county.keys().public_key})
                    .exit_code == 0);
        terminal.enroll(county);
        city.start();
        county.start({"--upstream", city.endpoint(), "--upstream-key", city.keys().public_key});
    }
    std::int64_t county_head() { return county.count("SELECT coalesce(max(sequence), 0) FROM audit"); }
    // Waits until the city keeps the county's current head.
    bool city_keeps_head(std::int64_t sequence) {
        return wait_until(
            [&] {
                return city.count(
                           "SELECT count(*) FROM audit_heads WHERE node_id = '440703' AND sequence = " +
                           std::to_string(sequence)) > 0;
            },
            60);
    }
    jiebang::test::ProcessResult verify_with_heads() {
        return jiebang_cli({"audit", "verify", "--store", county.store(), "--heads-from", city.store(),
                            "--county", "440703"});
    }
};

// Rewrites the county's trail from entry `from` on, as someone with the file would: every hash recomputed,
// so the chain alone is consistent again.
void rewrite_from(const std::filesystem::path& store_file, std::int64_t from, const std::string& new_reason) {
    auto store = sync::AggregatorStore::open(store_file);
    REQUIRE(store.ok());
    auto entries = store->audit_entries(0, 0);
    REQUIRE(entries.ok());
    std::string previous_hash(audit::genesis_hash);
    std::int64_t previous_sequence = 0;
    for (audit::AuditEntry entry : entries.value()) {
        if (entry.sequence >= from) {
            if (entry.sequence == from)
                entry.reason = new_reason;
            audit::seal(entry, previous_sequence, previous_hash);
            REQUIRE(store->database()
                        .execute(
                            "UPDATE audit SET reason = ?1, previous_hash = ?2, hash = ?3 WHERE sequence = ?4",
                            entry.reason, entry.previous_hash, entry.hash, entry.sequence)
                        .ok());
        }
        previous_sequence = entry.sequence;
        previous_hash = entry.hash;
    }
}

}  // namespace

TEST_CASE("audit heads: the city keeps the county's head - a county trail cut off later fails the check") {
    Tiers tiers;
    const std::string receipt =
        tiers.terminal.commit(Terminal::demand("精密减速器寿命提升")).receipt.number.text();
    tiers.terminal.start_agent(tiers.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return tiers.county.count("SELECT count(*) FROM submissions") == 1; }, 60),
        tiers.county.log());
    REQUIRE(jiebang_cli({"submissions", "accept", "--store", tiers.county.store(), receipt}).exit_code == 0);
    const std::int64_t head = tiers.county_head();
    REQUIRE(head >= 2);  // the terminal's enrolment and the accept
    REQUIRE_MESSAGE(tiers.city_keeps_head(head), tiers.county.log() << tiers.city.log());
    // Kept once: the county does not send a head the city already has.
    CHECK(tiers.city.count("SELECT count(*) FROM audit_heads WHERE sequence = " + std::to_string(head)) == 1);

    auto intact = tiers.verify_with_heads();
    CHECK(intact.exit_code == 0);
    CHECK(intact.out.find("heads of 440703 match") != std::string::npos);

    // Someone with the county's file deletes the newest entry (the accept): the chain alone cannot tell.
    REQUIRE(tiers.county.process().stop() == 0);
    {
        auto store = sync::AggregatorStore::open(tiers.county.store_file());
        REQUIRE(store.ok());
        REQUIRE(store->database().execute("DELETE FROM audit WHERE sequence = ?1", head).ok());
    }
    CHECK(jiebang_cli({"audit", "verify", "--store", tiers.county.store()}).exit_code == 0);
    auto cut = tiers.verify_with_heads();
    CHECK(cut.exit_code == 1);
    CHECK(cut.error.find("audit.broken") != std::string::npos);
    CHECK(cut.error.find("sequence " + std::to_string(head)) != std::string::npos);
    CHECK(cut.error.find("missing") != std::string::npos);
}

TEST_CASE(
    "audit heads: a county trail rewritten with fresh hashes fails the check, and the city notices it") {
    Tiers tiers;
    const std::string receipt =
        tiers.terminal.commit(Terminal::demand("陶瓷基板激光切割")).receipt.number.text();
    tiers.terminal.start_agent(tiers.county);
    REQUIRE_MESSAGE(
        wait_until([&] { return tiers.county.count("SELECT count(*) FROM submissions") == 1; }, 60),
        tiers.county.log());
    REQUIRE(jiebang_cli(
                {"submissions", "return", "--store", tiers.county.store(), receipt, "--reason", "请补充预算"})
                .exit_code == 0);
    const std::int64_t head = tiers.county_head();
    REQUIRE_MESSAGE(tiers.city_keeps_head(head), tiers.county.log() << tiers.city.log());

    // The return's reason is changed and every hash from there on recomputed: a consistent chain.
    REQUIRE(tiers.county.process().stop() == 0);
    rewrite_from(tiers.county.store_file(), head, "已受理");
    CHECK(jiebang_cli({"audit", "verify", "--store", tiers.county.store()}).exit_code == 0);
    auto rewritten = tiers.verify_with_heads();
    CHECK(rewritten.exit_code == 1);
    CHECK(rewritten.error.find("sequence " + std::to_string(head)) != std::string::npos);
    CHECK(rewritten.error.find("rewritten") != std::string::npos);

    // The rewritten county comes back: its head (same entry, new hash) differs from what it recorded the
    // city kept, so it reports it; the city keeps it too and says at once that the entry changed its hash.
    tiers.county.start({"--upstream", tiers.city.endpoint(), "--upstream-key", tiers.city.keys().public_key});
    REQUIRE_MESSAGE(
        wait_until(
            [&] {
                return tiers.city.log().find("audit head of 440703: its trail entry " + std::to_string(head) +
                                             " has another hash than before") != std::string::npos;
            },
            60),
        tiers.city.log());
    CHECK(tiers.city.count("SELECT count(DISTINCT hash) FROM audit_heads WHERE sequence = " +
                           std::to_string(head)) == 2);
}

TEST_CASE("audit heads: only a city keeps them - a terminal's AUDIT-HEAD to its county is NOT_ALLOWED") {
    TempDir temp;
    Aggregator county(temp, "county", "county");
    Terminal terminal(temp, 41);
    terminal.enroll(county);
    county.start();
    sync::ZmqContext context;
    sync::test::RawClient client(context, terminal.curve(), county);
    auto reply = client.request(
        sync::AuditHead{1, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1795000300});
    REQUIRE(reply.has_value());
    REQUIRE(std::holds_alternative<sync::ErrorReply>(reply->body));
    CHECK(std::get<sync::ErrorReply>(reply->body).error == sync::WireError::NotAllowed);
    CHECK(county.count("SELECT count(*) FROM audit_heads") == 0);
}

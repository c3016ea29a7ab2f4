// tests/core/test_crash_safety.cpp — a terminal killed with SIGKILL in the middle of filing keeps every
// receipt it showed. A real child process (tests/core/programs/commit_loop.cpp) commits submissions in a
// loop and reports each committed receipt through a pipe; the parent kills it at a random moment (after a
// random number of reports, while it is mid-way through the next commit), then reopens the database and
// checks: integrity ok, every reported receipt present with its signed hash, every submission has exactly
// one outbox row, receipt sequences unique and without gaps, and the day's counter never reused.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>
#include <set>

#include "shared/store/terminal_store.hpp"
#include "store_test_support.hpp"

using namespace jiebang;
namespace support = jiebang::test_support;

namespace {

struct ChildRun {
    std::vector<std::pair<std::string, std::string>> reported;  // receipt number, submission id
    bool killed = false;
    std::string failure;
};

// Runs the commit loop, reads `reports_before_kill` complete lines, then SIGKILLs it.
ChildRun run_and_kill(const std::filesystem::path& database, const std::filesystem::path& key_file,
                      int local_date, int reports_before_kill) {
    ChildRun run;
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(pipe_ends[1], STDOUT_FILENO);
        ::close(pipe_ends[0]);
        ::close(pipe_ends[1]);
        const std::string date = std::to_string(local_date);
        ::execl(JIEBANG_COMMIT_LOOP_PROGRAM, JIEBANG_COMMIT_LOOP_PROGRAM, database.c_str(), key_file.c_str(),
                date.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(pipe_ends[1]);
    std::string pending;
    char buffer[4096];
    while (static_cast<int>(run.reported.size()) < reports_before_kill) {
        const ssize_t count = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (count <= 0)
            break;  // the child died on its own
        pending.append(buffer, static_cast<std::size_t>(count));
        std::size_t newline;
        while ((newline = pending.find('\n')) != std::string::npos) {
            const std::string line = pending.substr(0, newline);
            pending.erase(0, newline + 1);
            const auto space = line.find(' ');
            run.reported.emplace_back(line.substr(0, space), line.substr(space + 1));
        }
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    // Lines written before the kill but not yet read are committed receipts too.
    while (true) {
        const ssize_t count = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (count <= 0)
            break;
        pending.append(buffer, static_cast<std::size_t>(count));
    }
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
        const std::string line = pending.substr(0, newline);
        pending.erase(0, newline + 1);
        const auto space = line.find(' ');
        run.reported.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    ::close(pipe_ends[0]);
    run.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (!run.killed)
        run.failure = "the commit loop exited by itself with status " + std::to_string(status);
    return run;
}

}  // namespace

// checks terminal_store.hpp invariants 1 and 2
TEST_CASE("SIGKILL during commits loses no reported receipt and leaves a consistent database") {
    support::TemporaryDirectory directory;
    const auto database = directory / "terminal.db";
    const auto key_file = directory / "terminal.key";
    const SigningKey key = SigningKey::generate();
    REQUIRE(key.save(key_file).ok());
    const int local_date = 20261122;

    std::random_device seed_source;
    const unsigned seed = seed_source();
    CAPTURE(seed);
    std::mt19937 random(seed);
    std::map<std::string, std::string> all_reported;  // receipt number -> submission id

    for (int round = 0; round < 10; ++round) {
        const int reports = 1 + static_cast<int>(random() % 80);
        ChildRun run = run_and_kill(database, key_file, local_date, reports);
        CAPTURE(round);
        REQUIRE_MESSAGE(run.killed, run.failure);
        REQUIRE(static_cast<int>(run.reported.size()) >= reports);
        for (const auto& [number, id] : run.reported) {
            CHECK_MESSAGE(all_reported.emplace(number, id).second,
                          "receipt number reported twice: " << number);
        }

        auto store = store::TerminalStore::open(database);  // runs quick_check
        REQUIRE_MESSAGE(store.ok(), store.error().code << " " << store.error().detail);
        auto& db = store->database();
        {
            auto integrity = db.prepare("PRAGMA integrity_check");
            REQUIRE(integrity.ok());
            REQUIRE(integrity->step().value());
            CHECK(integrity->column_text(0) == "ok");
        }
        // Every receipt a person was shown is there, with a hash over its stored content and a valid
        // signature.
        for (const auto& [number_text, id] : all_reported) {
            auto number = ReceiptNumber::parse(number_text);
            REQUIRE(number.ok());
            auto committed = store->committed_submission(id);
            REQUIRE(committed.ok());
            REQUIRE_MESSAGE(committed->has_value(), "lost receipt " << number_text);
            const store::CommittedSubmission& found = **committed;
            CHECK(found.receipt.number.text() == number_text);
            CHECK(content_hash(found.submission) == found.receipt.content_hash);
            CHECK(verify_receipt(found.receipt, key.public_key).ok());
        }
        // Outbox and submissions agree one to one; sequences are 1..N without gaps or repeats; the day's
        // counter equals N, so the next number is new.
        auto count_of = [&](const char* sql) {
            auto statement = db.prepare(sql);
            REQUIRE(statement.ok());
            REQUIRE(statement->step().value());
            return statement->column_int(0);
        };
        const auto submissions = count_of("SELECT count(*) FROM submissions");
        CHECK(submissions >= static_cast<std::int64_t>(all_reported.size()));
        CHECK(count_of("SELECT count(*) FROM outbox") == submissions);
        CHECK(count_of("SELECT count(*) FROM submissions s LEFT JOIN outbox o ON o.submission_id = s.id "
                       "WHERE o.submission_id IS NULL") == 0);
        CHECK(count_of("SELECT count(DISTINCT receipt_number) FROM submissions") == submissions);
        CHECK(count_of("SELECT count(DISTINCT sequence) FROM submissions") == submissions);
        CHECK(count_of("SELECT coalesce(max(sequence), 0) FROM submissions") == submissions);
        CHECK(count_of("SELECT coalesce(min(sequence), 0) FROM submissions") == 1);
        CHECK(count_of("SELECT last_sequence FROM receipt_sequence WHERE local_date = 20261122") ==
              submissions);
        auto counts = store->outbox_counts();
        REQUIRE(counts.ok());
        CHECK(counts->pending == submissions);
    }
    CHECK(all_reported.size() >= 5);
}

// bench/sync/staff_channel_bench.cpp — the staff channel (docs/protocol.md 17) on a county store of 100,000
// submissions: p50/p95 of each request over CURVE on loopback against a real jiebang-aggregator, reported
// next to baselines measured in the same run:
//   - WHOAMI: the channel's round trip alone (CURVE, ZAP-admitted session, one staff-record read);
//   - the free-text search of the same substring done the naive way (LIKE over the submissions table,
//     which holds each submission's content) on the same file, for the FTS5 trigram index's ratio;
//   - a feed replay of the first tenth, for the linearity of the full replay.
// Usage: staff_channel_bench [--rows N] [--samples N] [--out FILE] [--insert-study 1]   (defaults 100000 and
// 200; --out appends the Markdown table to FILE; --insert-study 1 measures only the search tables' cost on
// inserts). JIEBANG_BENCH_KEEP=1 keeps the temp folder.
// Invariant: runs only on loopback and in a temporary folder, which it removes.
// Index: [SECTION] Helpers  [SECTION] Store  [SECTION] Measures  [SECTION] Main
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "shared/staff/staff_key_file.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/staff_channel/staff_client.hpp"
#include "sync/transport/zmq_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using Clock = std::chrono::steady_clock;

namespace {

// [SECTION] Helpers
struct Percentiles {
    double p50 = 0;
    double p95 = 0;
};

Percentiles percentiles(std::vector<double> milliseconds) {
    std::sort(milliseconds.begin(), milliseconds.end());
    auto at = [&](double fraction) {
        const std::size_t index =
            std::min(milliseconds.size() - 1, static_cast<std::size_t>(fraction * milliseconds.size()));
        return milliseconds[index];
    };
    return {at(0.5), at(0.95)};
}

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string format(double value, int decimals = 2) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

pid_t spawn(const std::vector<std::string>& arguments, const std::filesystem::path& log) {
    const pid_t pid = fork();
    if (pid == 0) {
        FILE* out = std::freopen(log.c_str(), "w", stderr);
        (void)out;
        std::vector<char*> argv;
        for (const std::string& argument : arguments)
            argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

// [SECTION] Store
// Titles, units and industries drawn from small vocabularies, so that substrings recur as in a real county.
const std::vector<std::string> title_parts = {
    "高精度", "伺服", "系统", "温漂", "补偿", "陶瓷", "基板",   "激光", "切割",   "减速器", "寿命", "提升",
    "国产化", "电机", "控制", "算法", "视觉", "检测", "新能源", "电池", "热管理", "涂层",   "工艺", "优化"};
const std::vector<std::string> unit_parts = {"江门市", "蓬江区", "示例", "智能",   "装备", "精密",
                                             "电子",   "材料",   "科技", "新能源", "机械", "制造"};
const std::vector<std::string> industries = {"high_end_equipment", "new_materials", "electronics",
                                             "new_energy"};
const std::vector<std::string> states = {"received", "received", "received",
                                         "accepted", "returned", "rejected"};

// What the inserts maintain besides the submissions table: everything migration 7 adds (the store as it
// is), the narrow table alone (no text index), or nothing (the baseline: ingest before migration 7).
enum class SearchTables { All, NarrowOnly, None };

Status populate(const std::filesystem::path& file, int rows, SearchTables tables = SearchTables::All,
                bool inserts_only = false, int per_transaction = 5000) {
    auto store = AggregatorStore::open(file);
    if (!store)
        return store.error();
    JIEBANG_TRY(store->set_setting("role", "county"));
    if (const char* cache = std::getenv("JIEBANG_BENCH_CACHE_PRAGMA"); cache != nullptr)
        JIEBANG_TRY(store->database().execute(cache));
    if (tables != SearchTables::All) {
        JIEBANG_TRY(store->database().execute(
            "DROP TRIGGER submission_search_insert; DROP TRIGGER submission_search_update; "
            "DROP TRIGGER submission_text_update; DROP TRIGGER submission_search_delete"));
    }
    if (tables == SearchTables::NarrowOnly) {
        JIEBANG_TRY(store->database().execute(
            "CREATE TRIGGER narrow_only AFTER INSERT ON submissions BEGIN INSERT INTO submission_search "
            "(sequence, kind, county_admin_code, via_node, review_state, review_stage, forward_state, "
            "forward_batch, industry_id, listing_id, received_at) VALUES "
            "(new.sequence, new.kind, new.county_admin_code, new.via_node, new.review_state, "
            "new.review_stage, "
            "new.forward_state, new.forward_batch, new.industry_id, new.listing_id, new.received_at); END"));
    }
    std::mt19937 random(20261122);
    const std::string filler(1400, 'x');  // a content of a realistic size (the canonical JSON of a demand)
    for (int first = 0; first < rows; first += per_transaction) {
        auto transaction = store::Transaction::begin(store->database());
        if (!transaction)
            return transaction.error();
        for (int index = first; index < std::min(rows, first + per_transaction); ++index) {
            StoredSubmission submission;
            char id[40];
            std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", index);
            submission.submission_id = id;
            submission.kind = index % 5 == 4 ? "bid" : "demand";
            char receipt[40];
            std::snprintf(receipt, sizeof receipt, "JM-03-%03d-2026%04d-%04d-X", 1 + index % 40,
                          1101 + (index / 9999) % 28, 1 + index % 9999);
            submission.receipt_number = receipt;
            submission.canonical_content = "{\"filler\":\"" + filler + "\"}";
            submission.origin_signing_key = "key";
            char terminal[16];
            std::snprintf(terminal, sizeof terminal, "440703-%03d", 1 + index % 40);
            submission.via_node = terminal;
            submission.county_admin_code = "440703";
            submission.received_at = 1790000000 + index * 60;
            submission.project_name =
                title_parts[random() % title_parts.size()] + title_parts[random() % title_parts.size()] +
                title_parts[random() % title_parts.size()] + title_parts[random() % title_parts.size()];
            submission.unit_name = unit_parts[random() % unit_parts.size()] +
                                   unit_parts[random() % unit_parts.size()] +
                                   unit_parts[random() % unit_parts.size()] + "有限公司";
            submission.unit_uscc = "914407" + std::to_string(100000000000ULL + random() % 899999999999ULL);
            submission.industry_id = industries[random() % industries.size()];
            submission.review_state = states[random() % states.size()];
            if (index % 13 == 0)
                submission.flags = "uscc_other_county";  // about one in thirteen, as the field sees them
            if (submission.kind == "bid")
                submission.listing_id = "JM-2026-" + std::to_string(1 + index % 300);
            auto inserted = store->insert_submission(submission, nullptr);
            if (!inserted)
                return inserted.error();
        }
        JIEBANG_TRY(transaction->commit());
    }
    if (tables != SearchTables::All || inserts_only)
        return ok_status();  // the insert cost alone
    // review_stage follows review_state for the states used here.
    return store->database().execute("UPDATE submissions SET review_stage = review_state");
}

// [SECTION] Measures
template <class Request>
Percentiles measure(int samples, Request request) {
    std::vector<double> times;
    for (int index = 0; index < samples; ++index) {
        const auto start = Clock::now();
        if (!request(index)) {
            std::cerr << "a request failed\n";
            std::exit(1);
        }
        times.push_back(milliseconds_since(start));
    }
    return percentiles(times);
}

// A query with some fields set.
staff::SubmissionQuery query_with(const std::function<void(staff::SubmissionQuery&)>& set) {
    staff::SubmissionQuery query;
    set(query);
    return query;
}

template <class T>
bool succeeded(staff::Pending<T> pending, const char* what) {
    auto result = pending.get();
    if (!result)
        std::cerr << what << ": " << result.error().code << " " << result.error().field << "\n";
    return result.ok();
}

}  // namespace

// [SECTION] Main
int main(int argc, char** argv) {
    int rows = 100000;
    int samples = 200;
    bool insert_study_only = false;
    std::string out;
    for (int index = 1; index + 1 < argc; index += 2) {
        const std::string option = argv[index];
        if (option == "--rows")
            rows = std::stoi(argv[index + 1]);
        else if (option == "--samples")
            samples = std::stoi(argv[index + 1]);
        else if (option == "--out")
            out = argv[index + 1];
        else if (option == "--insert-study")
            insert_study_only = std::stoi(argv[index + 1]) != 0;
    }
    const std::filesystem::path temp =
        std::filesystem::temp_directory_path() / ("jiebang-staff-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(temp / "county");
    const auto store_file = temp / "county" / "aggregator.sqlite";

    auto started = Clock::now();
    // The search tables' cost on ingest: the same inserts in transactions of 1024 (the aggregator's group
    // commit) with everything, with the narrow table only, and with nothing (the baseline); interleaved
    // twice, the faster of each kept.
    const int sample_rows = std::min(rows, 20000);
    double insert_milliseconds[3] = {1e18, 1e18, 1e18};
    for (int round = 0; round < 2; ++round) {
        for (int variant = 0; variant < 3; ++variant) {
            if (const char* only = std::getenv("JIEBANG_BENCH_VARIANT");
                only != nullptr && std::atoi(only) != variant)
                continue;
            const auto file =
                temp / ("insert-" + std::to_string(round) + "-" + std::to_string(variant) + ".sqlite");
            started = Clock::now();
            if (auto populated = populate(file, sample_rows, static_cast<SearchTables>(variant), true, 1024);
                !populated) {
                std::cerr << "insert study: " << populated.error().code << "\n";
                return 1;
            }
            insert_milliseconds[variant] =
                std::min(insert_milliseconds[variant], milliseconds_since(started));
        }
    }
    if (insert_study_only) {
        for (int variant = 0; variant < 3; ++variant)
            std::cout << "variant " << variant << ": "
                      << format(1000 * insert_milliseconds[variant] / std::min(rows, 20000), 1)
                      << " us per row\n";
        std::filesystem::remove_all(temp);
        return 0;
    }
    started = Clock::now();
    if (auto populated = populate(store_file, rows); !populated) {
        std::cerr << "populate: " << populated.error().code << " " << populated.error().detail << "\n";
        return 1;
    }
    const double populate_seconds = milliseconds_since(started) / 1000;

    // A reviewer with a sealed key file, enrolled on the store as the host's administrator would.
    const backoffice::CurveKeyPairText keys = backoffice::generate_curve_key_pair();
    {
        auto store = AggregatorStore::open(store_file);
        if (!store ||
            !store->add_staff("李明", backoffice::Role::Reviewer, keys.public_key, ActingStaff{}, 1)) {
            std::cerr << "cannot add staff\n";
            return 1;
        }
    }
    auto server_keys = CurveKeyPair::load_or_create(temp / "county" / "curve.key");
    if (!server_keys)
        return 1;
    const std::string aggregator = std::string(JIEBANG_BINARY_DIR) + "/sync/jiebang-aggregator";
    const pid_t pid =
        spawn({aggregator, "--data-dir", (temp / "county").string(), "--listen", "tcp://127.0.0.1:*",
               "--staff-listen", "tcp://127.0.0.1:*", "--area-code", "440703"},
              temp / "aggregator.log");
    const auto endpoint_file = temp / "county" / "staff-listening.endpoint";
    for (int waited = 0; waited < 600 && !std::filesystem::exists(endpoint_file); ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string endpoint;
    std::ifstream(endpoint_file) >> endpoint;
    staff::StaffConnectionSettings settings{endpoint, server_keys->public_key, 30000, 5000};
    auto client = staff::StaffClient::open_with_keys(settings, keys.public_key, keys.secret_key);
    if (!client || endpoint.empty()) {
        std::cerr << "cannot connect to " << endpoint << "\n";
        kill(pid, SIGTERM);
        return 1;
    }
    auto& staff_client = *client.value();
    (void)staff_client.whoami().get();  // handshake

    std::mt19937 random(7);
    struct Row {
        std::string what;
        Percentiles result;
        std::string note;
    };
    std::vector<Row> table;
    const Percentiles whoami =
        measure(samples, [&](int) { return succeeded(staff_client.whoami(), "whoami"); });
    table.push_back({"WHOAMI (baseline: the channel's round trip)", whoami, ""});
    auto search = [&](const char* what, staff::SubmissionQuery query, bool random_depth = false) {
        const Percentiles result = measure(samples, [&](int) {
            if (random_depth)
                query.after = 1 + static_cast<std::int64_t>(random() % static_cast<unsigned>(rows));
            return succeeded(staff_client.search(query), what);
        });
        table.push_back({what, result, format(result.p95 / whoami.p95, 1) + " × baseline p95"});
        return result;
    };
    staff::SubmissionQuery first_page;
    search("SEARCH, first page of 50, no filter (with total)", first_page);
    search("SEARCH, a page at a random depth, newest first", query_with([](staff::SubmissionQuery& query) {
               query.newest_first = true;
               query.page_size = 50;
           }),
           true);
    search("SEARCH, state returned + kind demand", query_with([](staff::SubmissionQuery& query) {
               query.state = "returned";
               query.kind = staff::KindCode::Demand;
           }));
    search("SEARCH, industry + received in a 30-day range", query_with([](staff::SubmissionQuery& query) {
               query.industry = "new_energy";
               query.received_from = 1791000000;
               query.received_until = 1793592000;
           }));
    const Percentiles trigram =
        search("SEARCH, free text 4 characters (温漂补偿, FTS5 trigram)",
               query_with([](staff::SubmissionQuery& query) { query.text = "温漂补偿"; }));
    search("SEARCH, free text 2 characters (伺服, trigram terms starting with it)",
           query_with([](staff::SubmissionQuery& query) { query.text = "伺服"; }));
    search("SEARCH, free text 2 characters + state received", query_with([](staff::SubmissionQuery& query) {
               query.text = "伺服";
               query.state = "received";
           }));
    search("SEARCH, free text matching nothing (不存在的词)",
           query_with([](staff::SubmissionQuery& query) { query.text = "不存在的词"; }));

    // SORTED-SEARCH (docs/protocol.md 17.2): a column's order, keyset pages, the flag filter. A page at a
    // random depth starts after a real row's (key, sequence), read from the store beforehand.
    std::vector<std::pair<std::string, std::int64_t>> title_cursors;
    {
        auto store = AggregatorStore::open(store_file);
        for (int index = 0; store && index < samples; ++index) {
            const auto sequence = 1 + static_cast<std::int64_t>(random() % static_cast<unsigned>(rows));
            auto title = store->database().query_row(
                "SELECT title FROM submission_search WHERE sequence = ?1",
                [](const store::Statement& row) { return row.column_text(0); }, sequence);
            if (title && title->has_value())
                title_cursors.emplace_back(**title, sequence);
        }
    }
    auto sorted_search = [&](const char* what, staff::SortedQuery sorted, bool random_depth = false) {
        const Percentiles result = measure(samples, [&](int index) {
            if (random_depth && !title_cursors.empty()) {
                const auto& cursor = title_cursors[static_cast<std::size_t>(index) % title_cursors.size()];
                sorted.after_key = cursor.first;
                sorted.query.after = cursor.second;
            }
            return succeeded(staff_client.sorted_search(sorted), what);
        });
        table.push_back({what, result, format(result.p95 / whoami.p95, 1) + " × baseline p95"});
    };
    auto sorted_with = [](staff::SortCode sort, bool descending, std::uint8_t flag_kinds,
                          const std::function<void(staff::SubmissionQuery&)>& set) {
        staff::SortedQuery sorted;
        sorted.sort = sort;
        sorted.flag_kinds = flag_kinds;
        sorted.query.newest_first = descending;
        sorted.query.page_size = 200;
        set(sorted.query);
        return sorted;
    };
    const auto no_filter = [](staff::SubmissionQuery&) {};
    sorted_search("SORTED-SEARCH by title, first page of 200 (with total)",
                  sorted_with(staff::SortCode::Title, false, 0, no_filter));
    sorted_search("SORTED-SEARCH by title, a page at a random depth (keyset)",
                  sorted_with(staff::SortCode::Title, false, 0, no_filter), true);
    sorted_search("SORTED-SEARCH by stage descending, first page of 200",
                  sorted_with(staff::SortCode::Stage, true, 0, no_filter));
    sorted_search("SORTED-SEARCH by unit, possible duplicates only",
                  sorted_with(staff::SortCode::Unit, false, staff::FlagDuplicate, no_filter));
    sorted_search("SORTED-SEARCH by county, USCC flags + state received",
                  sorted_with(staff::SortCode::County, false, staff::FlagUscc,
                              [](staff::SubmissionQuery& query) { query.state = "received"; }));
    sorted_search("SORTED-SEARCH by title, free text 2 characters (伺服)",
                  sorted_with(staff::SortCode::Title, false, 0,
                              [](staff::SubmissionQuery& query) { query.text = "伺服"; }));

    // The naive text search on the same file, in this process: LIKE over the submissions table.
    Percentiles naive;
    {
        auto store = AggregatorStore::open(store_file);
        naive = measure(std::max(10, samples / 10), [&](int) {
            auto count = store->database().query_int(
                "SELECT count(*) FROM submissions WHERE project_name LIKE ?1 OR unit_name LIKE ?1 OR "
                "unit_uscc "
                "LIKE ?1",
                std::string("%温漂补偿%"));
            auto page = store->database().query_int(
                "SELECT count(*) FROM (SELECT sequence FROM submissions WHERE project_name LIKE ?1 OR "
                "unit_name "
                "LIKE ?1 OR unit_uscc LIKE ?1 ORDER BY sequence LIMIT 50)",
                std::string("%温漂补偿%"));
            return count.ok() && page.ok();
        });
    }
    table.push_back({"naive LIKE over submissions, same text, in-process (baseline)", naive,
                     "trigram SEARCH p95 = " + format(trigram.p95 / naive.p95, 3) + " × this"});

    const Percentiles open = measure(samples, [&](int) {
        char receipt[40];
        const int index = static_cast<int>(random() % static_cast<unsigned>(rows));
        std::snprintf(receipt, sizeof receipt, "JM-03-%03d-2026%04d-%04d-X", 1 + index % 40,
                      1101 + (index / 9999) % 28, 1 + index % 9999);
        return succeeded(staff_client.open_submission(receipt), "open");
    });
    table.push_back({"OPEN one by receipt number (audited read)", open,
                     format(open.p95 / whoami.p95, 1) + " × baseline p95"});
    int next_received = 0;
    const Percentiles act = measure(samples, [&](int) {
        // The next item still in received (the population has plenty).
        for (;; ++next_received) {
            if (states[static_cast<std::size_t>(next_received) % states.size()] == "received")
                break;
        }
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", next_received++);
        auto acted = staff_client.act(staff::Act{id, staff::ActCode::Accept, ""}).get();
        return acted.ok() ||
               acted.error().code == "review.transition";  // already decided: still a full request
    });
    table.push_back({"ACT accept (state machine, feed, status, audit, fsync)", act,
                     format(act.p95 / whoami.p95, 1) + " × baseline p95"});
    const Percentiles feed = measure(samples, [&](int) {
        return succeeded(
            staff_client.feed(static_cast<std::int64_t>(random() % static_cast<unsigned>(rows)), 100),
            "feed");
    });
    table.push_back({"FEED, 100 events from a random sequence", feed,
                     format(feed.p95 / whoami.p95, 1) + " × baseline p95"});

    // Replay: the whole feed in pages of 1000, against its first tenth.
    auto replay = [&](std::int64_t until) {
        const auto start = Clock::now();
        std::int64_t after = 0;
        while (after < until) {
            auto page = staff_client.feed(after, 1000).get();
            if (!page || page->events.empty())
                break;
            after = page->events.back().sequence;
        }
        return milliseconds_since(start);
    };
    const double tenth = replay(rows / 10);
    const double whole = replay(rows);

    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);

    std::ostringstream report;
    report << "| request (" << rows << " submissions, " << samples
           << " samples) | p50 ms | p95 ms | note |\n";
    report << "|---|---|---|---|\n";
    for (const Row& row : table) {
        report << "| " << row.what << " | " << format(row.result.p50) << " | " << format(row.result.p95)
               << " | " << row.note << " |\n";
    }
    report << "| feed replay: first " << rows / 10 << " events / all " << rows << " (pages of 1000) | "
           << format(tenth, 0) << " | " << format(whole, 0)
           << " | whole / tenth = " << format(whole / tenth, 2) << " (linear: 10) |\n";
    const double per_row_all = 1000 * insert_milliseconds[0] / sample_rows;
    const double per_row_narrow = 1000 * insert_milliseconds[1] / sample_rows;
    const double per_row_none = 1000 * insert_milliseconds[2] / sample_rows;
    report << "| insert_submission, " << sample_rows
           << " in transactions of 1024, µs per row: all search tables / narrow table only | "
           << format(per_row_all, 0) << " | " << format(per_row_narrow, 0)
           << " | baseline without them: " << format(per_row_none, 0) << " µs; ratios "
           << format(per_row_all / per_row_none, 2) << " / " << format(per_row_narrow / per_row_none, 2)
           << " |\n";
    report << "\nStore of " << rows << " populated in " << format(populate_seconds, 1)
           << " s through insert_submission with the search triggers.\n";
    std::cout << report.str();
    if (!out.empty())
        std::ofstream(out, std::ios::app) << report.str();
    if (std::getenv("JIEBANG_BENCH_KEEP") == nullptr) {
        std::error_code ignored;
        std::filesystem::remove_all(temp, ignored);
    } else {
        std::cerr << "kept " << temp << "\n";
    }
    return 0;
}

// bench/sync/sync_bench.cpp — sync benchmarks, as ratios against raw limits measured in the same run:
//   1. raw ZeroMQ CURVE DEALER->ROUTER throughput (2 KB messages, one way, loopback)
//   2. raw SQLite inserts with synchronous=FULL in 1000-row transactions (2 KB rows)
//   3. jiebang-aggregator ingest: several CURVE clients, signed submissions, durable group-committed ACKs,
//      and the aggregator's CPU time per submission (from /proc, all its threads)
//   4. submit -> ACK latency p50/p99 (one client, one submission in flight)
//   5. time for jiebang-sync-agent to drain a 10,000-submission terminal backlog
//   6. aggregator resident memory with 1,000 terminals connected (CURVE handshake + HELLO each)
// Usage: sync_bench [--out FILE] [--quick] [--ingest-only]
//   writes a Markdown section (the table; notes below a marker line in FILE are kept); --quick uses small
//   counts; --ingest-only measures 1-3 and writes nothing.
//   JIEBANG_BENCH_AGGREGATOR_WRAPPER="valgrind --tool=callgrind --callgrind-out-file=/tmp/agg.%p" runs the
//   aggregator under that command (space-separated words), for profiling where perf is missing.
// Invariant: runs only on loopback and in a temporary folder, which it removes.
// Index:
//   [SECTION] 1. raw CURVE throughput
//   [SECTION] 2. raw SQLite FULL inserts
//   [SECTION] Aggregator fixtures
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zmq.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/command_line.hpp"
#include "shared/domain/submission.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/database.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::filesystem::path temp_root;

int free_port() {
    static int next = 0;
    return 25000 + (getpid() % 1000) * 7 + next++;
}

// The aggregator's command line, behind the optional wrapper command of JIEBANG_BENCH_AGGREGATOR_WRAPPER.
std::vector<std::string> wrapped(std::vector<std::string> arguments) {
    const char* wrapper = std::getenv("JIEBANG_BENCH_AGGREGATOR_WRAPPER");
    if (wrapper == nullptr)
        return arguments;
    std::vector<std::string> words;
    std::istringstream input(wrapper);
    for (std::string word; input >> word;)
        words.push_back(word);
    if (words.empty())
        return arguments;
    if (words[0].find('/') == std::string::npos)
        words[0] = "/usr/bin/" + words[0];
    words.insert(words.end(), arguments.begin(), arguments.end());
    return words;
}

pid_t spawn(const std::vector<std::string>& arguments, const std::filesystem::path& log) {
    pid_t pid = fork();
    if (pid == 0) {
        FILE* file = std::fopen(log.c_str(), "a");
        if (file != nullptr) {
            dup2(fileno(file), 1);
            dup2(fileno(file), 2);
        }
        std::vector<char*> argv;
        for (const auto& argument : arguments)
            argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return pid;
}

void stop(pid_t pid) {
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
}

long resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atol(line.c_str() + 6);
    }
    return 0;
}

// CPU seconds (user + system, all threads) a process has used so far, from /proc/PID/stat.
double cpu_seconds(pid_t pid) {
    std::ifstream input("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(input, text);
    const auto close = text.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int index = 3; fields >> field; ++index) {
        if (index == 14 || index == 15)
            ticks += std::atof(field.c_str());
        if (index == 15)
            break;
    }
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The hand-written reading of the figures below the marker line in the existing output file (marker
// included), kept when the table above it is measured again; empty when the file or the marker is missing.
std::string kept_notes(const std::filesystem::path& file) {
    static const std::string marker = "<!-- sync_bench keeps everything below this line -->";
    std::ifstream input(file);
    std::ostringstream buffer;
    buffer << input.rdbuf();
    const std::string text = buffer.str();
    const auto found = text.find(marker);
    return found == std::string::npos ? std::string() : "\n" + text.substr(found);
}

// [SECTION] 1. raw CURVE throughput
double raw_curve_throughput(int count) {
    ZmqContext context;
    auto server_keys = CurveKeyPair::generate().value();
    auto client_keys = CurveKeyPair::generate().value();
    ZmqSocket router(context, ZMQ_ROUTER);
    (void)router.set_int(ZMQ_CURVE_SERVER, 1);
    (void)router.set_text(ZMQ_CURVE_SECRETKEY, server_keys.secret_key);
    (void)router.set_int(ZMQ_RCVHWM, 0);
    const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
    (void)router.bind(endpoint);
    ZmqSocket dealer(context, ZMQ_DEALER);
    (void)dealer.set_text(ZMQ_CURVE_SERVERKEY, server_keys.public_key);
    (void)dealer.set_text(ZMQ_CURVE_PUBLICKEY, client_keys.public_key);
    (void)dealer.set_text(ZMQ_CURVE_SECRETKEY, client_keys.secret_key);
    (void)dealer.set_int(ZMQ_SNDHWM, 0);
    (void)dealer.connect(endpoint);
    const std::string payload(2048, 'x');
    (void)dealer.send_frames({"warmup"});
    (void)router.receive_frames(5000);
    const auto start = Clock::now();
    std::thread sender([&] {
        for (int index = 0; index < count; ++index)
            (void)dealer.send_frames({payload});
    });
    int received = 0;
    while (received < count) {
        auto frames = router.receive_frames(5000);
        if (!frames || frames->empty())
            break;
        ++received;
    }
    const double elapsed = seconds_since(start);
    sender.join();
    return received / elapsed;
}

// [SECTION] 2. raw SQLite FULL inserts
double raw_sqlite_rows_per_second(int count) {
    auto database = store::Database::open(
        temp_root / "raw.sqlite",
        {{1, "CREATE TABLE rows (id TEXT PRIMARY KEY, hash BLOB NOT NULL, content TEXT NOT NULL)"}},
        store::Durability::Full);
    if (!database)
        return 0;
    const std::string content(2048, 'y');
    const auto start = Clock::now();
    int written = 0;
    while (written < count) {
        auto transaction = store::Transaction::begin(database.value());
        auto statement = database->prepare("INSERT INTO rows (id, hash, content) VALUES (?1, ?2, ?3)");
        for (int index = 0; index < 1000 && written < count; ++index, ++written) {
            const std::string id = new_submission_id();
            statement->reset();
            statement->bind(1, id).bind_blob(2, id.data(), 32).bind(3, content);
            (void)statement->run();
        }
        (void)transaction->commit();
    }
    return written / seconds_since(start);
}

// [SECTION] Aggregator fixtures
struct SimulatedTerminal {
    std::string id;
    CurveKeyPair curve;
    SigningKey signing;
};

struct Prepared {
    std::vector<std::vector<std::string>> frames;  // one SUBMIT each
};

SimulatedTerminal make_terminal(int number) {
    char id[32];
    std::snprintf(id, sizeof id, "440703-%03d", number % 1000);
    return SimulatedTerminal{std::string(id) + (number >= 1000 ? "-" + std::to_string(number) : ""),
                             CurveKeyPair::generate().value(), SigningKey::generate()};
}

void enroll(const std::filesystem::path& store, const SimulatedTerminal& terminal) {
    std::ostringstream out, error;
    jiebang::cli::run_command_line(
        {"terminal", "enroll", "--store", store.string(), "--id", terminal.id, "--county", "440703",
         "--curve-key", terminal.curve.public_key, "--signing-key", terminal.signing.public_key_text()},
        out, error);
}

// A complete Jiangmen demand (the aggregator refuses content that breaks its form), about 1.5 KB encoded.
FieldValues demand_values(const std::string& project_name, char filler) {
    return {{"consent_personal_data", true},
            {"issuer_name", std::string("benchmark issuer")},
            {"issuer_uscc", std::string("91440703MA4U111142")},
            {"issuer_kind", std::string("enterprise")},
            {"last_year_revenue_wan", std::string("60000")},
            {"last_year_rnd_wan", std::string("6500")},
            {"contact_name", std::string("benchmark contact")},
            {"contact_mobile", std::string("13800138000")},
            {"contact_email", std::string("contact@example.com")},
            {"industry_field", std::string("smart_home_appliances")},
            {"sub_direction", std::string("benchmark direction")},
            {"project_name", project_name},
            {"technical_problem", std::string(500, filler)},
            {"technical_targets", std::string(400, filler)},
            {"budget_total_wan", std::string("500")},
            {"budget_solver_wan", std::string("300")},
            {"time_limit_months", std::string("24")},
            {"ip_ownership", std::string("shared")},
            {"mechanism", std::string("race")},
            {"expected_benefits", std::string(300, filler)},
            {"self_funding_commitment", true},
            {"credit_declaration", true}};
}

// The UTC calendar date of `seconds` as YYYYMMDD (receipt dates agree with created_at).
int date_number(std::int64_t seconds) {
    const std::time_t time = static_cast<std::time_t>(seconds);
    std::tm date{};
    gmtime_r(&time, &date);
    return (date.tm_year + 1900) * 10000 + (date.tm_mon + 1) * 100 + date.tm_mday;
}

std::int64_t now_seconds() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

Prepared prepare(const SimulatedTerminal& terminal, int count, int first_sequence) {
    Prepared prepared;
    const std::int64_t created_at = now_seconds();
    const int date = date_number(created_at);
    const int terminal_number = std::stoi(terminal.id.substr(7, 3));
    for (int index = 0; index < count; ++index) {
        Submission submission;
        submission.id = new_submission_id();
        submission.kind = SubmissionKind::Demand;
        submission.form_version = 1;
        submission.profile_id = "jiangmen";
        submission.terminal_id = terminal.id;
        submission.created_at = created_at;
        submission.values = demand_values("benchmark demand", 'p');
        const std::string canonical = canonical_encoding(submission);
        ReceiptNumber number{"JM",
                             "03",
                             terminal_number,
                             date / 10000,
                             date / 100 % 100,
                             date % 100,
                             (first_sequence + index) % 9999 + 1};
        Receipt receipt = sign_receipt(number, content_hash(submission), terminal.signing);
        Submit submit;
        submit.submission_id = submission.id;
        submit.content_hash = receipt.content_hash;
        submit.signature = receipt.signature;
        submit.receipt_number = number.text();
        submit.canonical_content = canonical;
        prepared.frames.push_back(encode(Message{static_cast<std::uint64_t>(index + 1), submit}).value());
    }
    return prepared;
}

// Sends every prepared SUBMIT with at most `window` unanswered; returns ACK latencies (seconds) when window
// is 1.
std::vector<double> run_client(ZmqContext& context, const SimulatedTerminal& terminal,
                               const std::string& server_key, const std::string& endpoint,
                               const Prepared& prepared, int window, int* acked) {
    ZmqSocket socket(context, ZMQ_DEALER);
    (void)configure_client(socket, terminal.curve, server_key, 5000);
    (void)socket.set_int(ZMQ_SNDHWM, 0);
    (void)socket.connect(endpoint);
    std::vector<double> latencies;
    std::map<std::uint64_t, Clock::time_point> in_flight;
    std::size_t next = 0;
    *acked = 0;
    while (*acked < static_cast<int>(prepared.frames.size())) {
        while (next < prepared.frames.size() && static_cast<int>(in_flight.size()) < window) {
            if (!socket.send_frames(prepared.frames[next]).ok())
                break;
            in_flight[next + 1] = Clock::now();
            ++next;
        }
        auto frames = socket.receive_frames(10000);
        if (!frames || frames->empty())
            break;
        std::vector<std::string_view> views(frames->begin(), frames->end());
        auto message = decode(views);
        if (!message)
            continue;
        auto found = in_flight.find(message->correlation_id);
        if (found == in_flight.end())
            continue;
        if (window == 1)
            latencies.push_back(seconds_since(found->second));
        in_flight.erase(found);
        if (std::holds_alternative<Ack>(message->body))
            ++*acked;
    }
    return latencies;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out_file = "docs/benchmarks-sync.md";
    bool quick = false;
    bool ingest_only = false;
    for (int index = 1; index < argc; ++index) {
        const std::string argument = argv[index];
        if (argument == "--out" && index + 1 < argc)
            out_file = argv[++index];
        if (argument == "--quick")
            quick = true;
        if (argument == "--ingest-only")
            ingest_only = true;
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    temp_root = std::filesystem::temp_directory_path() / ("jiebang-sync-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(temp_root);
    const std::string aggregator_binary = std::string(JIEBANG_BINARY_DIR) + "/sync/jiebang-aggregator";
    const std::string agent_binary = std::string(JIEBANG_BINARY_DIR) + "/sync/jiebang-sync-agent";

    const int raw_count = quick ? 20000 : 100000;
    const double curve_rate = raw_curve_throughput(raw_count);
    std::cerr << "raw CURVE: " << curve_rate << " msg/s\n";
    const double sqlite_rate = raw_sqlite_rows_per_second(quick ? 5000 : 50000);
    std::cerr << "raw SQLite FULL batched: " << sqlite_rate << " rows/s\n";
    const double raw_limit = std::min(curve_rate, sqlite_rate);

    // Aggregator with enrolled simulated terminals.
    const std::filesystem::path data_dir = temp_root / "aggregator";
    std::filesystem::create_directories(data_dir);
    auto server_keys = CurveKeyPair::load_or_create(data_dir / "curve.key").value();
    (void)AggregatorStore::open(data_dir / "aggregator.sqlite");
    const int client_count = 8;
    std::vector<SimulatedTerminal> terminals;
    for (int number = 1; number <= client_count + 1; ++number) {
        terminals.push_back(make_terminal(number));
        enroll(data_dir / "aggregator.sqlite", terminals.back());
    }
    const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
    pid_t aggregator =
        spawn(wrapped({aggregator_binary, "--data-dir", data_dir.string(), "--listen", endpoint}),
              temp_root / "aggregator.log");
    const bool under_wrapper = std::getenv("JIEBANG_BENCH_AGGREGATOR_WRAPPER") != nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(under_wrapper ? 3000 : 500));

    // 3. ingest
    const int per_client = quick ? 1000 : 5000;
    std::vector<Prepared> prepared;
    for (int index = 0; index < client_count; ++index)
        prepared.push_back(prepare(terminals[index], per_client, 0));
    ZmqContext context;
    std::vector<int> acked(client_count, 0);
    const auto ingest_start = Clock::now();
    const double aggregator_cpu_before = cpu_seconds(aggregator);
    {
        std::vector<std::thread> threads;
        for (int index = 0; index < client_count; ++index) {
            threads.emplace_back([&, index] {
                run_client(context, terminals[index], server_keys.public_key, endpoint, prepared[index], 64,
                           &acked[index]);
            });
        }
        for (auto& thread : threads)
            thread.join();
    }
    const double ingest_seconds = seconds_since(ingest_start);
    const double aggregator_cpu = cpu_seconds(aggregator) - aggregator_cpu_before;
    int total_acked = 0;
    for (int value : acked)
        total_acked += value;
    const double ingest_rate = total_acked / ingest_seconds;
    const double cpu_per_submission_us = total_acked > 0 ? aggregator_cpu / total_acked * 1e6 : 0;
    std::cerr << "ingest: " << ingest_rate << " submissions/s (" << total_acked << " ACKed), "
              << ingest_rate / raw_limit << " x the lower raw limit; aggregator CPU " << cpu_per_submission_us
              << " us per submission\n";
    if (ingest_only) {
        stop(aggregator);
        std::error_code error_code;
        if (std::getenv("JIEBANG_BENCH_KEEP") == nullptr)
            std::filesystem::remove_all(temp_root, error_code);
        return 0;
    }

    // 4. latency
    const Prepared latency_items = prepare(terminals[client_count], quick ? 300 : 2000, 5000);
    int latency_acked = 0;
    auto latencies = run_client(context, terminals[client_count], server_keys.public_key, endpoint,
                                latency_items, 1, &latency_acked);
    std::sort(latencies.begin(), latencies.end());
    auto percentile = [&](double fraction) {
        if (latencies.empty())
            return 0.0;
        return latencies[std::min(latencies.size() - 1,
                                  static_cast<std::size_t>(fraction * latencies.size()))] *
               1000;
    };
    std::cerr << "latency p50 " << percentile(0.5) << " ms, p99 " << percentile(0.99) << " ms\n";

    // 6. memory with 1,000 connected terminals
    const int connected_count = quick ? 200 : 1000;
    std::vector<SimulatedTerminal> many;
    {
        auto store = AggregatorStore::open(data_dir / "aggregator.sqlite");
        for (int number = 0; number < connected_count; ++number) {
            SimulatedTerminal terminal = make_terminal(2000 + number);
            NodeRecord node;
            node.node_id = terminal.id;
            node.curve_public_key = terminal.curve.public_key;
            node.signing_public_key = terminal.signing.public_key_text();
            node.county_admin_code = "440703";
            node.enrolled_at = 1;
            (void)store->enroll(node);
            many.push_back(std::move(terminal));
        }
    }
    const long memory_before = resident_kib(aggregator);
    std::vector<ZmqSocket> sockets;
    sockets.reserve(connected_count);
    int welcomed = 0;
    for (const SimulatedTerminal& terminal : many) {
        sockets.emplace_back(context, ZMQ_DEALER);
        (void)configure_client(sockets.back(), terminal.curve, server_keys.public_key, 10000);
        (void)sockets.back().connect(endpoint);
        (void)sockets.back().send_frames(
            encode(Message{1, Hello{NodeKind::Terminal, "bench", 0, 0}}).value());
    }
    for (ZmqSocket& socket : sockets) {
        auto frames = socket.receive_frames(10000);
        if (frames && !frames->empty())
            ++welcomed;
    }
    const long memory_after = resident_kib(aggregator);
    std::cerr << "memory: " << memory_before << " KiB -> " << memory_after << " KiB with " << welcomed
              << " connected\n";
    sockets.clear();
    stop(aggregator);

    // 5. drain a 10,000 backlog through the real agent (terminal store -> aggregator).
    const int backlog = quick ? 1000 : 10000;
    const std::filesystem::path drain_dir = temp_root / "drain";
    std::filesystem::create_directories(drain_dir);
    auto drain_keys = CurveKeyPair::load_or_create(drain_dir / "curve.key").value();
    (void)AggregatorStore::open(drain_dir / "aggregator.sqlite");
    SimulatedTerminal drain_terminal = make_terminal(7);
    drain_terminal.curve = CurveKeyPair::load_or_create(temp_root / "terminal.curve").value();
    enroll(drain_dir / "aggregator.sqlite", drain_terminal);
    {
        auto terminal_store = store::TerminalStore::open(temp_root / "terminal.sqlite");
        const auto forms = FormCatalog::load(default_assets_directory());
        if (!forms) {
            std::cerr << "cannot load the forms: " << forms.error().code << "\n";
            return 1;
        }
        store::TerminalIdentity identity{"440703-007", "jiangmen", "JM", "440703", "03", 7};
        (void)terminal_store->save_identity(identity);
        const std::int64_t created_at = now_seconds();
        for (int index = 0; index < backlog; ++index) {
            Submission submission;
            submission.kind = SubmissionKind::Demand;
            submission.form_version = 1;
            submission.created_at = created_at;
            submission.values = demand_values("backlog item", 'q');
            // 9,999 receipts a day at most: the rest are numbered on the next day.
            (void)terminal_store->commit_submission(submission, forms->demand(), identity,
                                                    drain_terminal.signing,
                                                    date_number(created_at + (index / 9000) * 24 * 3600));
        }
    }
    const std::string drain_endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
    pid_t drain_aggregator =
        spawn({aggregator_binary, "--data-dir", drain_dir.string(), "--listen", drain_endpoint},
              temp_root / "drain-aggregator.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto drain_start = Clock::now();
    pid_t agent =
        spawn({agent_binary, "--store", (temp_root / "terminal.sqlite").string(), "--key-file",
               (temp_root / "terminal.curve").string(), "--endpoint", drain_endpoint, "--server-key",
               drain_keys.public_key, "--window", "64", "--exit-when-drained", "--max-seconds", "600"},
              temp_root / "agent.log");
    int agent_status = 0;
    waitpid(agent, &agent_status, 0);
    const double drain_seconds = seconds_since(drain_start);
    stop(drain_aggregator);
    std::cerr << "drain of " << backlog << ": " << drain_seconds << " s (agent exit "
              << WEXITSTATUS(agent_status) << ")\n";

    std::ostringstream report;
    report << "## Sync (bench/sync/sync_bench" << (quick ? " --quick" : "") << ")\n\n"
           << "Loopback, this machine, one run; raw limits measured in the same run.\n\n"
           << "| measure | value | note |\n|---|---|---|\n";
    char line[256];
    std::snprintf(line, sizeof line,
                  "| raw CURVE DEALER->ROUTER, 2 KB | %.0f msg/s | one way, %d messages |\n", curve_rate,
                  raw_count);
    report << line;
    std::snprintf(line, sizeof line,
                  "| raw SQLite inserts, synchronous=FULL, 1000-row transactions, 2 KB | %.0f rows/s | |\n",
                  sqlite_rate);
    report << line;
    std::snprintf(line, sizeof line,
                  "| aggregator ingest (CURVE, ZAP, signature check, durable group-committed ACK) | %.0f "
                  "submissions/s | "
                  "%d clients x %d, window 64; **%.2f x the lower raw limit** (goal >= 0.5) |\n",
                  ingest_rate, client_count, per_client, ingest_rate / raw_limit);
    report << line;
    std::snprintf(line, sizeof line,
                  "| aggregator CPU per ingested submission (user + system, all its threads) | %.0f us | "
                  "less sensitive to other load than the rates |\n",
                  cpu_per_submission_us);
    report << line;
    std::snprintf(line, sizeof line,
                  "| submit -> ACK latency | p50 %.2f ms, p99 %.2f ms | one in flight, %zu samples |\n",
                  percentile(0.5), percentile(0.99), latencies.size());
    report << line;
    std::snprintf(
        line, sizeof line,
        "| drain a %d-submission terminal backlog (jiebang-sync-agent) | %.1f s | %.0f submissions/s |\n",
        backlog, drain_seconds, backlog / drain_seconds);
    report << line;
    std::snprintf(
        line, sizeof line,
        "| aggregator memory, %d terminals connected | %.1f MiB (idle %.1f MiB) | %d answered HELLO |\n",
        connected_count, memory_after / 1024.0, memory_before / 1024.0, welcomed);
    report << line;
    std::cout << report.str();
    const std::string notes = kept_notes(out_file);
    std::ofstream output(out_file);
    output << report.str() << notes;
    std::error_code error_code;
    if (std::getenv("JIEBANG_BENCH_KEEP") == nullptr)
        std::filesystem::remove_all(temp_root, error_code);
    return 0;
}

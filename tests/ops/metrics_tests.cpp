// tests/ops/metrics_tests.cpp — the aggregator's Prometheus metrics file and its journald priorities (issue 16
// item 6; docs/operations.md "Metrics" and "Logs"). promtool is not in Debian 12's archive, so the file is read
// by a strict parser of the text exposition format 0.0.4 written here: every rule it enforces is one
// node_exporter's textfile collector enforces (a file breaking one is dropped whole by the collector).
// Checks metrics.hpp invariants 1-3 and aggregator_log.hpp invariant 4.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "sync/aggregator/metrics.hpp"
#include "tests/ops/ops_test_support.hpp"

using namespace jiebang;
using namespace jiebang::sync;
using namespace jiebang::sync::test;

namespace {

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct Exposition {
    std::map<std::string, std::string> types;
    std::vector<Sample> samples;
    // The value of the series `name{label="value"}` (or `name` without labels); NaN when absent.
    double value(const std::string& name, const std::string& label = {},
                 const std::string& label_value = {}) const {
        for (const Sample& sample : samples) {
            if (sample.name != name)
                continue;
            if (label.empty() ? sample.labels.empty()
                              : (sample.labels.count(label) > 0 && sample.labels.at(label) == label_value))
                return sample.value;
        }
        return std::nan("");
    }
};

// Parses the text format strictly; every violation is a failed CHECK naming the line.
Exposition parse_strictly(const std::string& text) {
    Exposition parsed;
    REQUIRE_FALSE(text.empty());
    CHECK(text.back() == '\n');
    const std::regex metric_name("[a-zA-Z_:][a-zA-Z0-9_:]*");
    const std::regex label_name("[a-zA-Z_][a-zA-Z0-9_]*");
    std::set<std::string> helped;
    std::set<std::string> finished;  // metrics whose samples are over: a later sample of one is an error
    std::set<std::string> series;
    std::string current;
    std::size_t start = 0;
    int line_number = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        CAPTURE(line_number);
        CAPTURE(line);
        REQUIRE_FALSE(line.empty());
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
            const bool is_help = line[2] == 'H';
            const std::string rest = line.substr(7);
            const std::size_t space = rest.find(' ');
            REQUIRE(space != std::string::npos);
            const std::string name = rest.substr(0, space);
            CHECK(std::regex_match(name, metric_name));
            CHECK(finished.count(name) == 0);
            if (name != current) {
                if (!current.empty())
                    finished.insert(current);
                current = name;
            }
            if (is_help) {
                CHECK(helped.insert(name).second);     // one HELP per metric
                CHECK(parsed.types.count(name) == 0);  // this writer puts HELP before TYPE
            } else {
                const std::string type = rest.substr(space + 1);
                CHECK((type == "gauge" || type == "counter"));
                CHECK(parsed.types.emplace(name, type).second);  // one TYPE per metric
            }
            continue;
        }
        REQUIRE(line[0] != '#');  // no other comments
        Sample sample;
        std::size_t position = line.find_first_of("{ ");
        REQUIRE(position != std::string::npos);
        sample.name = line.substr(0, position);
        CHECK(std::regex_match(sample.name, metric_name));
        CHECK(sample.name == current);  // samples follow their own HELP and TYPE, contiguously
        CHECK(parsed.types.count(sample.name) == 1);
        if (line[position] == '{') {
            ++position;
            while (line[position] != '}') {
                const std::size_t equals = line.find('=', position);
                REQUIRE(equals != std::string::npos);
                const std::string label = line.substr(position, equals - position);
                CHECK(std::regex_match(label, label_name));
                REQUIRE(line[equals + 1] == '"');
                std::string value;
                std::size_t index = equals + 2;
                for (; index < line.size() && line[index] != '"'; ++index) {
                    if (line[index] == '\\') {
                        ++index;
                        REQUIRE(index < line.size());
                        REQUIRE((line[index] == '\\' || line[index] == '"' || line[index] == 'n'));
                        value += line[index] == 'n' ? '\n' : line[index];
                    } else {
                        value += line[index];
                    }
                }
                REQUIRE(index < line.size());
                CHECK(sample.labels.emplace(label, value).second);
                position = index + 1;
                if (line[position] == ',')
                    ++position;
                else
                    REQUIRE(line[position] == '}');
            }
            ++position;
        }
        REQUIRE(line[position] == ' ');
        const std::string number = line.substr(position + 1);
        std::size_t used = 0;
        sample.value = std::stod(number, &used);
        CHECK(used == number.size());  // no timestamp, nothing after the value
        std::string key = sample.name;
        for (const auto& [label, value] : sample.labels)
            key += "|" + label + "=" + value;
        CHECK(series.insert(key).second);  // no series twice
        if (parsed.types[sample.name] == "counter")
            CHECK(sample.value >= 0);
        parsed.samples.push_back(std::move(sample));
    }
    for (const auto& [name, type] : parsed.types)
        CHECK(helped.count(name) == 1);
    return parsed;
}

Exposition read_metrics(const std::filesystem::path& file) {
    return parse_strictly(read_file(file));
}

}  // namespace

// checks metrics.hpp invariants 1-3
TEST_CASE(
    "metrics: the daemon's file parses strictly and counts what was stored, per state and per terminal") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    Terminal terminal(temp, 41);
    terminal.enroll(aggregator);
    const std::filesystem::path metrics_file = temp / "textfile" / "jiebang.prom";
    std::filesystem::create_directories(metrics_file.parent_path());
    aggregator.start({"--metrics-file", metrics_file.string(), "--metrics-interval-seconds", "1",
                      "--backup-dir", (temp / "backups").string()});
    REQUIRE(wait_until([&] { return std::filesystem::exists(metrics_file); }, 30));
    CHECK((std::filesystem::status(metrics_file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
           std::filesystem::perms::group_read | std::filesystem::perms::others_read));
    const Exposition empty = read_metrics(metrics_file);
    CHECK(empty.value("jiebang_submissions_stored_total") == 0);
    CHECK(empty.value("jiebang_submissions", "state", "received") == 0);
    CHECK(empty.types.at("jiebang_submissions_stored_total") == "counter");

    terminal.commit(Terminal::demand("metrics one"));
    terminal.commit(Terminal::demand("metrics two"));
    terminal.start_agent(aggregator);
    REQUIRE(wait_until([&] { return terminal.counts().acknowledged == 2; }, 60));
    // Written again once the server has stored them, the backup was taken and a heartbeat came in.
    REQUIRE(wait_until(
        [&] {
            const std::string text = read_file(metrics_file);
            return text.find("jiebang_submissions_stored_total 2\n") != std::string::npos &&
                   text.find("jiebang_last_backup_age_seconds") != std::string::npos &&
                   text.find("jiebang_node_last_seen_age_seconds{node=\"440703-041\"}") != std::string::npos;
        },
        60));
    const Exposition after = read_metrics(metrics_file);
    CHECK(after.value("jiebang_submissions", "state", "received") == 2);
    CHECK(after.value("jiebang_submissions", "state", "accepted") == 0);
    CHECK(after.value("jiebang_node_backlog", "node", "440703-041") == 0);
    CHECK(after.value("jiebang_oldest_pending_age_seconds") == 0);
    CHECK(after.value("jiebang_store_size_bytes") > 4096);
    CHECK(after.value("jiebang_last_backup_timestamp_seconds") > 1700000000);
    CHECK(after.value("jiebang_ingest_per_second") >= 0);
    CHECK(after.value("jiebang_metrics_written_timestamp_seconds") > 1700000000);
    // Nothing personal in it: node ids and state codes only.
    const std::string text = read_file(metrics_file);
    CHECK(text.find("13800138000") == std::string::npos);
    CHECK(text.find("metrics one") == std::string::npos);
    // No temporary file left beside it.
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(metrics_file.parent_path()))
        files++;
    CHECK(files == 1);
    CHECK(aggregator.process().stop() == 0);
}

TEST_CASE("metrics: backlog and the oldest pending item per node, escaped labels, the ingest rate") {
    TempDir temp;
    auto store = AggregatorStore::open(temp / "aggregator.sqlite");
    REQUIRE(store.ok());
    NodeRecord node;
    node.node_id = "440703-009";
    node.curve_public_key = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
    node.county_admin_code = "440703";
    node.enrolled_at = 1772409600;
    REQUIRE(store->enroll(node).ok());
    NodeRecord odd = node;
    odd.node_id = "node \"quoted\" \\ back";  // not a real id: proves the escaping
    odd.curve_public_key = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
    REQUIRE(store->enroll(odd).ok());
    const std::int64_t now = 1772500000;
    REQUIRE(store->record_contact("440703-009", now - 5, 3, now - 600, true).ok());
    MetricsContext context;
    context.store_file = temp / "aggregator.sqlite";
    auto text = render_metrics(store.value(), context, now);
    REQUIRE(text.ok());
    const Exposition parsed = parse_strictly(text.value());
    CHECK(parsed.value("jiebang_node_backlog", "node", "440703-009") == 3);
    CHECK(parsed.value("jiebang_node_oldest_pending_age_seconds", "node", "440703-009") == 600);
    CHECK(parsed.value("jiebang_node_last_seen_age_seconds", "node", "440703-009") == 5);
    CHECK(parsed.value("jiebang_oldest_pending_age_seconds") == 600);
    CHECK(parsed.value("jiebang_node_backlog", "node", "node \"quoted\" \\ back") == 0);
    CHECK(std::isnan(parsed.value("jiebang_last_backup_age_seconds")));  // no backup: no age
    CHECK(parsed.value("jiebang_last_backup_timestamp_seconds") == 0);
    // The rate between two writes: here nothing was stored in between.
    auto again = render_metrics(store.value(), context, now + 10);
    REQUIRE(again.ok());
    CHECK(parse_strictly(again.value()).value("jiebang_ingest_per_second") == 0);

    // The file is replaced whole: a reader never sees a part (write then rename in the same folder).
    const std::filesystem::path file = temp / "out" / "jiebang.prom";
    std::filesystem::create_directories(file.parent_path());
    REQUIRE(write_metrics_file(file, text.value()).ok());
    CHECK(read_file(file) == text.value());
    auto refused = write_metrics_file(temp / "no-such-folder" / "jiebang.prom", text.value());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == "metrics.write");
}

// checks aggregator_log.hpp invariant 4
TEST_CASE("logs: under journald every line carries its syslog priority, and none elsewhere") {
    TempDir temp;
    Aggregator aggregator(temp, "county");
    // The daemon's stderr is its log file; JOURNAL_STREAM naming that file is what systemd sets for the journal.
    const std::filesystem::path log_file = temp / "county.log";
    { std::ofstream touch(log_file); }
    struct stat status {};
    REQUIRE(::stat(log_file.c_str(), &status) == 0);
    const std::string stream = std::to_string(static_cast<unsigned long long>(status.st_dev)) + ":" +
                               std::to_string(static_cast<unsigned long long>(status.st_ino));
    REQUIRE(::setenv("JOURNAL_STREAM", stream.c_str(), 1) == 0);
    aggregator.start();
    REQUIRE(aggregator.process().running());
    CHECK(aggregator.process().stop() == 0);
    // An error an operator must act on: the forms cannot be loaded.
    aggregator.start({"--assets", (temp / "no-assets").string()});
    CHECK(aggregator.process().wait() == 1);
    ::unsetenv("JOURNAL_STREAM");
    const std::string log = aggregator.log();
    CHECK(log.find("<6>jiebang-aggregator: listening on") != std::string::npos);
    CHECK(log.find("<3>jiebang-aggregator: cannot load the forms") != std::string::npos);
    std::size_t start = 0;
    while (start < log.size()) {  // every line, not only those two
        const std::size_t end = log.find('\n', start);
        const std::string line = log.substr(start, end - start);
        CAPTURE(line);
        CHECK(std::regex_match(line, std::regex("<[3-6]>jiebang-aggregator: .*")));
        start = end == std::string::npos ? log.size() : end + 1;
    }

    // Without the journal (stderr a pipe), no prefix.
    auto plain = jiebang::ops::test::aggregator_command(
        {"--data-dir", (temp / "plain").string(), "--assets", (temp / "no-assets").string()});
    CHECK(plain.exit_code == 1);
    CHECK(plain.output.rfind("jiebang-aggregator: ", 0) == 0);
}

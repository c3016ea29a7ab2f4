// bench/console/console_bench.cpp — the staff console's speed with 100,000 submissions in a real county
// aggregator: start to first frame and RSS of the real jiebang-console; search and filter round trips as the
// console makes them (its StaffService over the staff client, over loopback CURVE to jiebang-aggregator's staff
// endpoint); a frame of the inbox at 1920x1080 still and while scrolling (the real ConsoleRunner under SDL's
// offscreen driver, pages arriving as it scrolls); memory. Baselines measured in the same run: process start
// without UI (--help), a WHOAMI round trip (the channel's floor), a frame of the sign-in view. Writes a Markdown
// section (docs/benchmarks-console.md). Not a test: nothing here is asserted.
// usage: console_bench [--rows N] [--out FILE]
#include <fcntl.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "console/app/console_application.hpp"
#include "console/app/console_runner.hpp"
#include "console/model/channel_staff_service.hpp"
#include "platform/display/display.hpp"
#include "platform/system/process_usage.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/staff/staff_key_file.hpp"
#include "shared/store/database.hpp"
#include "shared/text/strings.hpp"
#include "sync/aggregator/aggregator_store.hpp"
#include "sync/transport/zmq_support.hpp"

using namespace jiebang;
using Clock = std::chrono::steady_clock;

namespace {

const char* passphrase = "bench-reviewer-2026";

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

std::string fixed(double value, int decimals = 1) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

std::string read_text(const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << input.rdbuf();
    return buffer.str();
}

pid_t spawn(const std::vector<std::string>& arguments, const std::filesystem::path& log) {
    const pid_t child = fork();
    if (child == 0) {
        const int descriptor = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(descriptor, 1);
        dup2(descriptor, 2);
        std::vector<char*> argv;
        for (const auto& argument : arguments)
            argv.push_back(const_cast<char*>(argument.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    return child;
}

int run_and_wait(const std::vector<std::string>& arguments, const std::filesystem::path& log) {
    const pid_t child = spawn(arguments, log);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// [fill] `rows` demands of the Jiangmen fixture under varied titles, signed by one terminal, in one transaction.
Status fill_store(const std::filesystem::path& store_file, int rows, const std::string& staff_public_key) {
    auto store = sync::AggregatorStore::open(store_file);
    if (!store)
        return store.error();
    auto forms = FormCatalog::load(default_assets_directory());
    if (!forms)
        return forms.error();
    const FormDefinition& form = forms->demand();
    auto values = field_values_from_json(
        read_text(std::filesystem::path(JIEBANG_TEST_FIXTURES_DIR) / "jiangmen-demand.json"), form);
    if (!values)
        return values.error();
    const SigningKey terminal_key = SigningKey::generate();
    sync::NodeRecord node;
    node.node_id = "440703-001";
    node.curve_public_key = backoffice::generate_curve_key_pair().public_key;
    node.signing_public_key = terminal_key.public_key_text();
    node.county_admin_code = "440703";
    node.enrolled_at = 1790000000;
    JIEBANG_TRY(store->enroll(node));
    auto added = store->add_staff("李明", backoffice::Role::Reviewer, staff_public_key, sync::ActingStaff{},
                                  1790000000);
    if (!added)
        return added.error();
    const char* subjects[] = {"伺服系统", "激光切割", "冷链温控", "视觉识别",   "减速器",
                              "电池管理", "陶瓷基板", "智能家电", "变频压缩机", "工业机器人"};
    const char* aims[] = {"温漂补偿", "寿命提升", "国产化", "能效提升", "降噪", "精度提升", "成本降低"};
    const std::string title_field(form.field_id(FieldRole::Title));
    auto transaction = store::Transaction::begin(store->database());
    if (!transaction)
        return transaction.error();
    for (int index = 0; index < rows; ++index) {
        Submission submission;
        submission.id = new_submission_id();
        submission.kind = SubmissionKind::Demand;
        submission.form_version = 1;
        submission.profile_id = "jiangmen";
        submission.terminal_id = node.node_id;
        submission.created_at = 1790000000 + index * 5;
        submission.values = *values;
        submission.values[title_field] = std::string(subjects[index % 10]) + aims[(index / 10) % 7] +
                                         "技术 第" + std::to_string(index + 1) + "号";
        ReceiptNumber number;
        number.city_code = "JM";
        number.county_code = "03";
        number.terminal_number = 1;
        number.year = 2026;
        number.month = 10 + index / (9999 * 28);
        number.day = 1 + (index / 9999) % 28;
        number.sequence = index % 9999 + 1;
        const auto hash = content_hash(submission);
        const Receipt receipt = sign_receipt(number, hash, terminal_key);
        sync::StoredSubmission stored;
        stored.submission_id = submission.id;
        stored.kind = "demand";
        stored.receipt_number = number.text();
        stored.content_hash = hash;
        stored.signature = receipt.signature;
        stored.canonical_content = canonical_encoding(submission);
        stored.origin_signing_key = terminal_key.public_key_text();
        stored.via_node = node.node_id;
        stored.county_admin_code = "440703";
        stored.received_at = submission.created_at + 2;
        stored.profile_id = "jiangmen";
        const auto summary = summarize_submission(form, submission.values);
        stored.project_name = summary.title;
        stored.industry_id = summary.industry_id;
        stored.unit_name = summary.unit_name;
        stored.unit_uscc = summary.unit_uscc;
        auto inserted = store->insert_submission(stored, nullptr);
        if (!inserted)
            return inserted.error();
    }
    return transaction->commit();
}

}  // namespace

int main(int argc, char** argv) {
    int rows = 100000;
    std::filesystem::path out = "docs/benchmarks-console.md";
    for (int index = 1; index < argc; ++index) {
        const std::string argument = argv[index];
        if (argument == "--rows" && index + 1 < argc)
            rows = std::stoi(argv[++index]);
        else if (argument == "--out" && index + 1 < argc)
            out = argv[++index];
    }
    if (sodium_init() < 0)
        return 1;
    const auto temp =
        std::filesystem::temp_directory_path() / ("jiebang-console-bench-" + std::to_string(getpid()));
    const auto data = temp / "county";
    std::filesystem::create_directories(data);
    const std::string binary_dir = JIEBANG_BINARY_DIR;
    const std::string console_binary = binary_dir + "/console/jiebang-console";

    // The reviewer's key and the store with `rows` submissions.
    const auto keys = backoffice::generate_curve_key_pair();
    const auto key_file = temp / "reviewer.key";
    if (!backoffice::write_staff_key_file(key_file, "staff-0001", "reviewer", keys, passphrase)) {
        std::cerr << "cannot write the key file\n";
        return 1;
    }
    auto server_keys = sync::CurveKeyPair::load_or_create(data / "curve.key");
    if (!server_keys)
        return 1;
    auto fill_started = Clock::now();
    if (auto filled = fill_store(data / "aggregator.sqlite", rows, keys.public_key); !filled) {
        std::cerr << "fill: " << filled.error().code << " " << filled.error().detail << "\n";
        return 1;
    }
    std::cerr << "filled " << rows << " rows in " << fixed(milliseconds_since(fill_started) / 1000) << " s\n";

    // The aggregator with its staff endpoint.
    const pid_t aggregator = spawn({binary_dir + "/sync/jiebang-aggregator", "--data-dir", data.string(),
                                    "--listen", "tcp://127.0.0.1:*", "--staff-listen", "tcp://127.0.0.1:*",
                                    "--area-code", "440703", "--role", "county"},
                                   temp / "aggregator.log");
    const auto endpoint_file = data / "staff-listening.endpoint";
    for (int wait = 0; wait < 600 && !std::filesystem::exists(endpoint_file); ++wait)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string endpoint = read_text(endpoint_file);
    while (!endpoint.empty() && (endpoint.back() == '\n' || endpoint.back() == '\r'))
        endpoint.pop_back();
    if (endpoint.empty()) {
        std::cerr << "the aggregator did not start: " << read_text(temp / "aggregator.log") << "\n";
        kill(aggregator, SIGKILL);
        return 1;
    }

    // 1. Round trips as the console makes them.
    auto factory = console::model::make_channel_staff_service_factory();
    console::model::ConnectionSettings settings;
    settings.endpoint = endpoint;
    settings.server_public_key = server_keys->public_key;
    auto service = factory->connect(settings, key_file, passphrase);
    if (!service) {
        std::cerr << "connect: " << service.error().code << "\n";
        kill(aggregator, SIGKILL);
        return 1;
    }
    const auto time_requests = [&](int count, const std::function<bool(int)>& request) {
        std::vector<double> samples;
        for (int index = 0; index < count; ++index) {
            const auto started = Clock::now();
            if (!request(index))
                std::cerr << "a request failed\n";
            samples.push_back(milliseconds_since(started));
        }
        return samples;
    };
    auto& staff = **service;
    const auto whoami = time_requests(200, [&](int) { return staff.whoami().ok(); });
    const auto first_page = time_requests(100, [&](int) {
        console::model::InboxQuery query;
        return staff.search(query).ok();
    });
    const char* words[] = {"伺服系统温漂", "激光切割寿命", "冷链温控国产", "视觉识别能效", "电池管理降噪"};
    const auto text_search = time_requests(100, [&](int index) {
        console::model::InboxQuery query;
        query.text = words[index % 5];
        return staff.search(query).ok();
    });
    const auto short_text = time_requests(50, [&](int index) {
        console::model::InboxQuery query;
        query.text = index % 2 == 0 ? "温漂" : "降噪";
        return staff.search(query).ok();
    });
    const auto filtered = time_requests(100, [&](int index) {
        console::model::InboxQuery query;
        query.review_stage = "received";
        query.kind = "demand";
        query.received_from = 1790000000 + (index % 10) * 50000;
        return staff.search(query).ok();
    });
    const auto deep_page = time_requests(100, [&](int index) {
        console::model::InboxQuery query;
        query.after = rows / 2 - (index % 10) * 200;
        return staff.search(query).ok();
    });
    const auto counts = time_requests(10, [&](int) {
        // The console's refresh of the counts per state: the whole set plus one per county-tier stage.
        bool good = true;
        for (int stage = 0; stage < 14; ++stage) {
            console::model::InboxQuery query;
            query.page_size = 1;
            if (stage > 0)
                query.review_stage =
                    std::string(review::state_name(static_cast<review::ReviewState>(stage - 1)));
            good = staff.search(query).ok() && good;
        }
        return good;
    });
    service->reset();

    // 2. Start to first frame and RSS of the real binary (no server: the sign-in view), and process start; the
    // terminal's first frame in the same run when it is built (the same platform layer and fonts).
    std::vector<double> help_ms, first_frame_ms, rss_start, kiosk_first_frame_ms;
    {
        std::ofstream(temp / "quit.script") << "quit\n";
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
        for (int run = 0; run < 5; ++run) {
            const auto started = Clock::now();
            run_and_wait({console_binary, "--help"}, temp / "help.log");
            help_ms.push_back(milliseconds_since(started));
            const auto report = temp / ("start-" + std::to_string(run) + ".json");
            run_and_wait({console_binary, "--script", (temp / "quit.script").string(), "--size", "1920x1080",
                          "--ui-scale", "1", "--bench-report", report.string()},
                         temp / "start.log");
            const std::string json = read_text(report);
            const auto field = [&](const std::string& name) {
                const auto at = json.find("\"" + name + "\": ");
                return at == std::string::npos ? 0.0 : std::stod(json.substr(at + name.size() + 4));
            };
            first_frame_ms.push_back(field("first_frame_ms"));
            rss_start.push_back(field("rss_after_start_bytes") / 1e6);
            const std::string kiosk = binary_dir + "/kiosk/jiebang-kiosk";
            if (std::filesystem::exists(kiosk)) {
                const auto kiosk_report = temp / ("kiosk-" + std::to_string(run) + ".json");
                run_and_wait({kiosk, "--data-dir", (temp / "kiosk").string(), "--script",
                              (temp / "quit.script").string(), "--size", "1920x1080", "--bench-report",
                              kiosk_report.string()},
                             temp / "kiosk.log");
                const std::string kiosk_json = read_text(kiosk_report);
                const auto at = kiosk_json.find("\"first_frame_ms\": ");
                if (at != std::string::npos)
                    kiosk_first_frame_ms.push_back(std::stod(kiosk_json.substr(at + 18)));
                else
                    std::cerr << "the terminal wrote no report: " << read_text(temp / "kiosk.log") << "\n";
            }
        }
    }

    // 3. Frames of the real runner: the sign-in view, then the inbox with every row, still and scrolling.
    double sign_in_cpu = 0, still_cpu = 0, scroll_cpu = 0;
    std::vector<double> sign_in_frames, still_frames, scroll_frames;
    double rss_inbox = 0;
    std::int64_t rows_seen = 0, pages_held = 0, deepest_row = 0;
    {
        auto catalogues = console::ConsoleCatalogues::load(default_assets_directory());
        console::ConsoleOptions options;
        options.server_endpoint = endpoint;
        options.server_public_key = server_keys->public_key;
        options.staff_key_file = key_file;
        options.ui_scale = 1;
        platform::DisplayOptions display_options;
        display_options.fullscreen = false;
        display_options.resizable = true;
        auto display = platform::Display::open(display_options);
        if (!catalogues || !display) {
            kill(aggregator, SIGKILL);
            return 1;
        }
        console::ConsoleApplication application(**catalogues, options,
                                                console::model::make_channel_staff_service_factory());
        console::ConsoleRunner runner(application, **display, options);
        (void)runner.prepare();
        (void)runner.frame();
        sign_in_frames = runner.measure_frames(120, 0, &sign_in_cpu);
        std::strcpy(application.edits().passphrase.data(), passphrase);
        console::Intent sign_in;
        sign_in.kind = console::IntentKind::SignIn;
        application.apply(sign_in);
        (void)runner.settle_for_bench();
        (void)runner.measure_frames(10, 0, nullptr);  // glyphs of the rows baked, pages in view read
        (void)runner.settle_for_bench();
        still_frames = runner.measure_frames(240, 0, &still_cpu);
        scroll_frames = runner.measure_frames(600, -20, &scroll_cpu);
        (void)runner.settle_for_bench();  // the walk to where the scrolling stopped finishes
        rss_inbox = static_cast<double>(platform::current_process_usage().resident_bytes) / 1e6;
        rows_seen = application.state().inbox.total;
        pages_held = static_cast<std::int64_t>(application.state().inbox.pages.size());
        deepest_row = application.state().inbox.visible_last;
    }
    kill(aggregator, SIGTERM);
    waitpid(aggregator, nullptr, 0);
    std::filesystem::remove_all(temp);

    const auto row = [&](const std::string& name, const std::vector<double>& samples,
                         const std::string& target, const std::string& baseline) {
        return "| " + name + " | " + fixed(percentile(samples, 0.5), 2) + " / " +
               fixed(percentile(samples, 0.95), 2) + " ms | " + target + " | " + baseline + " |\n";
    };
    const double whoami_p50 = percentile(whoami, 0.5);
    const auto ratio = [&](const std::vector<double>& samples) {
        return "WHOAMI p50 " + fixed(whoami_p50, 2) + " ms; ratio " +
               fixed(percentile(samples, 0.5) / whoami_p50, 1);
    };
    const auto load_average = [] {
        std::string text = read_text("/proc/loadavg");
        return text.substr(0, text.find(' '));
    };
    std::ostringstream section;
    section
        << "## Staff console (jiebang-console)\n\n"
        << "Measured by `build/bench/console/console_bench` (bench/console) with " << rows
        << " demands in a real county jiebang-aggregator's store, over its staff endpoint on loopback "
           "(CURVE), "
           "through the console's own StaffService; frames by the real ConsoleRunner at 1920x1080, UI "
           "scale 1, "
           "SDL software renderer, offscreen driver. p50 / p95. Load average when the report was written: "
        << load_average() << " (2 cores, shared with other builds).\n\n"
        << "| measure | result | target | baseline (same run) |\n|---|---|---|---|\n"
        << "| start to first frame (sign-in view) | " << fixed(percentile(first_frame_ms, 0.5)) << " ms | | "
        << "process start without UI (`--help`): " << fixed(percentile(help_ms, 0.5)) << " ms"
        << (kiosk_first_frame_ms.empty()
                ? std::string()
                : "; the terminal's first frame: " + fixed(percentile(kiosk_first_frame_ms, 0.5)) +
                      " ms (ratio " +
                      fixed(percentile(first_frame_ms, 0.5) / percentile(kiosk_first_frame_ms, 0.5), 2) + ")")
        << " |\n"
        << "| RSS after start / with the inbox of " << rows_seen << " rows after scrolling | "
        << fixed(percentile(rss_start, 0.5)) << " / " << fixed(rss_inbox) << " MB | | |\n"
        << row("search: first page of 200, no filter", first_page, "≤ 50 ms p95", ratio(first_page))
        << row("search: free text, 6 characters (trigram index)", text_search, "≤ 50 ms p95",
               ratio(text_search))
        << row("search: free text, 2 characters (scan)", short_text, "≤ 50 ms p95", ratio(short_text))
        << row("filter: stage + kind + received from", filtered, "≤ 50 ms p95", ratio(filtered))
        << row("page at a cursor half-way down", deep_page, "≤ 50 ms p95", ratio(deep_page))
        << row("counts per state (14 searches)", counts, "", "")
        << "| frame, sign-in view (wall p50 / p95; CPU mean) | " << fixed(percentile(sign_in_frames, 0.5), 2)
        << " / " << fixed(percentile(sign_in_frames, 0.95), 2) << " ms; "
        << fixed(sign_in_cpu * 1000 / 120, 2) << " ms | | |\n"
        << "| frame, inbox with every row, still | " << fixed(percentile(still_frames, 0.5), 2) << " / "
        << fixed(percentile(still_frames, 0.95), 2) << " ms; " << fixed(still_cpu * 1000 / 240, 2)
        << " ms | ≤ 8 ms | ratio to the sign-in frame: "
        << fixed(percentile(still_frames, 0.5) / std::max(0.001, percentile(sign_in_frames, 0.5)), 1)
        << " |\n"
        << "| frame, inbox scrolling (20 lines a frame, pages arriving) | "
        << fixed(percentile(scroll_frames, 0.5), 2) << " / " << fixed(percentile(scroll_frames, 0.95), 2)
        << " ms; " << fixed(scroll_cpu * 1000 / 600, 2) << " ms | ≤ 8 ms | ratio to still: "
        << fixed(percentile(scroll_frames, 0.5) / std::max(0.001, percentile(still_frames, 0.5)), 1)
        << " |\n\n"
        << "Scrolling 600 frames reached row " << deepest_row
        << "; once the walk there finished the console held " << pages_held
        << " pages of 200 rows (far pages are dropped, their cursors kept). The frame figures are "
        << "the process's CPU (every thread: the model worker, the staff client) per frame and the frame's "
        << "wall time; the wall time includes waiting for a core on this shared machine.\n";
    std::cout << section.str();
    std::ofstream(out) << section.str();
    return 0;
}

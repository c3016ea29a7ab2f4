// tests/sync/powercut/powercut_terminal.cpp — the terminal side of the power-cut test: a real process that
// files demands into a terminal store the way the kiosk does (TerminalStore::commit_submission: one
// transaction, synchronous=FULL, receipt signed after COMMIT) while jiebang-sync-agent drains the same store.
// Usage: jiebang_test_powercut_terminal STORE KEY_FILE MAX_COUNT PAUSE_MS
// The terminal's identity is read from the store (the test saved it at enrolment). After each commit returns
// ok it writes one line "receipted <submission id> <content hash hex>\n" to stdout with write(2) and no
// buffering: every line is a receipt a person would have been handed, so the test may demand it survives.
// Stops after MAX_COUNT demands; exits 2 with a message on stderr when anything fails (after the power cut
// every write fails with EIO, which is expected: the test kills it anyway).
// Invariant: a line is written only after commit_submission() returned ok, never before.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>

#include "shared/forms/form.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"

using namespace jiebang;

namespace {

int fail(const char* what, const Error& error) {
    std::fprintf(stderr, "powercut_terminal: %s: %s %s %s\n", what, error.code.c_str(), error.field.c_str(),
                 error.detail.c_str());
    return 2;
}

int local_date_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
}

// A demand every form check accepts (the same values as the test vectors' demand, docs/protocol.md 12.3).
Submission demand(long round) {
    Submission submission;
    submission.kind = SubmissionKind::Demand;
    submission.form_version = 1;
    submission.created_at = static_cast<std::int64_t>(std::time(nullptr));
    submission.values["consent_personal_data"] = true;
    submission.values["issuer_name"] = std::string("江门市示例智能装备有限公司");
    submission.values["issuer_uscc"] = std::string("91440703MA4U111142");
    submission.values["issuer_kind"] = std::string("enterprise");
    submission.values["last_year_revenue_wan"] = std::string("8000");
    submission.values["last_year_rnd_wan"] = std::string("650");
    submission.values["contact_name"] = std::string("李明");
    submission.values["contact_mobile"] = std::string("13800138000");
    submission.values["contact_email"] = std::string("liming@example.com");
    submission.values["industry_field"] = std::string("high_end_equipment");
    submission.values["sub_direction"] = std::string("伺服驱动");
    submission.values["project_name"] = "断电测试项目" + std::to_string(round);
    submission.values["technical_problem"] = std::string("高精度伺服控制的温漂问题");
    submission.values["technical_targets"] = std::string("定位误差小于1微米");
    submission.values["budget_total_wan"] = std::string("500");
    submission.values["budget_solver_wan"] = std::string("300");
    submission.values["time_limit_months"] = std::string("24");
    submission.values["ip_ownership"] = std::string("shared");
    submission.values["mechanism"] = std::string("single");
    submission.values["expected_benefits"] = std::string("年新增产值5000万元");
    submission.values["self_funding_commitment"] = true;
    submission.values["credit_declaration"] = true;
    return submission;
}

bool write_line(const std::string& line) {
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t count = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
        if (count <= 0)
            return false;
        written += static_cast<std::size_t>(count);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: %s STORE KEY_FILE MAX_COUNT PAUSE_MS\n", argv[0]);
        return 2;
    }
    auto key = SigningKey::load(argv[2]);
    if (!key)
        return fail("key", key.error());
    auto forms = FormCatalog::load(default_assets_directory());
    if (!forms)
        return fail("forms", forms.error());
    auto store = store::TerminalStore::open(argv[1]);
    if (!store)
        return fail("open", store.error());
    auto identity = store->identity();
    if (!identity)
        return fail("identity", identity.error());
    if (!identity->has_value()) {
        std::fprintf(stderr, "powercut_terminal: the store has no identity\n");
        return 2;
    }
    const long max_count = std::atol(argv[3]);
    const long pause_ms = std::atol(argv[4]);
    const int local_date = local_date_today();
    for (long round = 0; round < max_count; ++round) {
        auto committed =
            store->commit_submission(demand(round), forms->demand(), **identity, *key, local_date);
        if (!committed)
            return fail("commit", committed.error());
        if (!write_line("receipted " + committed->submission.id + " " +
                        hex_encode(committed->receipt.content_hash) + "\n")) {
            return 2;
        }
        if (pause_ms > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
    }
    return 0;
}

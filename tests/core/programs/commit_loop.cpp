// tests/core/programs/commit_loop.cpp — a real terminal-store writer for the crash-safety test.
// Usage: jiebang_test_commit_loop DATABASE KEY_FILE LOCAL_DATE
// Commits demands one after another, forever, and after each commit_submission() returns ok writes one
// line "<receipt number> <submission id>\n" to stdout with write(2) (no buffering), so every line the
// parent reads is a receipt a person would have been shown. The parent kills it with SIGKILL at a random
// moment. Exits 2 with a message on stderr when anything fails.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"

using namespace jiebang;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s DATABASE KEY_FILE LOCAL_DATE\n", argv[0]);
        return 2;
    }
    auto key = SigningKey::load(argv[2]);
    if (!key) {
        std::fprintf(stderr, "key: %s %s\n", key.error().code.c_str(), key.error().detail.c_str());
        return 2;
    }
    auto store = store::TerminalStore::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "open: %s %s\n", store.error().code.c_str(), store.error().detail.c_str());
        return 2;
    }
    auto forms = FormCatalog::load(default_assets_directory());
    if (!forms) {
        std::fprintf(stderr, "forms: %s %s\n", forms.error().code.c_str(), forms.error().detail.c_str());
        return 2;
    }
    store::TerminalIdentity identity;
    identity.terminal_id = "440703-007";
    identity.profile_id = "jiangmen";
    identity.city_code = "JM";
    identity.county_admin_code = "440703";
    identity.county_code = "03";
    identity.terminal_number = 7;
    const int local_date = std::atoi(argv[3]);
    for (long round = 0;; ++round) {
        Submission submission;
        submission.kind = round % 3 == 0 ? SubmissionKind::Bid : SubmissionKind::Demand;
        submission.form_version = 1;
        submission.created_at = 1795000000 + round;
        submission.values["project_name"] = std::string("crash test project ") + std::to_string(round);
        submission.values["listing_id"] = std::string("JM-2026-001");
        submission.values["technical_problem"] =
            std::string(200 + static_cast<std::size_t>(round % 50) * 40, 'p');
        submission.values["contact_mobile"] = std::string("13800138000");
        const FormDefinition& form = submission.kind == SubmissionKind::Bid ? forms->bid() : forms->demand();
        auto committed = store->commit_submission(std::move(submission), form, identity, *key, local_date);
        if (!committed) {
            std::fprintf(stderr, "commit: %s %s\n", committed.error().code.c_str(),
                         committed.error().detail.c_str());
            return 2;
        }
        const std::string line = committed->receipt.number.text() + " " + committed->submission.id + "\n";
        std::size_t written = 0;
        while (written < line.size()) {
            const ssize_t count = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
            if (count <= 0)
                return 2;  // the parent closed the pipe
            written += static_cast<std::size_t>(count);
        }
    }
}

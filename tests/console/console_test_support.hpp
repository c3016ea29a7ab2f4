// tests/console/console_test_support.hpp — helpers for the console's tests: temporary folders, real staff key
// files (shared/staff, with light KDF limits so tests stay quick), and a stand-in StaffService for the
// application's and views' unit tests: an in-memory aggregator whose rows are real submissions (the fixture
// demand under many titles) with real content hashes, filtered and paged by cursor the way docs/protocol.md
// 17.2 SEARCH says, and acting through the real review state machine. The end-to-end tests
// (test_console_end_to_end.cpp) use no stand-in: a real aggregator, real terminals, the real binary.
// Invariant: the stand-in opens the staff key file with the passphrase like the real client (a wrong
// passphrase fails with staff_key.wrong_passphrase), and refuses what review::apply() refuses.
#pragma once

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "../support/fixtures.hpp"
#include "console/model/staff_model.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/role_values.hpp"
#include "shared/staff/staff_key_file.hpp"

namespace console_test {

using namespace jiebang;
using namespace jiebang::console;

class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("jiebang-console-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TemporaryDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

inline constexpr const char* test_passphrase = "correct horse battery";

// A real staff key file (mode 0600) with light Argon2id limits.
inline std::filesystem::path write_test_key(const std::filesystem::path& directory, const std::string& role,
                                            const std::string& staff_id = "staff-0001") {
    const auto file = directory / (staff_id + ".key");
    const auto keys = backoffice::generate_curve_key_pair();
    auto written = backoffice::write_staff_key_file(file, staff_id, role, keys, test_passphrase,
                                                    backoffice::KeyDerivationLimits{1, 8192});
    REQUIRE_MESSAGE(written.ok(), (written.ok() ? "" : written.error().code));
    return file;
}

// The in-memory aggregator behind the stand-in service.
struct StandInAggregator {
    std::mutex mutex;
    std::vector<model::SubmissionRecord> records;  // by arrival (sequence ascending)
    model::StaffIdentity identity;
    std::atomic<int> searches{0};
    std::atomic<int> opens{0};
    std::vector<model::ActionRequest> acted;
    std::vector<model::BatchSummary> batches;
    std::string fail_next_act;  // an error code the next act answers with (a refusal)

    // `count` demands from the Jiangmen fixture, titles numbered, arriving one a minute.
    void fill(int count, std::int64_t first_arrival = 1790000000) {
        const FieldValues base = jiebang::test_support::complete_demand("jiangmen");
        const FormDefinition& form = jiebang::test_support::fixture_forms().demand();
        const std::string title_field(form.field_id(FieldRole::Title));
        for (int index = 0; index < count; ++index) {
            Submission submission;
            submission.id = new_submission_id();
            submission.kind = SubmissionKind::Demand;
            submission.form_version = 1;
            submission.profile_id = "jiangmen";
            submission.terminal_id = index % 3 == 0 ? "440703-002" : "440703-001";
            submission.created_at = first_arrival + index * 60 - 30;
            submission.values = base;
            submission.values[title_field] = "高效变频压缩机控制技术 第" + std::to_string(index + 1) + "号";
            model::SubmissionRecord record;
            record.canonical_content = canonical_encoding(submission);
            record.content_hash = content_hash(submission);
            const auto summary = summarize_submission(form, submission.values);
            auto& row = record.row;
            row.sequence = index + 1;
            row.submission_id = submission.id;
            char receipt[64];
            std::snprintf(receipt, sizeof receipt, "JM-03-%03d-20261122-%04d-X", index % 3 == 0 ? 2 : 1,
                          index + 1);
            row.receipt_number = receipt;
            row.kind = "demand";
            row.title = summary.title;
            row.unit_name = summary.unit_name;
            row.unit_uscc = summary.unit_uscc;
            row.industry_id = summary.industry_id;
            row.county_admin_code = "440703";
            row.terminal_id = submission.terminal_id;
            row.review_stage = "received";
            row.received_at = first_arrival + index * 60;
            if (index % 7 == 3)
                row.flags = {"uscc_other_county"};
            records.push_back(std::move(record));
        }
    }
};

class StandInService final : public model::StaffService {
  public:
    explicit StandInService(std::shared_ptr<StandInAggregator> aggregator)
        : aggregator_(std::move(aggregator)) {}

    Result<model::StaffIdentity> whoami() override {
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        return aggregator_->identity;
    }

    Result<model::InboxPage> search(const model::InboxQuery& query) override {
        ++aggregator_->searches;
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        std::vector<const model::InboxRow*> matching;
        for (const auto& record : aggregator_->records) {
            const auto& row = record.row;
            if (!query.review_stage.empty() && row.review_stage != query.review_stage)
                continue;
            if (!query.kind.empty() && row.kind != query.kind)
                continue;
            if (query.batch != 0 && row.batch != query.batch)
                continue;
            if (!query.terminal_id.empty() && row.terminal_id != query.terminal_id)
                continue;
            if (query.received_from != 0 && row.received_at < query.received_from)
                continue;
            if (query.received_before != 0 && row.received_at >= query.received_before)
                continue;
            if (!query.text.empty() && row.title.find(query.text) == std::string::npos &&
                row.unit_name.find(query.text) == std::string::npos &&
                row.unit_uscc.find(query.text) == std::string::npos)
                continue;
            matching.push_back(&row);
        }
        if (query.newest_first)
            std::reverse(matching.begin(), matching.end());
        model::InboxPage page;
        page.total = static_cast<std::int64_t>(matching.size());
        for (const auto* row : matching) {
            if (query.after != 0 &&
                (query.newest_first ? row->sequence >= query.after : row->sequence <= query.after))
                continue;
            if (static_cast<int>(page.rows.size()) == query.page_size) {
                page.next_after = page.rows.back().sequence;
                break;
            }
            page.rows.push_back(*row);
        }
        return page;
    }

    Result<model::SubmissionRecord> open(const std::string& submission_id) override {
        ++aggregator_->opens;
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        for (const auto& record : aggregator_->records) {
            if (record.row.submission_id == submission_id || record.row.receipt_number == submission_id)
                return record;
        }
        return Error("sync.unknown_submission", submission_id);
    }

    Result<model::ActionOutcome> act(const model::ActionRequest& request) override {
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        if (!aggregator_->fail_next_act.empty()) {
            Error refusal(std::exchange(aggregator_->fail_next_act, {}), "");
            return refusal;
        }
        for (auto& record : aggregator_->records) {
            if (record.row.submission_id != request.submission_id)
                continue;
            auto from = review::state_from_name(record.row.review_stage);
            REQUIRE(from.has_value());
            auto outcome =
                review::apply(aggregator_->identity.tier, *from, request.action,
                              backoffice::review_actor(aggregator_->identity.role), request.reason);
            if (!outcome)
                return outcome.error();
            record.row.review_stage = std::string(review::state_name(outcome->to));
            record.row.reason = request.reason;
            record.history.push_back(
                model::HistoryEntry{static_cast<std::int64_t>(record.history.size() + 1), 1790100000,
                                    aggregator_->identity.staff_id, aggregator_->identity.name, "reviewer",
                                    std::string(review::action_name(request.action)), request.reason,
                                    std::string(review::state_name(*from)), record.row.review_stage});
            aggregator_->acted.push_back(request);
            return model::ActionOutcome{record.row.submission_id, record.row.receipt_number,
                                        record.row.review_stage};
        }
        return Error("sync.unknown_submission", request.submission_id);
    }

    Result<model::FleetReport> fleet() override {
        model::FleetReport report;
        report.server_time = 1790100000;
        report.nodes.push_back(
            model::TerminalStatus{"440703-001", "terminal", "440703", true, true, 1790099990, 0, 0, 0});
        report.nodes.push_back(model::TerminalStatus{"440703-002", "terminal", "440703", true, false,
                                                     1790090000, 3, 1790080000, 1});
        report.quarantined_total = 1;
        report.quarantined.push_back(model::QuarantinedItem{"id", "JM-03-002-20261122-0004-X", "440703-002",
                                                            "sync.bad_signature", "示例"});
        return report;
    }

    Result<model::AuditPage> audit(int) override {
        model::AuditPage page;
        audit::AuditEntry entry;
        entry.sequence = 1;
        entry.at = 1790000000;
        entry.staff_id = "host-admin";
        entry.staff_name = "host administrator";
        entry.role = "host_admin";
        entry.action = "add_staff";
        entry.target = "staff-0001";
        page.entries.push_back(entry);
        page.verified_entries = 1;
        page.head_hash = std::string(64, 'a');
        return page;
    }

    Result<model::BoardPublication> publish_board() override { return model::BoardPublication{2, 5}; }
    Result<model::BoardPublication> curate_listing(const std::string&, const std::string&,
                                                   const std::string&) override {
        return model::BoardPublication{3, 4};
    }

    Result<model::BatchSummary> forward(const std::vector<std::string>& submission_ids) override {
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        const std::int64_t number = static_cast<std::int64_t>(aggregator_->batches.size()) + 1;
        for (const auto& id : submission_ids) {
            auto found = std::find_if(
                aggregator_->records.begin(), aggregator_->records.end(),
                [&](const model::SubmissionRecord& record) { return record.row.submission_id == id; });
            if (found == aggregator_->records.end())
                return Error("sync.unknown_submission", id);
            if (found->row.review_stage != "accepted")
                return Error("review.transition", id)
                    .with("from", found->row.review_stage)
                    .with("action", "forward");
        }
        for (auto& record : aggregator_->records) {
            if (std::find(submission_ids.begin(), submission_ids.end(), record.row.submission_id) !=
                submission_ids.end()) {
                record.row.review_stage = "forward_queued";
                record.row.batch = number;
            }
        }
        aggregator_->batches.push_back(model::BatchSummary{number, 1790100000, aggregator_->identity.staff_id,
                                                           static_cast<std::int64_t>(submission_ids.size())});
        return aggregator_->batches.back();
    }

    Result<std::vector<model::BatchSummary>> batches() override {
        std::lock_guard<std::mutex> lock(aggregator_->mutex);
        return aggregator_->batches;
    }

    // The stand-in has no board and no projects (the city views are tested against a real aggregator:
    // test_console_city_views.cpp).
    Result<model::BidsOverview> bids(const std::string& listing_id) override {
        model::BidsOverview overview;
        overview.listing_id = listing_id;
        return overview;
    }
    Result<model::ProjectRegister> projects() override { return model::ProjectRegister{}; }
    Result<model::ProjectFile> project(const std::string& project_id) override {
        return Error("lifecycle.unknown_project", "project", "the stand-in has no projects")
            .with("id", project_id);
    }
    Result<std::vector<model::RevisionSummary>> revisions(const std::string&) override {
        return std::vector<model::RevisionSummary>{};  // the stand-in's items were never resubmitted
    }
    Result<std::vector<model::ReceivedReportEntry>> received_reports() override {
        return std::vector<model::ReceivedReportEntry>{};
    }
    Result<sync::MonthlyReport> received_report(const std::string& county_admin_code,
                                                const std::string& month) override {
        return Error("report.none", "month", "the stand-in has no reports")
            .with("county", county_admin_code)
            .with("month", month);
    }

  private:
    std::shared_ptr<StandInAggregator> aggregator_;
};

class StandInFactory final : public model::StaffServiceFactory {
  public:
    explicit StandInFactory(std::shared_ptr<StandInAggregator> aggregator)
        : aggregator_(std::move(aggregator)) {}
    Result<std::unique_ptr<model::StaffService>> connect(const model::ConnectionSettings&,
                                                         const std::filesystem::path& staff_key_file,
                                                         std::string_view passphrase) override {
        auto opened = backoffice::open_staff_key_file(staff_key_file, passphrase);
        if (!opened)
            return opened.error();
        return std::unique_ptr<model::StaffService>(new StandInService(aggregator_));
    }

  private:
    std::shared_ptr<StandInAggregator> aggregator_;
};

inline model::StaffIdentity county_reviewer() {
    model::StaffIdentity identity;
    identity.staff_id = "staff-0001";
    identity.name = "李明";
    identity.role = backoffice::Role::Reviewer;
    identity.tier = review::Tier::County;
    identity.area_code = "440703";
    identity.area_name = "蓬江区";
    return identity;
}

}  // namespace console_test

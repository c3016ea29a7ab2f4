// cli/staff/audit_commands.cpp — `jiebang audit list|verify`: the hash-chained audit trail of an aggregator's
// store (docs/backoffice.md section 3). verify reads every entry once in sequence order and exits 1 naming the
// first entry that was edited, deleted or moved (audit.broken), 0 with the count and the head hash otherwise.
//
// Index: [SECTION] list  [SECTION] verify  [SECTION] Registration
#include <algorithm>
#include <memory>

#include "cli/staff/staff_backend.hpp"
#include "cli/staff/staff_commands.hpp"
#include "cli/staff/store_access.hpp"

namespace jiebang::cli {
namespace {

namespace staff = sync::staff;

struct AuditOptions {
    StaffTarget target;
    std::int64_t from = 0;
    int limit = 0;
};

// [SECTION] list
int audit_list(CommandContext& context, const AuditOptions& options) {
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    context.out << "sequence\ttime\tstaff\tname\trole\taction\ttarget\treason\tbefore\tafter\thash\n";
    std::int64_t after = options.from;
    std::int64_t written = 0;
    for (;;) {
        std::uint32_t wanted = staff::max_list_request;
        if (options.limit > 0)
            wanted = static_cast<std::uint32_t>(std::min<std::int64_t>(wanted, options.limit - written));
        auto entries = (*backend)->request<staff::AuditEntries>(staff::AuditRequest{after, wanted});
        if (!entries)
            return context.fail(entries.error());
        for (const staff::AuditRow& entry : entries->entries) {
            context.out << entry.sequence << "\t" << local_time(entry.at) << "\t" << entry.staff_id << "\t"
                        << entry.staff_name << "\t" << entry.role << "\t" << entry.action << "\t"
                        << entry.target << "\t" << (entry.reason.empty() ? "-" : entry.reason) << "\t"
                        << (entry.state_before.empty() ? "-" : entry.state_before) << "\t"
                        << (entry.state_after.empty() ? "-" : entry.state_after) << "\t"
                        << entry.hash.substr(0, 16) << "\n";
            after = entry.sequence;
            ++written;
        }
        if (entries->entries.size() < wanted || (options.limit > 0 && written >= options.limit))
            return exit_ok;
    }
}

// [SECTION] verify
int audit_verify(CommandContext& context, const AuditOptions& options) {
    auto backend = open_backend(options.target);
    if (!backend)
        return context.fail(backend.error());
    auto verified = (*backend)->request<staff::AuditVerified>(staff::AuditVerify{});
    if (!verified)
        return context.fail(verified.error());
    if (!verified->intact) {
        const std::string sequence = std::to_string(verified->bad_sequence);
        return context.fail(Error("audit.broken", "sequence " + sequence,
                                  "audit entry " + sequence + ": " + verified->problem)
                                .with("sequence", sequence)
                                .with("what", verified->problem));
    }
    context.out << "audit trail intact: " << verified->entries << " entries; head " << verified->head_hash
                << "\n";
    return exit_ok;
}

}  // namespace

// [SECTION] Registration
void add_audit_commands(CLI::App& app, CommandContext& context) {
    auto* group = app.add_subcommand("audit", "The hash-chained audit trail (docs/backoffice.md)");
    group->require_subcommand(1);
    auto options = std::make_shared<AuditOptions>();
    auto* list = group->add_subcommand("list", "Audit entries after a sequence number");
    add_target_options(list, options->target);
    list->add_option("--from", options->from, "entries with a larger sequence (default 0)")
        ->check(whole_number(0, 999999999999999999LL));
    list->add_option("--limit", options->limit, "at most this many")->check(whole_number(1, 1000000));
    on_parsed(list, context, [&context, options] { return audit_list(context, *options); });
    auto* verify =
        group->add_subcommand("verify", "Check the whole chain; exit 1 naming the first bad entry");
    add_target_options(verify, options->target);
    on_parsed(verify, context, [&context, options] { return audit_verify(context, *options); });
}

}  // namespace jiebang::cli

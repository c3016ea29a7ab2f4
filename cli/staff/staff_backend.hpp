// cli/staff/staff_backend.hpp — where a staff command's requests go. Every staff command builds the staff
// channel's request (docs/protocol.md 17.2) and prints its reply; the request goes either
//   - to the aggregator's store file, for the host's administrator (`--store FILE`): answered in-process by
//     the aggregator's own StaffService as `host-admin`, recorded as such in the audit trail; or
//   - over the staff channel (`--remote ENDPOINT --server-key Z85 --staff-key FILE`, the passphrase from
//     JIEBANG_PASSPHRASE or asked on the terminal): answered by the aggregator for the signed-in member,
//     whose role the aggregator checks.
// So a command behaves and prints the same both ways, and the server's checks are the only checks.
// Invariants:
//  1. Exactly one of --store and --remote (a usage error naming them otherwise, exit 2); --remote needs
//     --server-key and --staff-key.
//  2. Opening never creates a store (staff.store_missing, staff.not_a_store) and never sends anything
//     before the staff key opened with the passphrase (staff_key.wrong_passphrase).
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"
#include "sync/staff_channel/staff_messages.hpp"

namespace jiebang::cli {

struct StaffTarget {
    std::string store;
    std::string remote;
    std::string server_key;
    std::string staff_key;
    bool is_remote() const { return !remote.empty(); }
};

// Adds --store, --remote, --server-key and --staff-key to `command` (invariant 1).
void add_target_options(CLI::App* command, StaffTarget& target);

class StaffBackend {
  public:
    virtual ~StaffBackend() = default;
    // The reply body (a StaffError when refused), or an error of the transport or the store file.
    virtual Result<sync::staff::StaffBody> call(const sync::staff::StaffBody& request) = 0;

    // The typed reply; a StaffError becomes its Error.
    template <class Reply>
    Result<Reply> request(const sync::staff::StaffBody& body) {
        auto reply = call(body);
        if (!reply)
            return reply.error();
        if (auto* value = std::get_if<Reply>(&reply.value()))
            return std::move(*value);
        if (auto* refused = std::get_if<sync::staff::StaffError>(&reply.value()))
            return sync::staff::error_from(*refused);
        return Error("staff_channel.unexpected_reply", "command",
                     "the aggregator answered with another message");
    }
};

// Opens the store (host's administrator) or signs in over the channel (invariant 2). `forms` serves the
// requests that read submissions by field role on a store file (board publish); null for the others.
Result<std::unique_ptr<StaffBackend>> open_backend(const StaffTarget& target,
                                                   const FormCatalog* forms = nullptr);

}  // namespace jiebang::cli

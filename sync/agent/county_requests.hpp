// sync/agent/county_requests.hpp — one applicant request to the county, asked and answered while the
// applicant waits (docs/protocol.md section 18): a short-lived CURVE DEALER connection of its own, so the
// sync agent's upload loop is never held up and a slow county costs at most `reply_timeout_ms`.
// Invariants: a reply counts only when it carries this request's correlation id and the expected command;
// no reply in time, or no connection, is sync.county_unreachable (the caller shows its last known state);
// an ERROR reply is returned as its wire error name (sync.store_unavailable, sync.not_allowed ...).
#pragma once

#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "sync/protocol/codec.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

struct CountyLink {
    std::string endpoint;
    std::string server_public_key;  // Z85
    CurveKeyPair client_keys;
    int reply_timeout_ms = 2500;
};

Result<ProgressReply> ask_progress(const CountyLink& link, std::string_view receipt_number);
// The project stage of a receipt (docs/protocol.md 21); a county of an older version answers
// sync.unknown_command.
Result<ProjectProgressReply> ask_project_progress(const CountyLink& link, std::string_view receipt_number);
Result<CorrectionReply> ask_correction(const CountyLink& link, std::string_view receipt_number,
                                       std::string_view access_code);

}  // namespace jiebang::sync

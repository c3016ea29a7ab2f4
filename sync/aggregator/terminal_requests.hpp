// sync/aggregator/terminal_requests.hpp — a county aggregator's answers to the applicant requests its
// terminals relay (docs/protocol.md section 18): PROGRESS-REQUEST (the progress of a receipt number filed at
// any terminal of the county, status only) and CORRECTION-REQUEST (a returned item's content, for the
// applicant who proves with the receipt's access code that they hold it).
// Invariants (numbered as in docs/protocol.md 18.5):
//  P1 The sender is an enrolled terminal (the server loop checked its kind, 8c); what it may read is decided
//     by its enrolled county, never by the body: an item of another county is OtherCounty, with no state.
//  P2 A PROGRESS-REPLY carries no personal data: the progress code, the staff's reason, times, revision
//     numbers and receipt numbers only.
//  P3 Content leaves only in a Granted CORRECTION-REPLY (AggregatorStore::check_access_code, V3 and V4).
//  P4 A store failure is ERROR store_unavailable (transient): nothing was counted or read.
#pragma once

#include <cstdint>

#include "sync/aggregator/aggregator_store.hpp"
#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

Body answer_progress_request(AggregatorStore& store, const NodeRecord& node, const ProgressRequest& request);
Body answer_correction_request(AggregatorStore& store, const NodeRecord& node,
                               const CorrectionRequest& request, std::int64_t now);

}  // namespace jiebang::sync

// sync/staff/staff_commands.hpp — the county/city staff commands of `jiebang`, over an aggregator's store.
// The `jiebang` CLI dispatches these groups here with the group name as the first argument:
//
//   terminal enroll --store S --id NODE_ID --county ADMIN_CODE --curve-key Z85 [--signing-key BASE64URL]
//                   [--kind terminal|county]      (county: a county aggregator enrolled at the city)
//   terminal revoke --store S --id NODE_ID
//   terminal list   --store S                     (id, kind, county, state, last seen, backlog,
//                                                  oldest pending)
//   submissions list   --store S [--state STATE] [--kind demand|bid] [--county CODE] [--limit N]
//   submissions show   --store S ID_OR_RECEIPT    (JSON: stored record and the submission content)
//   submissions accept --store S ID_OR_RECEIPT
//   submissions return --store S ID_OR_RECEIPT --reason TEXT   (reaches the applicant's progress lookup)
//   submissions reject --store S ID_OR_RECEIPT --reason TEXT
//   submissions forward --store S ID_OR_RECEIPT   (county: queue an accepted submission for the city)
//   board publish --store S                       (city: a new board version from accepted demands)
//   board show    --store S                       (the latest board as JSON)
//   bids list     --store S [--listing LISTING_ID]
//   export summary --store S --format xlsx|csv --out FILE [--county CODE] [--office TEXT] [--authority TEXT]
//   export full    --store S --format xlsx|csv --out FILE [--county CODE]
//   report monthly --store S --county CODE --month YYYY-MM [--format text|json|csv] [--out FILE]
//   feed tail      --store S [--from SEQUENCE] [--limit N]   (JSON lines, sequence > --from)
//
// Exit codes: 0 ok; 1 a user error (message on `error` naming what is wrong, with its stable code);
// 2 usage (unknown command or option, missing value). Output holds what staff asked for; nothing is logged.
// Chinese column titles and labels come from assets/strings/*/sync.json (keys sync.*).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jiebang::sync {

int run_staff_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error);

// The command groups handled here, for the CLI's dispatcher.
const std::vector<std::string>& staff_command_groups();

}  // namespace jiebang::sync

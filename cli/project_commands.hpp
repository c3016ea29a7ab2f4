// cli/project_commands.hpp — `jiebang project …`: the project lifecycle after the board (docs/lifecycle.md) on a
// project store file (`--store S --actor ID --role ROLE`, city staff working locally) or at the city's
// aggregator over the staff channel (`--remote ENDPOINT --server-key Z85 --staff-key FILE`, docs/protocol.md
// 17.20: who acts and with which role come from the staff key and are checked by the aggregator; --actor,
// --role and --store are refused there). The actions' arguments are read by the core's one builder
// (shared/lifecycle/lifecycle_request.hpp) on both paths, and both print the same audit records, project JSON,
// register lines and workbook.
//
//   project create   --store S --profile P --board BOARD.json --listing ID --county CODE|city_level
//   project bid      --store S PROJECT --bid ID --solver NAME [--uscc CODE] [--team NAME] [--receipt NUMBER]
//   project score    --store S PROJECT --bid ID --expert CODE --score N
//   project recommend --store S PROJECT --bid ID (--yes | --no) [--note TEXT]
//   project select   --store S PROJECT --bids ID[,ID...] [--issuer-consent] [--signing-deadline DATE]
//   project agree    --store S PROJECT --bid ID --start DATE --end DATE --value WAN [--registration NUMBER]
//   project forfeit  --store S PROJECT                 project forfeit-overdue --store S --profile P
//   project register --store S PROJECT                (enter the project register)
//   project notice   --store S PROJECT                (opens the approval's public notice on --date)
//   project object   --store S PROJECT --summary TEXT
//   project resolve  --store S PROJECT --objection N (--upheld | --dismissed) --note TEXT
//   project approve  --store S PROJECT [--number NUMBER] [--waive-notice REASON]      (approval with a project number)
//   project plan     --store S PROJECT [--actual-amount WAN]
//   project pay      --store S PROJECT --tranche ID
//   project midterm  --store S PROJECT --outcome continue|stop [--eliminate ID[,ID...]] [--note TEXT]
//   project progress --store S PROJECT --period YYYY-MM|YYYY-Qn --completion PERCENT [--note TEXT]
//   project extend   --store S PROJECT --new-end DATE --reason TEXT
//   project terminate --store S PROJECT --reason TEXT [--recover-unspent WAN] [--recover-misused WAN]
//   project accept   --store S PROJECT --completion PERCENT [--applied DATE] [--met ID,...] [--failed ID,...]
//   project close    --store S PROJECT [--note TEXT]
//   project withdraw --store S PROJECT --reason TEXT
//   project show     --store S PROJECT                (JSON: the project, its ledger and its timeline)
//   project list     --store S [--profile P] [--county CODE|city_level] [--state STATE] [--year YYYY] [--json]
//   project export   --store S --out FILE.xlsx [--profile P] [--county CODE|city_level] [--year YYYY]
//
// Every action also takes --actor STAFF_ID --role reviewer|publisher|admin (who acts; the role table of
// docs/lifecycle.md is checked by the core) and --date YYYY-MM-DD (the business date; default: today in China).
// With --remote instead of --store: `create` takes --listing and --county only (the listing is read from the
// aggregator's newest board), and the export is recorded in the aggregator's audit trail.
// Output: each action prints its audit record as one JSON line. Exit codes: 0 done; 1 refused or invalid input
// (stderr: the stable code and the message in Chinese and English); 2 usage; 3 the tool could not work (assets,
// store file). The store file holds the lifecycle_* tables only (LifecycleStore::install); it is created by
// `create` and must exist for every other command.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace jiebang::cli {

// `arguments` are the words after "project".
int run_project_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error);

}  // namespace jiebang::cli

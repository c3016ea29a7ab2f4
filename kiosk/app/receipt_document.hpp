// kiosk/app/receipt_document.hpp — the printed receipt (ESC/POS): heading, hall, receipt number, what was
// filed, the QR as a raster image, and what happens next; plus the admin's test page. Invariant: the receipt
// prints only data that is also on screen (number, title, time); no contact data.
#pragma once

#include <string>

#include "kiosk/app/app_state.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

// Errors: printer.encoding (text the printer's GB18030 cannot carry).
Result<std::string> build_receipt_document(const ReceiptView& receipt, const TerminalStatus& status,
                                           const StringCatalog& strings);
// `now`: unix seconds printed on the page (the Application's clock).
Result<std::string> build_test_page(const TerminalStatus& status, const StringCatalog& strings,
                                    std::int64_t now);

}  // namespace jiebang::kiosk

// kiosk/app/terminal_services.hpp — what the terminal loads once at start: the string catalogue, forms and
// profiles from assets/, the terminal store, its identity and its Ed25519 signing key (created with embedded
// defaults on first start: profile jiangmen, county 440703, terminal 1, unless flags say otherwise).
// Files in the data directory: terminal.sqlite (the store), terminal.key (secret, 0600), terminal.pub (the
// public key, base64url, for county staff and tests to verify receipts).
// Invariant: the Application is only built from services that opened completely.
#pragma once

#include <filesystem>
#include <memory>

#include "kiosk/app/options.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/store/terminal_store.hpp"
#include "shared/text/strings.hpp"

namespace jiebang::kiosk {

struct TerminalServices {
    std::filesystem::path assets_directory;
    std::filesystem::path data_directory;
    StringCatalog strings;
    FormCatalog forms;
    ProfileCatalog profiles;
    const Profile* profile = nullptr;
    store::TerminalStore store;
    store::TerminalIdentity identity;
    SigningKey signing_key;
    AfterSubmissionPolicy after_submission;  // the profile's paper work: next steps and the A4 papers

    // Errors: from the catalogues and the store, plus terminal.profile_unknown, terminal.county_unknown, and the
    // profile's after_submission section (profile.*).
    static Result<std::unique_ptr<TerminalServices>> open(const KioskOptions& options);
    std::filesystem::path database_file() const { return data_directory / "terminal.sqlite"; }
};

}  // namespace jiebang::kiosk

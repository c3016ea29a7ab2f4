// kiosk/app/terminal_services.cpp — start-up loading and first-start enrolment defaults (see the header).
#include "kiosk/app/terminal_services.hpp"

#include <cstdio>
#include <fstream>

#include "platform/system/paths.hpp"

namespace jiebang::kiosk {

namespace {

Result<store::TerminalIdentity> default_identity(const Profile& profile, const KioskOptions& options) {
    const County* county = profile.county_by_code(options.county_admin_code);
    if (county == nullptr) {
        return Error("terminal.county_unknown", options.county_admin_code,
                     "county " + options.county_admin_code + " is not in profile " + profile.id);
    }
    store::TerminalIdentity identity;
    char number[8];
    std::snprintf(number, sizeof number, "%03d", options.terminal_number);
    identity.terminal_id = options.county_admin_code + "-" + number;
    identity.profile_id = profile.id;
    identity.city_code = profile.receipt_city_code;
    identity.county_admin_code = county->admin_code;
    identity.county_code = county->receipt_code;
    identity.terminal_number = options.terminal_number;
    return identity;
}

}  // namespace

Result<std::unique_ptr<TerminalServices>> TerminalServices::open(const KioskOptions& options) {
    const auto assets =
        options.assets_directory.empty() ? default_assets_directory() : options.assets_directory;
    const auto data =
        options.data_directory.empty() ? platform::default_data_directory() : options.data_directory;
    if (auto created = platform::ensure_private_directory(data); !created)
        return created.error();

    auto strings = StringCatalog::load(assets);
    if (!strings)
        return strings.error();
    auto forms = FormCatalog::load(assets);
    if (!forms)
        return forms.error();
    auto profiles = ProfileCatalog::load(assets);
    if (!profiles)
        return profiles.error();
    auto opened = store::TerminalStore::open(data / "terminal.sqlite", options.store_busy_timeout_ms);
    if (!opened)
        return opened.error();

    std::unique_ptr<TerminalServices> services(new TerminalServices{assets,
                                                                    data,
                                                                    std::move(*strings),
                                                                    std::move(*forms),
                                                                    std::move(*profiles),
                                                                    nullptr,
                                                                    std::move(*opened),
                                                                    {},
                                                                    {},
                                                                    {}});

    auto stored = services->store.identity();
    if (!stored)
        return stored.error();
    if (stored->has_value()) {
        services->identity = **stored;
    } else {
        const Profile* profile = services->profiles.profile(options.profile_id);
        if (profile == nullptr) {
            return Error("terminal.profile_unknown", options.profile_id,
                         "no assets/profiles/" + options.profile_id + ".json");
        }
        auto identity = default_identity(*profile, options);
        if (!identity)
            return identity.error();
        if (auto saved = services->store.save_identity(*identity); !saved)
            return saved.error();
        services->identity = *identity;
    }
    services->profile = services->profiles.profile(services->identity.profile_id);
    if (services->profile == nullptr) {
        return Error("terminal.profile_unknown", services->identity.profile_id,
                     "the enrolled profile is missing");
    }
    auto after_submission = load_after_submission(*services->profile, services->forms);
    if (!after_submission)
        return after_submission.error();
    services->after_submission = std::move(*after_submission);

    const auto key_file = data / "terminal.key";
    if (std::filesystem::exists(key_file)) {
        auto key = SigningKey::load(key_file);
        if (!key)
            return key.error();
        services->signing_key = *key;
    } else {
        services->signing_key = SigningKey::generate();
        if (auto saved = services->signing_key.save(key_file); !saved)
            return saved.error();
    }
    std::ofstream public_key(data / "terminal.pub", std::ios::trunc);
    public_key << services->signing_key.public_key_text() << "\n";
    if (!public_key)
        return Error("terminal.public_key", (data / "terminal.pub").string(), "cannot write");
    return services;
}

}  // namespace jiebang::kiosk

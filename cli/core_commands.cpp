// cli/core_commands.cpp — the core's commands: check, validate, funding, keygen, receipt, profiles, forms.
// Every message a person reads about their data comes from the string catalogue (assets/strings), in Chinese
// with the English alongside in JSON; the usage lines are English for operators.
//
// Index:
//   [SECTION] Shared helpers (assets, output of errors)
//   [SECTION] check uscc
//   [SECTION] validate demand|bid
//   [SECTION] funding
//   [SECTION] keygen and receipt
//   [SECTION] profiles and forms
#include "cli/core_commands.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/options.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/forms/validation.hpp"
#include "shared/policy/funding.hpp"
#include "shared/policy/profile.hpp"
#include "shared/receipt/receipt.hpp"
#include "shared/text/strings.hpp"
#include "shared/validate/validators.hpp"

namespace jiebang::cli {
namespace {

constexpr int exit_ok = 0;
constexpr int exit_invalid = 1;
constexpr int exit_usage = 2;
constexpr int exit_failure = 3;

// [SECTION] Shared helpers (assets, output of errors)

struct Assets {
    StringCatalog strings;
    FormCatalog forms;
    ProfileCatalog profiles;
};

// Loads the catalogues the commands need; on failure writes the reason and returns nullopt.
std::optional<Assets> load_assets(std::ostream& error) {
    const std::filesystem::path directory = default_assets_directory();
    auto strings = StringCatalog::load(directory);
    if (!strings) {
        error << "jiebang: cannot load strings from " << directory.string() << ": " << strings.error().code
              << " " << strings.error().field << " " << strings.error().detail << "\n";
        return std::nullopt;
    }
    auto forms = FormCatalog::load(directory);
    if (!forms) {
        error << "jiebang: cannot load forms: " << forms.error().code << " " << forms.error().field << " "
              << forms.error().detail << "\n";
        return std::nullopt;
    }
    auto profiles = ProfileCatalog::load(directory);
    if (!profiles) {
        error << "jiebang: cannot load profiles: " << profiles.error().code << " " << profiles.error().field
              << " " << profiles.error().detail << "\n";
        return std::nullopt;
    }
    return Assets{std::move(strings.value()), std::move(forms.value()), std::move(profiles.value())};
}

nlohmann::json error_to_json(const Error& error, const StringCatalog& strings) {
    nlohmann::json json = {{"field", error.field},
                           {"code", error.code},
                           {"message", strings.message(error, Locale::Chinese)},
                           {"message_en", strings.message(error, Locale::English)}};
    if (!error.detail.empty())
        json["detail"] = error.detail;
    return json;
}

// One line for a person: "code: message (field)".
void write_error_line(std::ostream& out, const Error& error, const StringCatalog& strings) {
    out << error.code << ": " << strings.message(error, Locale::Chinese) << " / "
        << strings.message(error, Locale::English);
    if (!error.field.empty())
        out << " [" << error.field << "]";
    out << "\n";
}

const Profile* find_profile(const Assets& assets, const ParsedOptions& options, std::ostream& error) {
    auto name = options.value("profile");
    if (!name) {
        error << "jiebang: --profile NAME is required (one of:";
        for (const auto& profile : assets.profiles.all())
            error << " " << profile.id;
        error << ")\n";
        return nullptr;
    }
    const Profile* profile = assets.profiles.profile(*name);
    if (profile == nullptr) {
        error << "jiebang: unknown profile '" << *name << "' (one of:";
        for (const auto& known : assets.profiles.all())
            error << " " << known.id;
        error << ")\n";
    }
    return profile;
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return Error("file.unreadable", path, "cannot open for reading");
    std::ostringstream contents;
    contents << file.rdbuf();
    if (file.bad())
        return Error("file.unreadable", path, "read error");
    return contents.str();
}

// [SECTION] check uscc

int check_uscc_command(const ParsedOptions& options, std::ostream& out, std::ostream& error) {
    if (options.positional.size() != 2) {
        error << "usage: jiebang check uscc CODE [--profile NAME]\n";
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    auto checked = check_uscc(options.positional[1]);
    if (!checked) {
        write_error_line(error, checked.error(), assets->strings);
        return exit_invalid;
    }
    out << checked->code << " valid; admin division " << checked->admin_division_code
        << ", organisation code " << checked->organisation_code << "\n";
    if (options.value("profile")) {
        const Profile* profile = find_profile(*assets, options, error);
        if (profile == nullptr)
            return exit_usage;
        auto region = uscc_region(*checked, *profile);
        if (!region) {
            write_error_line(error, region.error(), assets->strings);
            return exit_invalid;
        }
        if (region->county != nullptr) {
            out << "registered in " << region->county->name.chinese << " (" << region->county->admin_code
                << "), " << profile->city_name.chinese << "\n";
        } else {
            out << "registered at city level, " << profile->city_name.chinese << "\n";
        }
    }
    return exit_ok;
}

}  // namespace

int check_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"profile"}, {});
    if (!options.error.empty()) {
        error << "jiebang check: " << options.error << "\n";
        return exit_usage;
    }
    if (!options.positional.empty() && options.positional[0] == "uscc")
        return check_uscc_command(options, out, error);
    error << "usage: jiebang check uscc CODE [--profile NAME]\n";
    return exit_usage;
}

// [SECTION] validate demand|bid

int validate_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"profile", "board", "locale"}, {});
    if (!options.error.empty() || options.positional.size() != 2 ||
        (options.positional[0] != "demand" && options.positional[0] != "bid")) {
        if (!options.error.empty())
            error << "jiebang validate: " << options.error << "\n";
        error << "usage: jiebang validate demand|bid FILE.json --profile NAME [--board BOARD.json]\n";
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, options, error);
    if (profile == nullptr)
        return exit_usage;
    const FormDefinition* form = assets->forms.form(options.positional[0]);
    if (form == nullptr) {
        error << "jiebang: the assets hold no form '" << options.positional[0] << "'\n";
        return exit_failure;
    }

    auto text = read_text_file(options.positional[1]);
    if (!text) {
        write_error_line(error, text.error(), assets->strings);
        return exit_failure;
    }

    Board board;
    if (auto board_path = options.value("board")) {
        auto board_text = read_text_file(*board_path);
        if (!board_text) {
            write_error_line(error, board_text.error(), assets->strings);
            return exit_failure;
        }
        auto parsed_board = board_from_json(*board_text);
        if (!parsed_board) {
            write_error_line(error, parsed_board.error(), assets->strings);
            return exit_invalid;
        }
        board = std::move(parsed_board.value());
    }

    nlohmann::json report = {{"form", form->id}, {"profile", profile->id}};
    std::vector<Error> errors;
    auto values = field_values_from_json(*text, *form);
    if (!values) {
        errors.push_back(values.error());
    } else {
        ValidationContext context{form, profile, &board};
        errors = validate_submission(context, *values);
    }
    report["valid"] = errors.empty();
    report["errors"] = nlohmann::json::array();
    for (const auto& each : errors)
        report["errors"].push_back(error_to_json(each, assets->strings));
    out << report.dump(2) << "\n";
    return errors.empty() ? exit_ok : exit_invalid;
}

// [SECTION] funding

int funding_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"profile", "amount", "type", "county", "kind"}, {});
    if (!options.error.empty() || !options.positional.empty() || !options.value("amount")) {
        if (!options.error.empty())
            error << "jiebang funding: " << options.error << "\n";
        error << "usage: jiebang funding --profile NAME --amount WAN [--type TYPE] [--county CODE] [--kind "
                 "KIND]\n";
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, options, error);
    if (profile == nullptr)
        return exit_usage;
    auto amount = parse_money_wan(*options.value("amount"));
    if (!amount) {
        Error amount_error = amount.error();
        amount_error.field = "amount";
        write_error_line(error, amount_error, assets->strings);
        return exit_invalid;
    }
    FundingRequest request;
    request.amount = *amount;
    request.project_type_id = options.value("type").value_or("");
    request.county_admin_code = options.value("county").value_or("");
    request.subsidy_kind = options.value("kind").value_or("");
    auto result = calculate_funding(*profile, request);
    if (!result) {
        write_error_line(error, result.error(), assets->strings);
        return exit_invalid;
    }
    out << funding_result_to_json(*result) << "\n";
    return exit_ok;
}

// [SECTION] keygen and receipt

int keygen_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"out"}, {});
    if (!options.error.empty() || !options.positional.empty()) {
        if (!options.error.empty())
            error << "jiebang keygen: " << options.error << "\n";
        error << "usage: jiebang keygen [--out SECRET_KEY_FILE]\n";
        return exit_usage;
    }
    SigningKey key = SigningKey::generate();
    if (auto path = options.value("out")) {
        if (std::filesystem::exists(*path)) {
            error << "jiebang keygen: " << *path << " exists; refusing to overwrite a key\n";
            return exit_invalid;
        }
        auto saved = key.save(*path);
        if (!saved) {
            error << "jiebang keygen: " << saved.error().code << " " << saved.error().detail << "\n";
            return exit_failure;
        }
        out << "{\"public_key\":\"" << key.public_key_text()
            << "\",\"secret_key_file\":" << nlohmann::json(*path).dump() << "}\n";
        return exit_ok;
    }
    // No file: print both halves, for scripting; the secret goes to stdout only on explicit request (no --out).
    out << "{\"public_key\":\"" << key.public_key_text() << "\",\"secret_key\":\""
        << base64url_encode(key.secret_key.data(), 32) << "\"}\n";
    return exit_ok;
}

int receipt_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"pubkey"}, {});
    const char* const usage =
        "usage: jiebang receipt verify PAYLOAD --pubkey KEY\n"
        "       jiebang receipt parse NUMBER\n";
    if (!options.error.empty() || options.positional.size() != 2) {
        if (!options.error.empty())
            error << "jiebang receipt: " << options.error << "\n";
        error << usage;
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    const std::string& verb = options.positional[0];
    if (verb == "parse") {
        auto number = ReceiptNumber::parse(options.positional[1]);
        if (!number) {
            write_error_line(error, number.error(), assets->strings);
            return exit_invalid;
        }
        out << number->text() << "\n";
        return exit_ok;
    }
    if (verb != "verify" || !options.value("pubkey")) {
        error << usage;
        return exit_usage;
    }
    auto public_key = parse_public_key(*options.value("pubkey"));
    if (!public_key) {
        write_error_line(error, public_key.error(), assets->strings);
        return exit_usage;
    }
    auto receipt = parse_qr_payload(options.positional[1]);
    if (!receipt) {
        write_error_line(error, receipt.error(), assets->strings);
        return exit_invalid;
    }
    auto verified = verify_receipt(*receipt, *public_key);
    if (!verified) {
        write_error_line(error, verified.error(), assets->strings);
        return exit_invalid;
    }
    out << "{\"valid\":true,\"receipt_number\":\"" << receipt->number.text() << "\",\"content_hash\":\""
        << hex_encode(receipt->content_hash) << "\"}\n";
    return exit_ok;
}

// [SECTION] profiles and forms

int profiles_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    if (!arguments.empty()) {
        error << "usage: jiebang profiles\n";
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& profile : assets->profiles.all()) {
        nlohmann::json counties = nlohmann::json::array();
        for (const auto& county : profile.counties) {
            counties.push_back({{"admin_code", county.admin_code}, {"name", county.name.chinese}});
        }
        list.push_back({{"id", profile.id},
                        {"city", profile.city_name.chinese},
                        {"city_en", profile.city_name.english},
                        {"admin_code", profile.city_admin_code},
                        {"counties", counties}});
    }
    out << list.dump(2) << "\n";
    return exit_ok;
}

int forms_command(const Arguments& arguments, std::ostream& out, std::ostream& error) {
    auto options = parse_options(arguments, {"profile"}, {});
    if (!options.error.empty() || options.positional.size() != 2 || options.positional[0] != "show") {
        if (!options.error.empty())
            error << "jiebang forms: " << options.error << "\n";
        error << "usage: jiebang forms show demand|bid --profile NAME\n";
        return exit_usage;
    }
    auto assets = load_assets(error);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, options, error);
    if (profile == nullptr)
        return exit_usage;
    const FormDefinition* form = assets->forms.form(options.positional[1]);
    if (form == nullptr) {
        error << "jiebang forms: no form '" << options.positional[1] << "' (demand or bid)\n";
        return exit_usage;
    }
    nlohmann::json steps = nlohmann::json::array();
    for (const StepDefinition* step : form->steps_for(profile->id)) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& field_id : step->field_ids) {
            const FieldDefinition* field = form->field(field_id);
            if (field == nullptr || !form->field_applies(*field, profile->id))
                continue;
            nlohmann::json entry = {{"id", field->id},
                                    {"kind", std::string(field_kind_name(field->kind))},
                                    {"label", field->label.chinese},
                                    {"label_en", field->label.english},
                                    {"required", field->required}};
            if (field->max_chars > 0)
                entry["max_chars"] = field->max_chars;
            if (field->personal)
                entry["personal"] = true;
            fields.push_back(entry);
        }
        steps.push_back({{"id", step->id}, {"title", step->title.chinese}, {"fields", fields}});
    }
    out << nlohmann::json(
               {{"form", form->id}, {"version", form->version}, {"profile", profile->id}, {"steps", steps}})
               .dump(2)
        << "\n";
    return exit_ok;
}

}  // namespace jiebang::cli

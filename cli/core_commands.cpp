// cli/core_commands.cpp — the core's commands: check, validate, funding, keygen, receipt, profiles, forms.
// Every message a person reads about their data comes from the string catalogue (assets/strings), in Chinese
// with the English alongside in JSON; the usage lines are English for operators. Every input file is read
// through read_bounded_file (at most 16 MiB: `jiebang validate demand /dev/zero` stops with file.too_large).
//
// Index:
//   [SECTION] Shared helpers (assets, output of errors)
//   [SECTION] check uscc
//   [SECTION] validate demand|bid
//   [SECTION] funding
//   [SECTION] keygen and receipt
//   [SECTION] profiles and forms
//   [SECTION] Registration
#include "cli/core_commands.hpp"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

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

// [SECTION] Shared helpers (assets, output of errors)

struct Assets {
    const StringCatalog* strings = nullptr;
    const FormCatalog* forms = nullptr;
    const ProfileCatalog* profiles = nullptr;
};

// The catalogues the commands need; nullopt (the context said why) when they cannot be loaded.
std::optional<Assets> load_assets(CommandContext& context) {
    Assets assets{context.strings(), context.forms(), context.profiles()};
    if (assets.strings == nullptr || assets.forms == nullptr || assets.profiles == nullptr)
        return std::nullopt;
    return assets;
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

const Profile* find_profile(const Assets& assets, const std::string& name, std::ostream& error) {
    const Profile* profile = assets.profiles->profile(name);
    if (profile == nullptr) {
        error << "usage error: --profile: unknown profile '" << name << "' (one of:";
        for (const auto& known : assets.profiles->all())
            error << " " << known.id;
        error << ")\n";
    }
    return profile;
}

// [SECTION] check uscc

struct CheckOptions {
    std::string code;
    std::string profile;
};

int check_uscc_command(CommandContext& context, const CheckOptions& options) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    auto checked = check_uscc(options.code);
    if (!checked) {
        write_error_line(context.error, checked.error(), *assets->strings);
        return exit_invalid;
    }
    context.out << checked->code << " valid; admin division " << checked->admin_division_code
                << ", organisation code " << checked->organisation_code << "\n";
    if (!options.profile.empty()) {
        const Profile* profile = find_profile(*assets, options.profile, context.error);
        if (profile == nullptr)
            return exit_usage;
        auto region = uscc_region(*checked, *profile);
        if (!region) {
            write_error_line(context.error, region.error(), *assets->strings);
            return exit_invalid;
        }
        if (region->county != nullptr) {
            context.out << "registered in " << region->county->name.chinese << " ("
                        << region->county->admin_code << "), " << profile->city_name.chinese << "\n";
        } else {
            context.out << "registered at city level, " << profile->city_name.chinese << "\n";
        }
    }
    return exit_ok;
}

// [SECTION] validate demand|bid

struct ValidateOptions {
    std::string kind;
    std::string file;
    std::string profile;
    std::string board;
    std::string locale;
};

int validate_command(CommandContext& context, const ValidateOptions& options) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, options.profile, context.error);
    if (profile == nullptr)
        return exit_usage;
    const FormDefinition* form = assets->forms->form(options.kind);
    if (form == nullptr) {
        context.error << "jiebang: the assets hold no form '" << options.kind << "'\n";
        return exit_failure;
    }
    auto text = read_bounded_file(options.file);
    if (!text) {
        write_error_line(context.error, text.error(), *assets->strings);
        return exit_failure;
    }
    Board board;
    if (!options.board.empty()) {
        auto board_text = read_bounded_file(options.board);
        if (!board_text) {
            write_error_line(context.error, board_text.error(), *assets->strings);
            return exit_failure;
        }
        auto parsed_board = board_from_json(*board_text);
        if (!parsed_board) {
            write_error_line(context.error, parsed_board.error(), *assets->strings);
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
        ValidationContext validation{form, profile, &board};
        errors = validate_submission(validation, *values);
    }
    report["valid"] = errors.empty();
    report["errors"] = nlohmann::json::array();
    for (const auto& each : errors)
        report["errors"].push_back(error_to_json(each, *assets->strings));
    context.out << report.dump(2) << "\n";
    return errors.empty() ? exit_ok : exit_invalid;
}

// [SECTION] funding

struct FundingOptions {
    std::string profile;
    std::string amount;
    std::string type;
    std::string county;
    std::string kind;
};

int funding_command(CommandContext& context, const FundingOptions& options) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, options.profile, context.error);
    if (profile == nullptr)
        return exit_usage;
    auto amount = parse_money_wan(options.amount);
    if (!amount) {
        Error amount_error = amount.error();
        amount_error.field = "amount";
        write_error_line(context.error, amount_error, *assets->strings);
        return exit_invalid;
    }
    FundingRequest request;
    request.amount = *amount;
    request.project_type_id = options.type;
    request.county_admin_code = options.county;
    request.subsidy_kind = options.kind;
    auto result = calculate_funding(*profile, request);
    if (!result) {
        write_error_line(context.error, result.error(), *assets->strings);
        return exit_invalid;
    }
    context.out << funding_result_to_json(*result) << "\n";
    return exit_ok;
}

// [SECTION] keygen and receipt

int keygen_command(CommandContext& context, const std::string& out_path) {
    SigningKey key = SigningKey::generate();
    if (!out_path.empty()) {
        if (std::filesystem::exists(out_path)) {
            context.error << "jiebang keygen: " << out_path << " exists; refusing to overwrite a key\n";
            return exit_invalid;
        }
        auto saved = key.save(out_path);
        if (!saved) {
            context.error << "jiebang keygen: " << saved.error().code << " " << saved.error().detail << "\n";
            return exit_failure;
        }
        context.out << "{\"public_key\":\"" << key.public_key_text()
                    << "\",\"secret_key_file\":" << nlohmann::json(out_path).dump() << "}\n";
        return exit_ok;
    }
    // No file: print both halves, for scripting; the secret goes to stdout only on explicit request (no --out).
    context.out << "{\"public_key\":\"" << key.public_key_text() << "\",\"secret_key\":\""
                << base64url_encode(key.secret_key.data(), 32) << "\"}\n";
    return exit_ok;
}

int receipt_parse_command(CommandContext& context, const std::string& text) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    auto number = ReceiptNumber::parse(text);
    if (!number) {
        write_error_line(context.error, number.error(), *assets->strings);
        return exit_invalid;
    }
    context.out << number->text() << "\n";
    return exit_ok;
}

int receipt_verify_command(CommandContext& context, const std::string& payload,
                           const std::string& public_key_text) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    auto public_key = parse_public_key(public_key_text);
    if (!public_key) {
        write_error_line(context.error, public_key.error(), *assets->strings);
        return exit_usage;
    }
    auto receipt = parse_qr_payload(payload);
    if (!receipt) {
        write_error_line(context.error, receipt.error(), *assets->strings);
        return exit_invalid;
    }
    auto verified = verify_receipt(*receipt, *public_key);
    if (!verified) {
        write_error_line(context.error, verified.error(), *assets->strings);
        return exit_invalid;
    }
    context.out << "{\"valid\":true,\"receipt_number\":\"" << receipt->number.text()
                << "\",\"content_hash\":\"" << hex_encode(receipt->content_hash) << "\"}\n";
    return exit_ok;
}

// [SECTION] profiles and forms

int profiles_command(CommandContext& context) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& profile : assets->profiles->all()) {
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
    context.out << list.dump(2) << "\n";
    return exit_ok;
}

int forms_show_command(CommandContext& context, const std::string& kind, const std::string& profile_name) {
    auto assets = load_assets(context);
    if (!assets)
        return exit_failure;
    const Profile* profile = find_profile(*assets, profile_name, context.error);
    if (profile == nullptr)
        return exit_usage;
    const FormDefinition* form = assets->forms->form(kind);
    if (form == nullptr) {
        context.error << "jiebang forms: no form '" << kind << "' (demand or bid)\n";
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
    context.out << nlohmann::json({{"form", form->id},
                                   {"version", form->version},
                                   {"profile", profile->id},
                                   {"steps", steps}})
                       .dump(2)
                << "\n";
    return exit_ok;
}

}  // namespace

// [SECTION] Registration
void add_core_commands(CLI::App& app, CommandContext& context) {
    const auto kinds = CLI::IsMember({"demand", "bid"});

    auto* check = app.add_subcommand("check", "Check a code (exit 0 if valid; 1 and the reason if not)");
    check->require_subcommand(1);
    auto check_options = std::make_shared<CheckOptions>();
    auto* uscc = check->add_subcommand("uscc", "Check a unified social credit code (GB 32100-2015)");
    uscc->add_option("CODE", check_options->code, "the 18-character code")->required();
    uscc->add_option("--profile", check_options->profile, "also say which county of this city it is from");
    on_parsed(uscc, context,
              [&context, check_options] { return check_uscc_command(context, *check_options); });

    auto validate_options = std::make_shared<ValidateOptions>();
    auto* validate =
        app.add_subcommand("validate", "Validate a demand or bid (JSON field values) against a form");
    validate->add_option("KIND", validate_options->kind, "demand or bid")->required()->check(kinds);
    validate->add_option("FILE", validate_options->file, "the JSON file (at most 16 MiB)")->required();
    validate->add_option("--profile", validate_options->profile, "the city profile")->required();
    validate->add_option("--board", validate_options->board, "a board JSON file (bids name a listing)");
    validate->add_option("--locale", validate_options->locale, "zh or en (messages carry both)")
        ->check(CLI::IsMember({"zh", "en"}));
    on_parsed(validate, context,
              [&context, validate_options] { return validate_command(context, *validate_options); });

    auto funding_options = std::make_shared<FundingOptions>();
    auto* funding = app.add_subcommand("funding", "Subsidy, tranches and cost shares as JSON");
    funding->add_option("--profile", funding_options->profile, "the city profile")->required();
    funding->add_option("--amount", funding_options->amount, "the bounty in wan yuan (10,000 yuan)")
        ->required();
    funding->add_option("--type", funding_options->type, "project type id");
    funding->add_option("--county", funding_options->county, "county administrative code");
    funding->add_option("--kind", funding_options->kind, "subsidy kind");
    on_parsed(funding, context,
              [&context, funding_options] { return funding_command(context, *funding_options); });

    auto keygen_out = std::make_shared<std::string>();
    auto* keygen = app.add_subcommand("keygen", "A new Ed25519 receipt-signing key; prints the public key");
    keygen->add_option("--out", *keygen_out, "write the secret key to this file (0600, never overwritten)");
    on_parsed(keygen, context, [&context, keygen_out] { return keygen_command(context, *keygen_out); });

    auto* receipt =
        app.add_subcommand("receipt", "Receipts: verify a QR payload offline, check a typed number");
    receipt->require_subcommand(1);
    auto receipt_text = std::make_shared<std::string>();
    auto receipt_key = std::make_shared<std::string>();
    auto* verify = receipt->add_subcommand("verify", "Verify a receipt QR payload against a terminal's key");
    verify->add_option("PAYLOAD", *receipt_text, "the QR payload")->required();
    verify->add_option("--pubkey", *receipt_key, "the terminal's Ed25519 public key (base64url)")->required();
    on_parsed(verify, context, [&context, receipt_text, receipt_key] {
        return receipt_verify_command(context, *receipt_text, *receipt_key);
    });
    auto* parse = receipt->add_subcommand("parse", "Check a typed receipt number");
    parse->add_option("NUMBER", *receipt_text, "the receipt number")->required();
    on_parsed(parse, context,
              [&context, receipt_text] { return receipt_parse_command(context, *receipt_text); });

    auto* profiles = app.add_subcommand("profiles", "List the city profiles");
    on_parsed(profiles, context, [&context] { return profiles_command(context); });

    auto* forms = app.add_subcommand("forms", "The forms as a terminal in a city asks them");
    forms->require_subcommand(1);
    auto form_kind = std::make_shared<std::string>();
    auto form_profile = std::make_shared<std::string>();
    auto* show = forms->add_subcommand("show", "A form's steps and fields under a profile");
    show->add_option("KIND", *form_kind, "demand or bid")->required()->check(kinds);
    show->add_option("--profile", *form_profile, "the city profile")->required();
    on_parsed(show, context, [&context, form_kind, form_profile] {
        return forms_show_command(context, *form_kind, *form_profile);
    });
}

}  // namespace jiebang::cli

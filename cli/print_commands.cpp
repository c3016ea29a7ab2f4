// cli/print_commands.cpp — `jiebang print form --submission FILE.json --profile P --receipt NUMBER --out FILE.pdf
// [--printer NAME] [--copies N] [--qr-payload PAYLOAD | --signing-key FILE] [--board BOARD.json] [--county CODE]
// [--locale zh|en]`: renders the printout (platform/print/form_printout.hpp) and, with --printer, hands it to
// CUPS. Prints one JSON object on success: the PDF, its pages and documents, the receipt number, the next steps,
// and the CUPS job id. Errors go to stderr with their stable codes and the catalogue's message.
// The QR carries the signed receipt payload when one is given (--qr-payload, as stored with the receipt) or made
// (--signing-key: the terminal's key signs the number and the submission's content hash); else the number.
#include "cli/print_commands.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/options.hpp"
#include "platform/print/cups_printer.hpp"
#include "platform/print/form_printout.hpp"
#include "shared/domain/board.hpp"
#include "shared/domain/submission.hpp"
#include "shared/forms/form.hpp"
#include "shared/paper/after_submission.hpp"
#include "shared/paper/next_steps.hpp"
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

const char* const usage =
    "usage: jiebang print form --submission FILE.json --profile NAME --receipt NUMBER --out FILE.pdf\n"
    "                          [--printer NAME] [--copies N] [--qr-payload PAYLOAD | --signing-key FILE]\n"
    "                          [--board BOARD.json] [--county CODE] [--locale zh|en]\n"
    "  Renders the filed form (and the papers the city asks for) as an A4 PDF; with --printer, prints it via "
    "CUPS.\n"
    "  --county: the terminal's county (default: from the submission's terminal id).\n";

Result<std::string> read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return Error("file.unreadable", path, "cannot open for reading");
    std::ostringstream contents;
    contents << file.rdbuf();
    if (file.bad())
        return Error("file.unreadable", path, "read error");
    return contents.str();
}

void write_error(std::ostream& out, const Error& error, const StringCatalog* strings) {
    out << "jiebang print: " << error.code;
    if (strings != nullptr)
        out << ": " << strings->message(error, Locale::Chinese) << " / "
            << strings->message(error, Locale::English);
    else if (!error.detail.empty())
        out << ": " << error.detail;
    if (!error.field.empty())
        out << " [" << error.field << "]";
    out << "\n";
}

// Codes that mean the tool or the machine could not work, not that the input was wrong.
bool is_tool_failure(const std::string& code) {
    return code == "print.font_missing" || code == "print.pdf_write" || code == "print.asset" ||
           code == "print.document_unknown" || code == "print.cups_unavailable" ||
           code.starts_with("profile.") || code == "qr.encode" || code == "key.cannot_read" ||
           code == "key.permissions";
}

}  // namespace

int print_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& error) {
    const ParsedOptions options =
        parse_options(arguments,
                      {"submission", "profile", "receipt", "out", "printer", "copies", "qr-payload",
                       "signing-key", "board", "county", "locale"},
                      {"help"});
    if (options.flag("help")) {
        out << usage;
        return exit_ok;
    }
    if (!options.error.empty()) {
        error << "jiebang print: " << options.error << "\n" << usage;
        return exit_usage;
    }
    if (options.positional.size() != 1 || options.positional[0] != "form") {
        error << usage;
        return exit_usage;
    }
    for (const char* required : {"submission", "profile", "receipt", "out"}) {
        if (!options.value(required)) {
            error << "jiebang print: --" << required << " is required\n" << usage;
            return exit_usage;
        }
    }
    if (options.value("qr-payload") && options.value("signing-key")) {
        error << "jiebang print: give --qr-payload or --signing-key, not both\n" << usage;
        return exit_usage;
    }
    Locale locale = Locale::Chinese;
    if (auto chosen = options.value("locale")) {
        if (*chosen == "en") {
            locale = Locale::English;
        } else if (*chosen != "zh") {
            error << "jiebang print: --locale is zh or en\n";
            return exit_usage;
        }
    }
    int copies = 1;
    if (auto text = options.value("copies")) {
        auto number = parse_integer(*text);
        if (!number || *number < 1 || *number > 20) {
            error << "jiebang print: --copies is a number from 1 to 20\n";
            return exit_usage;
        }
        copies = static_cast<int>(*number);
    }

    const std::filesystem::path assets_directory = default_assets_directory();
    auto strings = StringCatalog::load(assets_directory);
    if (!strings) {
        write_error(error, strings.error(), nullptr);
        return exit_failure;
    }
    auto forms = FormCatalog::load(assets_directory);
    auto profiles = ProfileCatalog::load(assets_directory);
    if (!forms || !profiles) {
        write_error(error, !forms ? forms.error() : profiles.error(), &*strings);
        return exit_failure;
    }
    const Profile* profile = profiles->profile(*options.value("profile"));
    if (profile == nullptr) {
        error << "jiebang print: unknown profile '" << *options.value("profile") << "'\n";
        return exit_usage;
    }
    auto policy = load_after_submission(*profile, *forms);
    if (!policy) {
        write_error(error, policy.error(), &*strings);
        return exit_failure;
    }
    auto submission_text = read_file(*options.value("submission"));
    if (!submission_text) {
        write_error(error, submission_text.error(), &*strings);
        return exit_invalid;
    }
    auto submission = submission_from_json(*submission_text);
    if (!submission) {
        write_error(error, submission.error(), &*strings);
        return exit_invalid;
    }
    std::optional<Board> board;
    if (auto board_file = options.value("board")) {
        auto board_text = read_file(*board_file);
        if (!board_text) {
            write_error(error, board_text.error(), &*strings);
            return exit_invalid;
        }
        auto parsed = board_from_json(*board_text);
        if (!parsed) {
            write_error(error, parsed.error(), &*strings);
            return exit_invalid;
        }
        board = std::move(*parsed);
    }
    std::string county = options.value("county").value_or(submission->terminal_id.substr(0, 6));

    std::string qr_payload = options.value("qr-payload").value_or("");
    if (auto key_file = options.value("signing-key")) {
        auto key = SigningKey::load(*key_file);
        if (!key) {
            write_error(error, key.error(), &*strings);
            return is_tool_failure(key.error().code) ? exit_failure : exit_invalid;
        }
        auto number = ReceiptNumber::parse(*options.value("receipt"));
        if (!number) {
            write_error(error, number.error(), &*strings);
            return exit_invalid;
        }
        qr_payload = sign_receipt(*number, content_hash(*submission), *key).qr_payload();
    }

    print::PrintRequest request;
    request.submission = &*submission;
    request.forms = &*forms;
    request.profile = profile;
    request.policy = &*policy;
    request.strings = &*strings;
    request.board = board ? &*board : nullptr;
    request.assets_directory = assets_directory;
    request.receipt_number = *options.value("receipt");
    request.qr_payload = qr_payload;
    request.terminal_county_code = county;
    request.locale = locale;
    const std::filesystem::path output = *options.value("out");
    auto printed = print::render_submission_pdf(request, output);
    if (!printed) {
        write_error(error, printed.error(), &*strings);
        return is_tool_failure(printed.error().code) ? exit_failure : exit_invalid;
    }
    const FormDefinition& form = submission->kind == SubmissionKind::Demand ? forms->demand() : forms->bid();
    auto next_steps = describe_next_steps(next_steps_input(*submission, form, *profile, *policy, county,
                                                           printed->receipt_number, request.board),
                                          *strings, locale);
    nlohmann::json report = {{"pdf", output.string()},
                             {"pages", printed->page_count},
                             {"documents", printed->documents},
                             {"pages_per_document", printed->pages_per_document},
                             {"receipt_number", printed->receipt_number}};
    if (next_steps)
        report["next_steps"] = next_steps_text(*next_steps);
    if (auto printer = options.value("printer")) {
        print::CupsJobRequest job;
        job.printer = *printer;
        job.file = output;
        job.title = printed->receipt_number;
        job.copies = copies;
        auto job_id = print::print_with_cups(job);
        if (!job_id) {
            out << report.dump() << "\n";
            write_error(error, job_id.error(), &*strings);
            return is_tool_failure(job_id.error().code) ? exit_failure : exit_invalid;
        }
        report["printer"] = *printer;
        report["job_id"] = *job_id;
        report["copies"] = copies;
    }
    out << report.dump() << "\n";
    return exit_ok;
}

}  // namespace jiebang::cli

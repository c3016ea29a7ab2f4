// tests/print/test_printout.cpp — the printout end to end: the real `jiebang print form` renders each city's complete
// sample demand and bid; poppler renders the pages to PNG and zbar reads the QR on every page (a receipt signed by a
// terminal key, verified with its public key); pdftotext finds every value the applicant entered and every label
// (platform/print/form_printout.hpp invariants 1-2), Jiangmen's commitment letter with the filed facts, the next
// steps; every word lies inside the page margins and no two words overlap. Long texts at their limits wrap and run
// onto the next page, whole. What cannot be printed whole is refused with the field named; a failure leaves no file.
// JIEBANG_PRINT_SCREENSHOT_DIR=docs/screenshots build/tests/print/print_tests -tc='printout:*' writes one page of
// each form as PNG for the documentation; JIEBANG_PRINT_PAGES_DIR=DIR writes every page of every sample (to look at).
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "print_test_support.hpp"
#include "shared/forms/validation.hpp"
#include "shared/paper/next_steps.hpp"

using namespace jiebang;
using namespace jiebang::print_test;

namespace {

struct Printed {
    fs::path pdf;
    nlohmann::json report;
    std::string receipt_number;
    std::array<unsigned char, 32> public_key{};
};

// Runs the CLI with a fresh terminal key; REQUIREs success.
Printed print_sample(const TemporaryDirectory& folder, const Submission& submission, const std::string& name,
                     const Board* listing_board) {
    const SigningKey key = SigningKey::generate();
    const fs::path key_file = folder.path / (name + ".key");
    REQUIRE(key.save(key_file).ok());
    const std::string submission_file = folder.write(name + ".json", submission_to_json(submission));
    Printed printed;
    printed.pdf = folder.path / (name + ".pdf");
    printed.receipt_number = receipt_for(submission);
    printed.public_key = key.public_key;
    std::vector<std::string> arguments = {"print",         "form",
                                          "--submission",  submission_file,
                                          "--profile",     submission.profile_id,
                                          "--receipt",     printed.receipt_number,
                                          "--out",         printed.pdf.string(),
                                          "--signing-key", key_file.string()};
    if (listing_board != nullptr) {
        arguments.push_back("--board");
        arguments.push_back(folder.write(name + ".board.json", board_to_json(*listing_board)));
    }
    const auto result = run(cli_path, arguments);
    INFO(result.error);
    REQUIRE(result.exit_code == 0);
    printed.report = nlohmann::json::parse(result.out);
    return printed;
}

// What the applicant entered for a field, as the paper must show it (computed here from the form and the profile,
// not by the printing code): text as typed, money in 万元, option names, the listing's title, the statement of a
// declaration, list items one by one.
std::vector<std::string> expected_texts(const ValidationContext& context, const FieldDefinition& field,
                                        const FieldValues& values) {
    const auto found = values.find(field.id);
    if (found == values.end())
        return {};
    std::vector<std::string> texts;
    if (const auto* list = std::get_if<std::vector<std::string>>(&found->second))
        return *list;
    if (const auto* flag = std::get_if<bool>(&found->second)) {
        if (*flag && (field.required || field.kind == FieldKind::Consent))
            texts.push_back(field.help.chinese);  // the statement affirmed
        return texts;
    }
    const std::string& text = std::get<std::string>(found->second);
    switch (field.kind) {
        case FieldKind::Money:
            texts.push_back(text + "万元");
            break;
        case FieldKind::Choice:
            for (const ChoiceOption& option : field_options(context, field, values)) {
                if (option.id == text)
                    texts.push_back(option.label.chinese);
            }
            REQUIRE_MESSAGE(texts.size() == 1, field.id);
            break;
        case FieldKind::Listing:
            REQUIRE(context.board != nullptr);
            REQUIRE(context.board->listing(text) != nullptr);
            texts.push_back(context.board->listing(text)->title);
            texts.push_back(text);
            break;
        default:
            texts.push_back(text);
    }
    return texts;
}

// Invariant of the layout engine: every word inside the margins, none on top of another.
void check_words_inside_and_apart(const PdfText& text) {
    const double left = 20 * 72 / 25.4, right = text.page_width - 20 * 72 / 25.4;
    const double top = 12 * 72 / 25.4 - 2, bottom = text.page_height - 12 * 72 / 25.4 + 2;
    for (const Word& word : text.words) {
        CAPTURE(word.text);
        CAPTURE(word.page);
        CHECK(word.x_min >= left - 1);
        CHECK(word.x_max <= right + 1);
        CHECK(word.y_min >= top);
        CHECK(word.y_max <= bottom);
    }
    for (std::size_t first = 0; first < text.words.size(); ++first) {
        const Word& a = text.words[first];
        for (std::size_t second = first + 1; second < text.words.size(); ++second) {
            const Word& b = text.words[second];
            if (a.page != b.page)
                continue;
            const double width = std::min(a.x_max, b.x_max) - std::max(a.x_min, b.x_min);
            const double height = std::min(a.y_max, b.y_max) - std::max(a.y_min, b.y_min);
            if (width <= 0 || height <= 0)
                continue;
            // Line boxes of adjacent lines may touch by a hair; a real overlap covers much of the smaller word.
            const double smaller = std::min((a.x_max - a.x_min) * (a.y_max - a.y_min),
                                            (b.x_max - b.x_min) * (b.y_max - b.y_min));
            CAPTURE(a.text);
            CAPTURE(b.text);
            CHECK(width * height < 0.25 * smaller);
        }
    }
}

// One page at 100 dpi (827 x 1170 px: readable, modest in size) for the documentation.
void save_screenshot(const fs::path& pdf, int page, const std::string& name) {
    const char* directory = std::getenv("JIEBANG_PRINT_SCREENSHOT_DIR");
    if (directory == nullptr || *directory == '\0')
        return;
    fs::create_directories(directory);
    const fs::path stem = fs::path(directory) / fs::path(name).stem();
    const auto result =
        run("/usr/bin/pdftoppm", {"-r", "100", "-f", std::to_string(page), "-l", std::to_string(page),
                                  "-singlefile", "-png", pdf.string(), stem.string()});
    CHECK(result.exit_code == 0);
}

void check_printout(const std::string& city, const std::string& kind) {
    TemporaryDirectory folder;
    const Submission submission = sample(city, kind);
    const bool is_bid = kind == "bid";
    const Board listing_board = board(city);
    const FormDefinition& form = is_bid ? catalogs().forms.bid() : catalogs().forms.demand();
    const ValidationContext context{&form, &profile(city), is_bid ? &listing_board : nullptr};
    // The sample is what a terminal would file: complete and valid under the city's rules.
    const auto errors = validate_submission(context, submission.values);
    for (const Error& error : errors)
        FAIL_CHECK("sample not valid: " << error.field << " " << error.code);
    REQUIRE(errors.empty());

    const Printed printed =
        print_sample(folder, submission, city + "_" + kind, is_bid ? &listing_board : nullptr);
    const AfterSubmissionPolicy paper_policy = policy(city);
    const auto& documents = paper_policy.paper(submission.kind).documents;
    CHECK(printed.report.at("documents").get<std::vector<std::string>>() == documents);
    CHECK(printed.report.at("receipt_number") == printed.receipt_number);
    const int pages = pdf_page_count(printed.pdf);
    CHECK(printed.report.at("pages") == pages);
    const int form_pages = printed.report.at("pages_per_document").at(0).get<int>();
    CHECK(form_pages >= 1);

    // The QR on every page: zbar reads it off a 150 dpi rendering; it is this terminal's signed receipt for this
    // submission.
    const auto png_pages = render_pages(printed.pdf, folder.path, 150);
    REQUIRE(static_cast<int>(png_pages.size()) == pages);
    for (const fs::path& png : png_pages) {
        CAPTURE(png.filename().string());
        const auto payloads = decode_qr_codes(png);
        REQUIRE(payloads.size() == 1);
        auto receipt = parse_qr_payload(payloads.front());
        REQUIRE(receipt.ok());
        CHECK(receipt->number.text() == printed.receipt_number);
        CHECK(receipt->content_hash == content_hash(submission));
        CHECK(verify_receipt(*receipt, printed.public_key).ok());
    }

    // The text: the receipt number on every page; every label and value on the form's pages.
    const PdfText text = read_pdf_text(printed.pdf, folder.path);
    REQUIRE(text.pages == pages);
    for (int page = 0; page < pages; ++page) {
        CAPTURE(page);
        CHECK(page_text(text, page, page + 1).find(printed.receipt_number) != std::string::npos);
    }
    const auto streams = column_streams(text, 0, form_pages);
    int values_checked = 0;
    for (const FieldDefinition& field : form.fields) {
        const std::vector<std::string> expected = expected_texts(context, field, submission.values);
        if (expected.empty())
            continue;
        CAPTURE(field.id);
        CHECK(in_one_cell(text, field.label.chinese, 0, form_pages));
        for (const std::string& value : expected) {
            CAPTURE(value);
            CHECK(in_some_stream(streams, value));
            ++values_checked;
        }
    }
    CHECK(values_checked >= 15);
    // The seal and signature boxes.
    const std::string form_text = page_text(text, 0, form_pages);
    CHECK(form_text.find(without_whitespace(catalogs().strings.text(
              is_bid ? "print.bid_form.unit_seal" : "print.demand_form.unit_seal"))) != std::string::npos);
    CHECK(form_text.find(without_whitespace(catalogs().strings.text("print.signature.person"))) !=
          std::string::npos);

    // The next steps, as the receipt screen shows them.
    auto next_steps = describe_next_steps(
        next_steps_input(submission, form, profile(city), paper_policy, submission.terminal_id.substr(0, 6),
                         printed.receipt_number, is_bid ? &listing_board : nullptr),
        catalogs().strings);
    REQUIRE(next_steps.ok());
    for (const std::string& step : next_steps->steps) {
        CAPTURE(step);
        CHECK(in_some_stream(streams, step));
    }
    CHECK(printed.report.at("next_steps") == next_steps_text(*next_steps));

    // Jiangmen's commitment letter: the filed facts in the letter's sentences.
    if (documents.size() > 1) {
        REQUIRE(documents[1] == "self_funding_commitment_letter");
        const std::string letter = page_text(text, form_pages, pages);
        for (const char* field_id : {"issuer_name", "issuer_uscc", "project_name"}) {
            CAPTURE(field_id);
            CHECK(letter.find(std::get<std::string>(submission.values.at(field_id))) != std::string::npos);
        }
        CHECK(letter.find(std::get<std::string>(submission.values.at("budget_total_wan")) + "万元") !=
              std::string::npos);
        CHECK(letter.find(without_whitespace(catalogs().strings.text(
                  "print.self_funding_commitment_letter.signer_unit"))) != std::string::npos);
        CHECK(letter.find(paper_policy.city_bureau.name.chinese) != std::string::npos);
    }
    check_words_inside_and_apart(text);

    if (const char* every_page = std::getenv("JIEBANG_PRINT_PAGES_DIR");
        every_page != nullptr && *every_page != '\0') {
        fs::create_directories(every_page);
        for (const fs::path& png : png_pages) {
            fs::copy_file(png, fs::path(every_page) / (city + "_" + kind + "-" + png.filename().string()),
                          fs::copy_options::overwrite_existing);
        }
    }
    if (city == "jingdezhen" && kind == "demand") {
        save_screenshot(printed.pdf, 1, "print-demand-form.png");
        save_screenshot(printed.pdf, form_pages, "print-demand-last-page.png");
    }
    if (city == "jiaxing" && kind == "bid")
        save_screenshot(printed.pdf, 1, "print-bid-form.png");
    if (city == "jiangmen" && kind == "demand")
        save_screenshot(printed.pdf, pages, "print-commitment-letter.png");
}

}  // namespace

TEST_CASE("printout: Jiangmen demand, with the self-funding commitment letter") {
    check_printout("jiangmen", "demand");
}
TEST_CASE("printout: Jingdezhen demand (seed 002 附件1)") {
    check_printout("jingdezhen", "demand");
}
TEST_CASE("printout: Jiaxing demand") {
    check_printout("jiaxing", "demand");
}
TEST_CASE("printout: Jiangmen bid from a consortium") {
    check_printout("jiangmen", "bid");
}
TEST_CASE("printout: Jingdezhen bid with a local host enterprise") {
    check_printout("jingdezhen", "bid");
}
TEST_CASE("printout: Jiaxing bid (seed 004 揭榜意向表)") {
    check_printout("jiaxing", "bid");
}

TEST_CASE("printout: texts at their limits wrap and run onto the next page, none of them cut") {
    TemporaryDirectory folder;
    Submission bid = sample("jiangmen", "bid");
    // 1000 characters each (the form's limits), no spaces to break at, plus a long unbroken e-mail address.
    std::string plan, approach;
    const std::string plan_words = "揭榜方案可行性论证研发团队组织保障";
    const std::string approach_words = "技术路线第一阶段样机第二阶段验证";
    for (int index = 0; index < 1000; ++index) {
        const std::size_t offset = static_cast<std::size_t>(index % 16) * 3;
        plan += plan_words.substr(offset, 3);
        approach += approach_words.substr(offset, 3);
    }
    plan.replace(0, 3 * 8, "起始标记ABCD");  // distinct first and last characters, so a cut would show
    plan.replace(plan.size() - 12, 12, "结束标记");
    bid.values["feasible_plan"] = plan;
    bid.values["technical_approach"] = approach;
    bid.values["contact_email"] =
        std::string("very.long.mailbox.name.for.testing@research-institute.example.edu.cn");
    std::vector<std::string> milestones;
    for (int index = 1; index <= 12; ++index)
        milestones.push_back("第" + std::to_string(index * 3) + "个月：完成第" + std::to_string(index) +
                             "阶段的研究任务");
    bid.values["milestones"] = milestones;
    const Board listing_board = board("jiangmen");
    const ValidationContext context{&catalogs().forms.bid(), &profile("jiangmen"), &listing_board};
    CHECK(validate_submission(context, bid.values).empty());

    const Printed printed = print_sample(folder, bid, "long", &listing_board);
    const PdfText text = read_pdf_text(printed.pdf, folder.path);
    CHECK(text.pages >= 3);
    const auto streams = column_streams(text);
    CHECK(in_some_stream(streams, plan));
    CHECK(in_some_stream(streams, approach));
    CHECK(in_some_stream(streams, std::get<std::string>(bid.values["contact_email"])));
    for (const std::string& milestone : milestones)
        CHECK(in_some_stream(streams, milestone));
    // The plan continues on a later page under its label marked as continued.
    const std::string continued = catalogs().strings.format(
        "print.label.continued", {{"label", catalogs().forms.bid().field("feasible_plan")->label.chinese}});
    CHECK(in_one_cell(text, continued));
    check_words_inside_and_apart(text);
}

TEST_CASE(
    "printout: what cannot be printed whole is refused, naming the field, and a failure leaves no file") {
    TemporaryDirectory folder;
    const Submission demand = sample("jiangmen", "demand");
    const std::string receipt = receipt_for(demand);
    const auto attempt = [&](const Submission& submission, std::vector<std::string> extra = {}) {
        std::vector<std::string> arguments = {
            "print",        "form",
            "--submission", folder.write("attempt.json", submission_to_json(submission)),
            "--profile",    submission.profile_id,
            "--receipt",    receipt,
            "--out",        (folder.path / "attempt.pdf").string()};
        arguments.insert(arguments.end(), extra.begin(), extra.end());
        return run(cli_path, arguments);
    };

    // A field the form does not have.
    Submission unknown_field = demand;
    unknown_field.values["favourite_colour"] = std::string("蓝色");
    auto result = attempt(unknown_field);
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("field.unknown") != std::string::npos);
    CHECK(result.error.find("favourite_colour") != std::string::npos);

    // A value for a field the city's form does not show (the host suggestion is for non-enterprise issuers only;
    // Jiangmen's revenue fields do not exist in Jingdezhen).
    Submission hidden = demand;
    hidden.values["host_enterprise_suggestion"] = std::string("江门市某承接企业有限公司");
    result = attempt(hidden);
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("print.hidden_value") != std::string::npos);
    CHECK(result.error.find("建议的项目承接企业") != std::string::npos);
    Submission other_city = sample("jingdezhen", "demand");
    other_city.values["last_year_revenue_wan"] = std::string("50000");
    result = run(cli_path,
                 {"print", "form", "--submission", folder.write("jdz.json", submission_to_json(other_city)),
                  "--profile", "jingdezhen", "--receipt", receipt_for(other_city), "--out",
                  (folder.path / "attempt.pdf").string()});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("last_year_revenue_wan") != std::string::npos);

    // A character no installed font can draw (an unassigned code point).
    Submission unprintable = demand;
    unprintable.values["sub_direction"] = std::string("电机\xF4\x8F\xBF\xBD控制");  // U+10FFFD, private use
    result = attempt(unprintable);
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("print.unprintable_character") != std::string::npos);
    CHECK(result.error.find("细分方向") != std::string::npos);

    // A QR payload signed for another submission or receipt.
    const SigningKey key = SigningKey::generate();
    auto other_number = ReceiptNumber::parse(receipt_for(demand, 8));
    REQUIRE(other_number.ok());
    const std::string other_payload = sign_receipt(*other_number, content_hash(demand), key).qr_payload();
    result = attempt(demand, {"--qr-payload", other_payload});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("print.receipt_mismatch") != std::string::npos);
    auto same_number = ReceiptNumber::parse(receipt);
    Submission changed = demand;
    changed.values["project_name"] = std::string("改过的项目名称");
    const std::string payload_of_original =
        sign_receipt(*same_number, content_hash(demand), key).qr_payload();
    result = attempt(changed, {"--qr-payload", payload_of_original});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("print.receipt_mismatch") != std::string::npos);
    // ... while the stored payload of this very submission is accepted.
    result = attempt(demand, {"--qr-payload", payload_of_original});
    CHECK(result.exit_code == 0);
    REQUIRE(fs::is_regular_file(folder.path / "attempt.pdf"));

    // A mistyped receipt number; the wrong profile.
    result = attempt(demand, {});
    std::string mistyped = receipt;
    mistyped[mistyped.size() - 3] = mistyped[mistyped.size() - 3] == '1' ? '2' : '1';
    result = run(cli_path,
                 {"print", "form", "--submission", folder.write("ok.json", submission_to_json(demand)),
                  "--profile", "jiangmen", "--receipt", mistyped, "--out", (folder.path / "x.pdf").string()});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("receipt.check") != std::string::npos);
    result = run(cli_path, {"print", "form", "--submission", folder.path.string() + "/ok.json", "--profile",
                            "jiaxing", "--receipt", receipt, "--out", (folder.path / "x.pdf").string()});
    CHECK(result.exit_code == 1);
    CHECK(result.error.find("print.profile_mismatch") != std::string::npos);
    CHECK_FALSE(fs::exists(folder.path / "x.pdf"));

    // A failed print leaves an existing file as it was, and no temporary file behind.
    const std::string before = read_file(folder.path / "attempt.pdf");
    result = attempt(hidden);
    CHECK(result.exit_code == 1);
    CHECK(read_file(folder.path / "attempt.pdf") == before);
    for (const auto& entry : fs::directory_iterator(folder.path))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    // A folder that does not exist: the tool could not work (exit 3), and says where.
    result = run(cli_path,
                 {"print", "form", "--submission", folder.path.string() + "/ok.json", "--profile", "jiangmen",
                  "--receipt", receipt, "--out", (folder.path / "missing" / "x.pdf").string()});
    CHECK(result.exit_code == 3);
    CHECK(result.error.find("print.pdf_write") != std::string::npos);

    // Usage mistakes.
    CHECK(run(cli_path, {"print", "form", "--profile", "jiangmen"}).exit_code == 2);
    CHECK(run(cli_path, {"print", "poster"}).exit_code == 2);
    CHECK(run(cli_path, {"print", "form", "--submission", "a", "--profile", "jiangmen", "--receipt", receipt,
                         "--out", "b", "--copies", "0"})
              .exit_code == 2);
}

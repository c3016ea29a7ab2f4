// platform/print/print_documents.cpp — loading assets/print/*.json strictly (see the header's invariants 1-3).
//
// Index:
//   [SECTION] reading with key paths
//   [SECTION] style
//   [SECTION] documents
#include "platform/print/print_documents.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace jiebang::print {

namespace {

using Json = nlohmann::json;

// [SECTION] reading with key paths

struct AssetFailure {
    Error error;
};

class AssetReader {
  public:
    explicit AssetReader(std::filesystem::path file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& reason) const {
        const std::string name = file_.filename().string();
        throw AssetFailure{Error("print.asset", file_.string(), name + ": " + path + ": " + reason)
                               .with("file", name)
                               .with("key", path.empty() ? "/" : path)
                               .with("reason", reason)};
    }
    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }
    static std::string index(const std::string& path, std::size_t position) {
        return path + "[" + std::to_string(position) + "]";
    }

    Json parse() const {
        std::ifstream stream(file_, std::ios::binary);
        if (!stream)
            fail("", "cannot be read");
        std::stringstream buffer;
        buffer << stream.rdbuf();
        std::string duplicate;
        std::vector<std::set<std::string>> open_objects;
        const auto watch = [&](int, Json::parse_event_t event, Json& parsed) {
            if (event == Json::parse_event_t::object_start) {
                open_objects.emplace_back();
            } else if (event == Json::parse_event_t::object_end && !open_objects.empty()) {
                open_objects.pop_back();
            } else if (event == Json::parse_event_t::key && !open_objects.empty() && parsed.is_string() &&
                       !open_objects.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
                duplicate = parsed.get<std::string>();
            }
            return true;
        };
        Json root;
        try {
            root = Json::parse(buffer.str(), watch);
        } catch (const Json::parse_error& error) {
            fail("", "not valid JSON at byte " + std::to_string(error.byte));
        }
        if (!duplicate.empty())
            fail(duplicate, "the key appears twice in one object");
        return root;
    }

    void only_keys(const Json& object, const std::string& path,
                   std::initializer_list<std::string_view> allowed) const {
        if (!object.is_object())
            fail(path, "expected an object");
        for (const auto& [key, value] : object.items()) {
            if (!key.empty() && key.front() == '_')
                continue;
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
                fail(join(path, key), "unknown key");
        }
    }
    const Json& member(const Json& object, const std::string& path, std::string_view key) const {
        const auto found = object.find(std::string(key));
        if (found == object.end())
            fail(join(path, key), "missing");
        return *found;
    }
    std::string text(const Json& object, const std::string& path, std::string_view key) const {
        const Json& value = member(object, path, key);
        if (!value.is_string() || value.get<std::string>().empty())
            fail(join(path, key), "expected a non-empty string");
        return value.get<std::string>();
    }
    std::string optional_text(const Json& object, const std::string& path, std::string_view key) const {
        return object.contains(std::string(key)) ? text(object, path, key) : std::string();
    }
    double number(const Json& object, const std::string& path, std::string_view key, double minimum,
                  double maximum) const {
        const Json& value = member(object, path, key);
        if (!value.is_number())
            fail(join(path, key), "expected a number");
        const double number = value.get<double>();
        if (!(number >= minimum && number <= maximum))
            fail(join(path, key),
                 "must be between " + std::to_string(minimum) + " and " + std::to_string(maximum));
        return number;
    }
    const Json& list(const Json& object, const std::string& path, std::string_view key) const {
        const Json& value = member(object, path, key);
        if (!value.is_array() || value.empty())
            fail(join(path, key), "expected a non-empty list");
        return value;
    }

  private:
    std::filesystem::path file_;
};

// [SECTION] style

PrintStyle read_style(const AssetReader& reader, const Json& root) {
    reader.only_keys(root, "",
                     {"font_family", "page_width_mm", "page_height_mm", "margin_left_mm", "margin_right_mm",
                      "margin_top_mm", "margin_bottom_mm", "title_pt", "body_pt", "small_pt", "qr_mm",
                      "label_fraction", "group_fraction", "cell_padding_mm", "minimum_row_mm",
                      "line_width_pt", "signature_height_mm", "line_spacing"});
    PrintStyle style;
    style.font_family = reader.text(root, "", "font_family");
    style.page_width_mm = reader.number(root, "", "page_width_mm", 100, 500);
    style.page_height_mm = reader.number(root, "", "page_height_mm", 100, 500);
    style.margin_left_mm = reader.number(root, "", "margin_left_mm", 5, 50);
    style.margin_right_mm = reader.number(root, "", "margin_right_mm", 5, 50);
    style.margin_top_mm = reader.number(root, "", "margin_top_mm", 5, 50);
    style.margin_bottom_mm = reader.number(root, "", "margin_bottom_mm", 5, 50);
    style.title_pt = reader.number(root, "", "title_pt", 8, 30);
    style.body_pt = reader.number(root, "", "body_pt", 6, 20);
    style.small_pt = reader.number(root, "", "small_pt", 5, 20);
    style.qr_mm = reader.number(root, "", "qr_mm", 15, 60);
    style.label_fraction = reader.number(root, "", "label_fraction", 0.1, 0.4);
    style.group_fraction = reader.number(root, "", "group_fraction", 0.1, 0.4);
    style.cell_padding_mm = reader.number(root, "", "cell_padding_mm", 0.5, 5);
    style.minimum_row_mm = reader.number(root, "", "minimum_row_mm", 4, 30);
    style.line_width_pt = reader.number(root, "", "line_width_pt", 0.2, 3);
    style.signature_height_mm = reader.number(root, "", "signature_height_mm", 20, 100);
    style.line_spacing = reader.number(root, "", "line_spacing", 1, 2);
    return style;
}

// [SECTION] documents

class DocumentChecker {
  public:
    DocumentChecker(const AssetReader& reader, const FormDefinition& form, const StringCatalog& strings)
        : reader_(reader), form_(form), strings_(strings) {}

    std::string key(const Json& object, const std::string& path, std::string_view name) const {
        std::string value = reader_.text(object, path, name);
        check_key(value, AssetReader::join(path, name));
        return value;
    }
    void check_key(const std::string& value, const std::string& path) const {
        if (!strings_.has(value))
            reader_.fail(path, "the string catalogue has no key " + value);
    }
    TableRow row(const Json& value, const std::string& path, bool in_group) {
        if (!value.is_array() || value.empty() || value.size() > 2)
            reader_.fail(path, "a row is a list of one or two field ids");
        TableRow row;
        for (std::size_t position = 0; position < value.size(); ++position) {
            const std::string item_path = AssetReader::index(path, position);
            if (!value[position].is_string())
                reader_.fail(item_path, "expected a field id");
            const std::string id = value[position].get<std::string>();
            const FieldDefinition* field = form_.field(id);
            if (field == nullptr)
                reader_.fail(item_path, id + " is not a field of the " + form_.id + " form");
            if (!placed_.insert(id).second)
                reader_.fail(item_path, id + " is placed twice");
            const bool list = field->kind == FieldKind::TextList || field->kind == FieldKind::MultiChoice;
            if (list && (value.size() != 1 || in_group))
                reader_.fail(item_path, id + " is a list: it stands alone in its row, outside groups");
            row.field_ids.push_back(id);
        }
        return row;
    }

  private:
    const AssetReader& reader_;
    const FormDefinition& form_;
    const StringCatalog& strings_;
    std::set<std::string> placed_;
};

PrintDocument read_document(const AssetReader& reader, const Json& root, const std::string& document_id,
                            const FormCatalog& forms, const StringCatalog& strings) {
    if (!root.is_object())
        reader.fail("", "expected an object");
    const std::string type = reader.text(root, "", "type");
    PrintDocument document;
    document.id = document_id;
    document.title_key = "print.document." + document_id + ".title";
    document.form_id = reader.text(root, "", "form");
    const FormDefinition* form = forms.form(document.form_id);
    if (form == nullptr)
        reader.fail("form", "demand or bid");
    DocumentChecker checker(reader, *form, strings);
    checker.check_key(document.title_key, "(title)");
    if (root.contains("attachment_key"))
        document.attachment_key = checker.key(root, "", "attachment_key");

    if (type == "table") {
        document.type = DocumentType::Table;
        reader.only_keys(root, "",
                         {"type", "form", "attachment_key", "rows", "list_item_headers", "signature"});
        const Json& rows = reader.list(root, "", "rows");
        for (std::size_t position = 0; position < rows.size(); ++position) {
            const std::string path = AssetReader::index("rows", position);
            TableBand band;
            if (rows[position].is_object()) {
                reader.only_keys(rows[position], path, {"group_key", "rows"});
                band.group_key = checker.key(rows[position], path, "group_key");
                const Json& inner = reader.list(rows[position], path, "rows");
                for (std::size_t row = 0; row < inner.size(); ++row)
                    band.rows.push_back(
                        checker.row(inner[row], AssetReader::index(path + ".rows", row), true));
            } else {
                band.rows.push_back(checker.row(rows[position], path, false));
            }
            document.bands.push_back(std::move(band));
        }
        if (root.contains("list_item_headers")) {
            const Json& headers = root.at("list_item_headers");
            if (!headers.is_object())
                reader.fail("list_item_headers", "expected an object");
            for (const auto& [field_id, value] : headers.items()) {
                const FieldDefinition* field = form->field(field_id);
                if (field == nullptr ||
                    (field->kind != FieldKind::TextList && field->kind != FieldKind::MultiChoice))
                    reader.fail("list_item_headers." + field_id,
                                "not a list field of the " + form->id + " form");
                document.list_item_headers[field_id] = checker.key(headers, "list_item_headers", field_id);
            }
        }
        const Json& signature = reader.member(root, "", "signature");
        reader.only_keys(signature, "signature", {"unit_key", "person_key"});
        document.signature_unit_key = checker.key(signature, "signature", "unit_key");
        document.signature_person_key = checker.key(signature, "signature", "person_key");
    } else if (type == "letter") {
        document.type = DocumentType::Letter;
        reader.only_keys(
            root, "",
            {"type", "form", "attachment_key", "salutation_key", "paragraph_keys", "signature_keys"});
        document.salutation_key = checker.key(root, "", "salutation_key");
        for (const char* list_name : {"paragraph_keys", "signature_keys"}) {
            const Json& keys = reader.list(root, "", list_name);
            auto& into = std::string(list_name) == "paragraph_keys" ? document.paragraph_keys
                                                                    : document.signature_keys;
            for (std::size_t position = 0; position < keys.size(); ++position) {
                const std::string path = AssetReader::index(list_name, position);
                if (!keys[position].is_string())
                    reader.fail(path, "expected a string-catalogue key");
                into.push_back(keys[position].get<std::string>());
                checker.check_key(into.back(), path);
            }
        }
    } else {
        reader.fail("type", "table or letter");
    }
    return document;
}

}  // namespace

Result<PrintStyle> load_print_style(const std::filesystem::path& assets_directory) {
    const AssetReader reader(assets_directory / "print" / "style.json");
    try {
        return read_style(reader, reader.parse());
    } catch (const AssetFailure& failure) {
        return failure.error;
    } catch (const Json::exception& failure) {
        return Error("print.asset", "style.json", failure.what())
            .with("file", "style.json")
            .with("key", "/")
            .with("reason", "unreadable value");
    }
}

Result<PrintDocument> load_print_document(const std::filesystem::path& assets_directory,
                                          const std::string& document_id, const FormCatalog& forms,
                                          const StringCatalog& strings) {
    const bool plain_id =
        !document_id.empty() && std::all_of(document_id.begin(), document_id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        });
    const std::filesystem::path file = assets_directory / "print" / (document_id + ".json");
    std::error_code error_code;
    if (!plain_id || !std::filesystem::is_regular_file(file, error_code)) {
        return Error("print.document_unknown", document_id, "no print template " + file.string())
            .with("value", document_id);
    }
    const AssetReader reader(file);
    try {
        PrintDocument document = read_document(reader, reader.parse(), document_id, forms, strings);
        document.source_file = file;
        return document;
    } catch (const AssetFailure& failure) {
        return failure.error;
    } catch (const Json::exception& failure) {
        return Error("print.asset", file.string(), failure.what())
            .with("file", file.filename().string())
            .with("key", "/")
            .with("reason", "unreadable value");
    }
}

}  // namespace jiebang::print

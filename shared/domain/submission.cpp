// shared/domain/submission.cpp — submission identity, canonical encoding, content hash and JSON.
// Invariants:
//  - canonical_encoding() is a pure function of the submission's envelope and values; the byte format is
//    documented in submission.hpp and must never change for a given form_version (hashes are signed).
//  - Parsing is strict: unknown keys, wrong types and malformed ids are errors that name the key; nothing
//    is silently dropped or coerced except JSON numbers for numeric fields, which become their shortest
//    exact decimal text (300 -> "300", 12.5 -> "12.5").
//
// Index:
//   [SECTION] Identity and kind names
//   [SECTION] Canonical encoding and hash
//   [SECTION] JSON parsing helpers
//   [SECTION] Submission JSON
//   [SECTION] Access codes
//   [SECTION] Field values JSON
//   [SECTION] Personal data
#include "shared/domain/submission.hpp"

#include <sodium.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "shared/base/strict_json.hpp"
#include "shared/domain/canonical_json.hpp"
#include "shared/domain/sodium_ready.hpp"

namespace jiebang {

// [SECTION] Identity and kind names

std::string_view submission_kind_name(SubmissionKind kind) {
    switch (kind) {
        case SubmissionKind::Demand:
            return "demand";
        case SubmissionKind::Bid:
            return "bid";
    }
    return "demand";
}

std::optional<SubmissionKind> submission_kind_from_name(std::string_view name) {
    if (name == "demand")
        return SubmissionKind::Demand;
    if (name == "bid")
        return SubmissionKind::Bid;
    return std::nullopt;
}

std::string new_submission_id() {
    detail::ensure_sodium_ready();
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    const std::string digits = hex_encode(bytes.data(), bytes.size());
    return digits.substr(0, 8) + "-" + digits.substr(8, 4) + "-" + digits.substr(12, 4) + "-" +
           digits.substr(16, 4) + "-" + digits.substr(20, 12);
}

bool is_submission_id(std::string_view text) {
    if (text.size() != 36)
        return false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char character = text[index];
        if (index == 8 || index == 13 || index == 18 || index == 23) {
            if (character != '-')
                return false;
        } else if (!((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string hex_encode(const unsigned char* bytes, std::size_t size) {
    std::string text(size * 2 + 1, '\0');  // libsodium writes lower-case digits and a final NUL
    sodium_bin2hex(text.data(), text.size(), bytes, size);
    text.pop_back();
    return text;
}

// [SECTION] Canonical encoding and hash

namespace {

bool has_value(const FieldValue& value) {
    if (std::holds_alternative<std::monostate>(value))
        return false;
    if (const auto* text = std::get_if<std::string>(&value))
        return !text->empty();
    if (const auto* lines = std::get_if<std::vector<std::string>>(&value))
        return !lines->empty();
    return true;
}

void append_field_value(std::string& out, const FieldValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        canonical_json::append_string(out, *text);
    } else if (const auto* flag = std::get_if<bool>(&value)) {
        out += *flag ? "true" : "false";
    } else if (const auto* lines = std::get_if<std::vector<std::string>>(&value)) {
        out.push_back('[');
        for (std::size_t index = 0; index < lines->size(); ++index) {
            if (index > 0)
                out.push_back(',');
            canonical_json::append_string(out, (*lines)[index]);
        }
        out.push_back(']');
    } else {
        out += "null";
    }
}

// FieldValues is a std::map<std::string, ...>: iteration order is std::string's, i.e. bytewise.
void append_field_values(std::string& out, const FieldValues& values) {
    out.push_back('{');
    bool first = true;
    for (const auto& [field_id, value] : values) {
        if (!has_value(value))
            continue;
        if (!first)
            out.push_back(',');
        first = false;
        canonical_json::append_key(out, field_id);
        append_field_value(out, value);
    }
    out.push_back('}');
}

}  // namespace

std::string canonical_encoding(const Submission& submission) {
    // Keys in bytewise order: [access_code_hash], created_at, form_version, id, kind, profile,
    // [resubmission_of], terminal, values.
    std::string out;
    out.reserve(512);
    out.push_back('{');
    if (!submission.access_code_hash.empty()) {
        canonical_json::append_key(out, "access_code_hash");
        canonical_json::append_string(out, submission.access_code_hash);
        out.push_back(',');
    }
    canonical_json::append_key(out, "created_at");
    canonical_json::append_integer(out, submission.created_at);
    out.push_back(',');
    canonical_json::append_key(out, "form_version");
    canonical_json::append_integer(out, submission.form_version);
    out.push_back(',');
    canonical_json::append_key(out, "id");
    canonical_json::append_string(out, submission.id);
    out.push_back(',');
    canonical_json::append_key(out, "kind");
    canonical_json::append_string(out, submission_kind_name(submission.kind));
    out.push_back(',');
    canonical_json::append_key(out, "profile");
    canonical_json::append_string(out, submission.profile_id);
    out.push_back(',');
    if (!submission.resubmission_of.empty()) {
        canonical_json::append_key(out, "resubmission_of");
        canonical_json::append_string(out, submission.resubmission_of);
        out.push_back(',');
    }
    canonical_json::append_key(out, "terminal");
    canonical_json::append_string(out, submission.terminal_id);
    out.push_back(',');
    canonical_json::append_key(out, "values");
    append_field_values(out, submission.values);
    out.push_back('}');
    return out;
}

ContentHash content_hash(const Submission& submission) {
    return content_hash_of_encoding(canonical_encoding(submission));
}

ContentHash content_hash_of_encoding(std::string_view canonical_bytes) {
    detail::ensure_sodium_ready();
    ContentHash hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(canonical_bytes.data()),
                       canonical_bytes.size());
    return hash;
}

// [SECTION] JSON parsing helpers

namespace {

using Json = nlohmann::json;

Result<Json> parse_json_object(std::string_view json_text, std::string_view what) {
    auto document = strict_json::parse(json_text, what);
    if (!document)
        return document.error();
    if (!document->is_object()) {
        return Error("json.wrong_type", "", std::string(what) + " must be a JSON object")
            .with("expected", "object");
    }
    return std::move(document.value());
}

Error wrong_type(std::string_view key, std::string_view expected) {
    return Error("json.wrong_type", std::string(key),
                 "key '" + std::string(key) + "' must be " + std::string(expected))
        .with("expected", std::string(expected));
}

// Shortest decimal text that reads back as the same number, without exponent for ordinary values.
Result<std::string> number_as_text(const Json& number, std::string_view key) {
    if (number.is_number_unsigned())
        return std::to_string(number.get<std::uint64_t>());
    if (number.is_number_integer())
        return std::to_string(number.get<std::int64_t>());
    const double value = number.get<double>();
    if (!std::isfinite(value))
        return wrong_type(key, "a finite number");
    char buffer[64];
    const auto [end, error_code] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (error_code != std::errc())
        return wrong_type(key, "a number of ordinary size");
    return std::string(buffer, end);
}

Result<std::vector<std::string>> string_list(const Json& value, std::string_view key) {
    if (!value.is_array())
        return wrong_type(key, "a list of texts");
    std::vector<std::string> lines;
    lines.reserve(value.size());
    for (const Json& item : value) {
        if (!item.is_string())
            return wrong_type(key, "a list of texts");
        lines.push_back(item.get<std::string>());
    }
    return lines;
}

// Values without a form (the wire format): text, true/false, or a list of texts; null means no value.
Result<FieldValues> untyped_field_values(const Json& object, std::string_view key_prefix) {
    FieldValues values;
    for (const auto& [field_id, value] : object.items()) {
        const std::string key = std::string(key_prefix) + field_id;
        if (value.is_null())
            continue;
        if (value.is_string()) {
            values.emplace(field_id, value.get<std::string>());
        } else if (value.is_boolean()) {
            values.emplace(field_id, value.get<bool>());
        } else if (value.is_array()) {
            auto lines = string_list(value, key);
            if (!lines)
                return lines.error();
            values.emplace(field_id, std::move(lines.value()));
        } else {
            return wrong_type(key, "text, true/false or a list of texts");
        }
    }
    return values;
}

}  // namespace

// [SECTION] Submission JSON

std::string submission_to_json(const Submission& submission) {
    return canonical_encoding(submission);
}

Result<Submission> submission_from_json(std::string_view json_text) {
    auto parsed = parse_json_object(json_text, "submission");
    if (!parsed)
        return parsed.error();
    const Json& document = parsed.value();

    static const char* const known_keys[] = {"created_at", "form_version", "id",    "kind",
                                             "profile",    "terminal",     "values"};
    static const char* const optional_keys[] = {"access_code_hash", "resubmission_of"};
    for (const auto& [key, value] : document.items()) {
        bool known = false;
        for (const char* known_key : known_keys)
            known = known || key == known_key;
        for (const char* optional_key : optional_keys)
            known = known || key == optional_key;
        if (!known)
            return Error("json.unknown_key", key, "submission has an unknown key '" + key + "'");
    }
    for (const char* key : known_keys) {
        if (!document.contains(key)) {
            return Error("json.missing_key", key, std::string("submission lacks the key '") + key + "'");
        }
    }

    Submission submission;
    const Json& id = document.at("id");
    if (!id.is_string())
        return wrong_type("id", "text");
    submission.id = id.get<std::string>();
    if (!is_submission_id(submission.id)) {
        return Error("submission.id_format", "id", "submission id must be a lower-case UUID (36 characters)");
    }
    const Json& kind = document.at("kind");
    if (!kind.is_string())
        return wrong_type("kind", "text");
    const auto kind_value = submission_kind_from_name(kind.get<std::string>());
    if (!kind_value)
        return Error("submission.kind", "kind", "kind must be \"demand\" or \"bid\"");
    submission.kind = *kind_value;
    const Json& form_version = document.at("form_version");
    if (!strict_json::is_int64(form_version) || form_version.get<std::int64_t>() < 0 ||
        form_version.get<std::int64_t>() > 1000000) {
        return wrong_type("form_version", "a whole number");
    }
    submission.form_version = static_cast<int>(form_version.get<std::int64_t>());
    const Json& profile = document.at("profile");
    if (!profile.is_string())
        return wrong_type("profile", "text");
    submission.profile_id = profile.get<std::string>();
    const Json& terminal = document.at("terminal");
    if (!terminal.is_string())
        return wrong_type("terminal", "text");
    submission.terminal_id = terminal.get<std::string>();
    const Json& created_at = document.at("created_at");
    if (!strict_json::is_int64(created_at))
        return wrong_type("created_at", "a whole number (Unix seconds)");
    submission.created_at = created_at.get<std::int64_t>();
    const Json& values = document.at("values");
    if (!values.is_object())
        return wrong_type("values", "an object");
    auto field_values = untyped_field_values(values, "values.");
    if (!field_values)
        return field_values.error();
    submission.values = std::move(field_values.value());
    if (document.contains("access_code_hash")) {
        const Json& code_hash = document.at("access_code_hash");
        if (!code_hash.is_string())
            return wrong_type("access_code_hash", "text");
        submission.access_code_hash = code_hash.get<std::string>();
        bool hex = submission.access_code_hash.size() == 64;
        for (char character : submission.access_code_hash)
            hex = hex && ((character >= '0' && character <= '9') || (character >= 'a' && character <= 'f'));
        if (!hex) {
            return Error("submission.access_code_hash", "access_code_hash",
                         "access_code_hash must be 64 lower-case hex digits");
        }
    }
    if (document.contains("resubmission_of")) {
        const Json& original = document.at("resubmission_of");
        if (!original.is_string())
            return wrong_type("resubmission_of", "text");
        submission.resubmission_of = original.get<std::string>();
        if (!is_submission_id(submission.resubmission_of) || submission.resubmission_of == submission.id) {
            return Error("submission.resubmission_of", "resubmission_of",
                         "resubmission_of must be the lower-case UUID of another submission");
        }
    }
    return submission;
}

// [SECTION] Access codes

namespace {
constexpr std::string_view access_code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t access_code_length = 8;
}  // namespace

std::string new_access_code() {
    detail::ensure_sodium_ready();
    std::string code;
    while (code.size() < access_code_length) {
        // randombytes_uniform is unbiased.
        code.push_back(access_code_alphabet[randombytes_uniform(
            static_cast<std::uint32_t>(access_code_alphabet.size()))]);
    }
    return code;
}

std::string normalise_access_code(std::string_view typed) {
    std::string code;
    for (char character : typed) {
        if (character == ' ' || character == '-')
            continue;
        if (character >= 'a' && character <= 'z')
            character = static_cast<char>(character - 'a' + 'A');
        if (access_code_alphabet.find(character) == std::string_view::npos)
            return {};
        code.push_back(character);
    }
    return code.size() == access_code_length ? code : std::string{};
}

std::string access_code_hash_of(std::string_view submission_id, std::string_view code) {
    const std::string message = "JB1-access|" + std::string(submission_id) + "|" + std::string(code);
    return hex_encode(content_hash_of_encoding(message));
}

// [SECTION] Field values JSON

Result<FieldValues> field_values_from_json(std::string_view json_text, const FormDefinition& form) {
    auto parsed = parse_json_object(json_text, "field values");
    if (!parsed)
        return parsed.error();
    FieldValues values;
    for (const auto& [field_id, value] : parsed.value().items()) {
        const FieldDefinition* field = nullptr;
        for (const FieldDefinition& candidate : form.fields) {
            if (candidate.id == field_id)
                field = &candidate;
        }
        if (field == nullptr) {
            return Error("form.unknown_field", field_id,
                         "'" + field_id + "' is not a field of the form '" + form.id + "'")
                .with("form", form.id);
        }
        if (value.is_null())
            continue;
        switch (field->kind) {
            case FieldKind::Money:
            case FieldKind::Integer:
            case FieldKind::Percent: {
                if (value.is_number()) {
                    auto text = number_as_text(value, field_id);
                    if (!text)
                        return text.error();
                    values.emplace(field_id, std::move(text.value()));
                } else if (value.is_string()) {
                    values.emplace(field_id, value.get<std::string>());
                } else {
                    return wrong_type(field_id, "a number or its text");
                }
                break;
            }
            case FieldKind::Declaration:
            case FieldKind::Consent:
                if (!value.is_boolean())
                    return wrong_type(field_id, "true or false");
                values.emplace(field_id, value.get<bool>());
                break;
            case FieldKind::TextList:
            case FieldKind::MultiChoice: {
                auto lines = string_list(value, field_id);
                if (!lines)
                    return lines.error();
                values.emplace(field_id, std::move(lines.value()));
                break;
            }
            case FieldKind::Text:
            case FieldKind::Multiline:
            case FieldKind::Uscc:
            case FieldKind::Mobile:
            case FieldKind::Email:
            case FieldKind::Choice:
            case FieldKind::Listing:
                if (!value.is_string())
                    return wrong_type(field_id, "text");
                values.emplace(field_id, value.get<std::string>());
                break;
        }
    }
    return values;
}

std::string field_values_to_json(const FieldValues& values) {
    std::string out;
    append_field_values(out, values);
    return out;
}

// [SECTION] Personal data

FieldValues without_personal_fields(const FieldValues& values, const FormDefinition& form) {
    FieldValues kept;
    for (const auto& [field_id, value] : values) {
        bool personal = false;
        for (const FieldDefinition& field : form.fields) {
            if (field.id == field_id)
                personal = field.personal;
        }
        if (!personal)
            kept.emplace(field_id, value);
    }
    return kept;
}

}  // namespace jiebang

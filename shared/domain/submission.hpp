// shared/domain/submission.hpp — what an applicant files: a demand or a bid, with its identity.
// A submission is immutable once committed: its id (UUID v4 made on the terminal) and its content hash
// (SHA-256 over the canonical encoding) travel with it through every hop and make upload idempotent.
// Canonical encoding: UTF-8 JSON, object keys sorted bytewise, no insignificant whitespace, fields with
// no value omitted, lists kept in order; the envelope fields (id, kind, form_version, profile, created_at,
// terminal) are part of it. Two submissions with the same canonical bytes are the same submission.
// Exact format (hashes are signed over it, so it never changes for a form version):
//   {["access_code_hash":"<64 hex>",]"created_at":<int>,"form_version":<int>,"id":"<uuid>",
//    "kind":"demand|bid","profile":"<id>",["resubmission_of":"<uuid>",]"terminal":"<id>",
//    "values":{<field id>:<value>,...}}
//   - the two bracketed members are optional and written only when set (docs/protocol.md 12.1 and 17), so
//     a submission without them keeps the seven-member bytes it always had;
//   - integers in plain decimal (optional '-', no leading zeros, no exponent);
//   - values: text -> JSON string, declaration/consent -> true/false, list -> array of strings in order;
//     a field with no value (std::monostate, empty text, empty list) is left out;
//   - value keys sorted bytewise (std::map order of std::string); the envelope keys are already sorted;
//   - strings escape only '"', '\\', and bytes below 0x20 (\b \f \n \r \t, else \u00xx lower-case);
//     everything else, UTF-8 included, is copied byte for byte (see shared/domain/canonical_json.hpp).
// submission_to_json() returns exactly these bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

enum class SubmissionKind { Demand, Bid };
std::string_view submission_kind_name(SubmissionKind kind);  // "demand", "bid"
std::optional<SubmissionKind> submission_kind_from_name(std::string_view name);
// True for a lower-case UUID text of 36 characters (8-4-4-4-12 hex digits).
bool is_submission_id(std::string_view text);

struct Submission {
    std::string id;  // UUID v4, lowercase, 36 chars
    SubmissionKind kind = SubmissionKind::Demand;
    int form_version = 0;
    std::string profile_id;
    std::string terminal_id;      // e.g. "440703-007"
    std::int64_t created_at = 0;  // Unix seconds, UTC
    FieldValues values;
    // Optional envelope members (docs/protocol.md 18.1): the SHA-256 (hex) of the applicant's access code
    // (access_code_hash_of), and the id of the returned submission this one corrects. Empty = absent.
    std::string access_code_hash;
    std::string resubmission_of;
};

using ContentHash = std::array<unsigned char, 32>;

std::string new_submission_id();
// The access code printed on a receipt (never in its QR): 8 characters of the check-character alphabet
// 23456789ABCDEFGHJKMNPQRSTUVWXYZ from libsodium's CSPRNG (docs/protocol.md 18.1).
std::string new_access_code();
// Reads a typed code loosely (spaces and dashes dropped, lower case raised; the alphabet has no 0, 1, I, L,
// O to confuse); empty when what is left is not 8 characters of the alphabet.
std::string normalise_access_code(std::string_view typed);
// SHA-256 over "JB1-access|" + submission id + "|" + normalised code, 64 lower-case hex digits.
std::string access_code_hash_of(std::string_view submission_id,
                                std::string_view code);  // UUID v4 from libsodium's CSPRNG
std::string canonical_encoding(const Submission& submission);
ContentHash content_hash(const Submission& submission);
// SHA-256 of already-canonical bytes (what a receiver recomputes over the wire content).
ContentHash content_hash_of_encoding(std::string_view canonical_bytes);
std::string hex_encode(const unsigned char* bytes, std::size_t size);
template <std::size_t N>
std::string hex_encode(const std::array<unsigned char, N>& bytes) {
    return hex_encode(bytes.data(), N);
}

// JSON with the forms' field ids (the CLI's and the wire's format); parse errors name the key.
// Errors: json.syntax, json.wrong_type (field = the key, argument "expected"), json.missing_key,
// json.unknown_key, submission.id_format, submission.kind. Values are text, true/false or lists of texts;
// null means "no value".
std::string submission_to_json(const Submission& submission);
Result<Submission> submission_from_json(std::string_view json_text);
// Field values alone (the CLI's `validate` input): {"issuer_name": "...", "budget_total": "300", ...}
// The form gives each key its kind: Money/Integer/Percent accept a JSON number too and keep it as its
// shortest exact decimal text (300 -> "300", 12.5 -> "12.5"); a key that is not a field of the form is
// form.unknown_field (field = the key); a value of the wrong JSON type is json.wrong_type.
Result<FieldValues> field_values_from_json(std::string_view json_text, const FormDefinition& form);
std::string field_values_to_json(const FieldValues& values);

// The same content without the fields marked `personal` in the form (what stays after the purge).
FieldValues without_personal_fields(const FieldValues& values, const FormDefinition& form);

}  // namespace jiebang

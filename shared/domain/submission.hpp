// shared/domain/submission.hpp — what an applicant files: a demand or a bid, with its identity.
// A submission is immutable once committed: its id (UUID v4 made on the terminal) and its content hash
// (SHA-256 over the canonical encoding) travel with it through every hop and make upload idempotent.
// Canonical encoding: UTF-8 JSON, object keys sorted bytewise, no insignificant whitespace, fields with
// no value omitted, lists kept in order; the envelope fields (id, kind, form_version, profile, created_at,
// terminal) are part of it. Two submissions with the same canonical bytes are the same submission.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "shared/base/result.hpp"
#include "shared/forms/form.hpp"

namespace jiebang {

enum class SubmissionKind { Demand, Bid };
std::string_view submission_kind_name(SubmissionKind kind);  // "demand", "bid"

struct Submission {
    std::string id;  // UUID v4, lowercase, 36 chars
    SubmissionKind kind = SubmissionKind::Demand;
    int form_version = 0;
    std::string profile_id;
    std::string terminal_id;      // e.g. "440703-007"
    std::int64_t created_at = 0;  // Unix seconds, UTC
    FieldValues values;
};

using ContentHash = std::array<unsigned char, 32>;

std::string new_submission_id();  // UUID v4 from libsodium's CSPRNG
std::string canonical_encoding(const Submission& submission);
ContentHash content_hash(const Submission& submission);
std::string hex_encode(const unsigned char* bytes, std::size_t size);
template <std::size_t N>
std::string hex_encode(const std::array<unsigned char, N>& bytes) { return hex_encode(bytes.data(), N); }

// JSON with the forms' field ids (the CLI's and the wire's format); parse errors name the key.
std::string submission_to_json(const Submission& submission);
Result<Submission> submission_from_json(std::string_view json_text);
// Field values alone (the CLI's `validate` input): {"issuer_name": "...", "budget_total": "300", ...}
Result<FieldValues> field_values_from_json(std::string_view json_text, const FormDefinition& form);
std::string field_values_to_json(const FieldValues& values);

// The same content without the fields marked `personal` in the form (what stays after the purge).
FieldValues without_personal_fields(const FieldValues& values, const FormDefinition& form);

}  // namespace jiebang

// shared/domain/board.cpp — the published board: canonical encoding, hash, JSON, and progress state codes.
// Canonical board encoding (what hash_hex is computed over; hash_hex itself is not part of it):
//   {"listings":[<listing>,...],"profile":"<id>","version":<int>}                       schema 1
//   {"listings":[<listing>,...],"profile":"<id>","schema":2,"version":<int>}            schema 2
//   <listing> = {"bounty_wan":"..","deadline":"..","id":"..","industry_id":"..","issuer_kind":"..",
//                "issuer_name":"..",["issuer_uscc":"..",]"mechanism":"..","problem":"..","profile_id":"..",
//                "project_type_id":"..","published_at":<int>,"sub_direction_id":"..","targets":"..","title":".."}
// ("issuer_uscc" in schema 2 only.)
// Keys are bytewise sorted, listings keep the board's order, strings follow canonical_json.hpp. Every key
// is always present (empty text stays ""). board_to_json() is the canonical encoding plus "hash".
// board_from_json() is strict: unknown or missing keys and wrong types are errors naming the key, and a
// "hash" that does not match the content is board.hash_mismatch.
//
// Index:
//   [SECTION] Lookup
//   [SECTION] Canonical encoding and hash
//   [SECTION] JSON parsing
//   [SECTION] Progress states
#include "shared/domain/board.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "shared/base/strict_json.hpp"
#include "shared/domain/canonical_json.hpp"
#include "shared/domain/sodium_ready.hpp"
#include "shared/domain/submission.hpp"

namespace jiebang {

// [SECTION] Lookup

const Listing* Board::listing(std::string_view listing_id) const {
    for (const Listing& candidate : listings) {
        if (candidate.id == listing_id)
            return &candidate;
    }
    return nullptr;
}

// [SECTION] Canonical encoding and hash

namespace {

void append_text_member(std::string& out, std::string_view key, std::string_view value, bool comma = true) {
    canonical_json::append_key(out, key);
    canonical_json::append_string(out, value);
    if (comma)
        out.push_back(',');
}

void append_listing(std::string& out, const Listing& listing, int schema) {
    out.push_back('{');
    append_text_member(out, "bounty_wan", listing.bounty_wan);
    append_text_member(out, "deadline", listing.deadline);
    append_text_member(out, "id", listing.id);
    append_text_member(out, "industry_id", listing.industry_id);
    append_text_member(out, "issuer_kind", listing.issuer_kind);
    append_text_member(out, "issuer_name", listing.issuer_name);
    if (schema >= 2)
        append_text_member(out, "issuer_uscc", listing.issuer_uscc);
    append_text_member(out, "mechanism", listing.mechanism);
    append_text_member(out, "problem", listing.problem);
    append_text_member(out, "profile_id", listing.profile_id);
    append_text_member(out, "project_type_id", listing.project_type_id);
    canonical_json::append_key(out, "published_at");
    canonical_json::append_integer(out, listing.published_at);
    out.push_back(',');
    append_text_member(out, "sub_direction_id", listing.sub_direction_id);
    append_text_member(out, "targets", listing.targets);
    append_text_member(out, "title", listing.title, /*comma=*/false);
    out.push_back('}');
}

}  // namespace

std::string canonical_board_encoding(const Board& board) {
    std::string out;
    out += "{";
    canonical_json::append_key(out, "listings");
    out.push_back('[');
    for (std::size_t index = 0; index < board.listings.size(); ++index) {
        if (index > 0)
            out.push_back(',');
        append_listing(out, board.listings[index], board.schema);
    }
    out += "],";
    append_text_member(out, "profile", board.profile_id);
    if (board.schema >= 2) {
        canonical_json::append_key(out, "schema");
        canonical_json::append_integer(out, board.schema);
        out.push_back(',');
    }
    canonical_json::append_key(out, "version");
    canonical_json::append_integer(out, board.version);
    out.push_back('}');
    return out;
}

Board board_for_schema(const Board& board, int schema) {
    Board copy = board;
    copy.schema = schema;
    if (schema < 2) {
        for (Listing& listing : copy.listings)
            listing.issuer_uscc.clear();
    }
    copy.hash_hex = board_hash_hex(copy);
    return copy;
}

std::string board_hash_hex(const Board& board) {
    detail::ensure_sodium_ready();
    const std::string encoding = canonical_board_encoding(board);
    std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(encoding.data()), encoding.size());
    return hex_encode(hash);
}

std::string board_to_json(const Board& board) {
    std::string out = canonical_board_encoding(board);
    out.pop_back();  // reopen the object to add the hash (keys stay sorted: "hash" < "listings")
    out = "{" + std::string("\"hash\":\"") + board_hash_hex(board) + "\"," + out.substr(1) + "}";
    return out;
}

// [SECTION] JSON parsing

namespace {

using Json = nlohmann::json;

Error wrong_type(const std::string& key, std::string_view expected) {
    return Error("json.wrong_type", key, "key '" + key + "' must be " + std::string(expected))
        .with("expected", std::string(expected));
}

Status check_keys(const Json& object, std::initializer_list<const char*> keys, const std::string& prefix) {
    for (const auto& [key, value] : object.items()) {
        bool known = false;
        for (const char* known_key : keys)
            known = known || key == known_key;
        if (!known)
            return Error("json.unknown_key", prefix + key, "unknown key '" + prefix + key + "'");
    }
    for (const char* key : keys) {
        if (!object.contains(key)) {
            return Error("json.missing_key", prefix + key, "missing key '" + prefix + key + "'");
        }
    }
    return ok_status();
}

Status read_text(const Json& object, const char* key, const std::string& prefix, std::string& out) {
    const Json& value = object.at(key);
    if (!value.is_string())
        return wrong_type(prefix + key, "text");
    out = value.get<std::string>();
    return ok_status();
}

Result<Listing> listing_from_json(const Json& object, const std::string& prefix, int schema) {
    if (!object.is_object())
        return wrong_type(prefix, "an object");
    auto keys = schema >= 2
                    ? check_keys(object,
                                 {"bounty_wan", "deadline", "id", "industry_id", "issuer_kind", "issuer_name",
                                  "issuer_uscc", "mechanism", "problem", "profile_id", "project_type_id",
                                  "published_at", "sub_direction_id", "targets", "title"},
                                 prefix + ".")
                    : check_keys(object,
                                 {"bounty_wan", "deadline", "id", "industry_id", "issuer_kind", "issuer_name",
                                  "mechanism", "problem", "profile_id", "project_type_id", "published_at",
                                  "sub_direction_id", "targets", "title"},
                                 prefix + ".");
    if (!keys)
        return keys.error();
    Listing listing;
    const std::string member_prefix = prefix + ".";
    const std::pair<const char*, std::string*> text_members[] = {
        {"bounty_wan", &listing.bounty_wan},
        {"deadline", &listing.deadline},
        {"id", &listing.id},
        {"industry_id", &listing.industry_id},
        {"issuer_kind", &listing.issuer_kind},
        {"issuer_name", &listing.issuer_name},
        {"mechanism", &listing.mechanism},
        {"problem", &listing.problem},
        {"profile_id", &listing.profile_id},
        {"project_type_id", &listing.project_type_id},
        {"sub_direction_id", &listing.sub_direction_id},
        {"targets", &listing.targets},
        {"title", &listing.title}};
    for (const auto& [key, target] : text_members) {
        auto status = read_text(object, key, member_prefix, *target);
        if (!status)
            return status.error();
    }
    if (schema >= 2) {
        if (auto status = read_text(object, "issuer_uscc", member_prefix, listing.issuer_uscc); !status)
            return status.error();
    }
    const Json& published_at = object.at("published_at");
    if (!strict_json::is_int64(published_at))
        return wrong_type(member_prefix + "published_at", "a whole number");
    listing.published_at = published_at.get<std::int64_t>();
    if (listing.id.empty())
        return Error("board.listing_id", member_prefix + "id", "a listing needs an id");
    return listing;
}

}  // namespace

Result<Board> board_from_json(std::string_view json_text) {
    auto parsed = strict_json::parse(json_text, "board");
    if (!parsed)
        return parsed.error();
    const Json& document = parsed.value();
    if (!document.is_object())
        return wrong_type("", "an object");
    const bool has_hash = document.contains("hash");
    if (has_hash) {
        if (!document.at("hash").is_string())
            return wrong_type("hash", "text");
    }
    Json content = document;
    content.erase("hash");
    Board board;
    if (content.contains("schema")) {  // absent: schema 1 (14.1)
        const Json& schema = content.at("schema");
        if (!strict_json::is_int64(schema))
            return wrong_type("schema", "a whole number");
        if (schema.get<std::int64_t>() < 2 || schema.get<std::int64_t>() > latest_board_schema) {
            return Error("board.schema_unsupported", "schema",
                         "this board schema is not one this program reads")
                .with("schema", std::to_string(schema.get<std::int64_t>()))
                .with("latest", std::to_string(latest_board_schema));
        }
        board.schema = static_cast<int>(schema.get<std::int64_t>());
    }
    auto keys = board.schema >= 2 ? check_keys(content, {"listings", "profile", "schema", "version"}, "")
                                  : check_keys(content, {"listings", "profile", "version"}, "");
    if (!keys)
        return keys.error();

    const Json& version = content.at("version");
    if (!strict_json::is_int64(version) || version.get<std::int64_t>() < 0) {
        return wrong_type("version", "a whole number, 0 or more");
    }
    board.version = version.get<std::int64_t>();
    auto profile = read_text(content, "profile", "", board.profile_id);
    if (!profile)
        return profile.error();
    const Json& listings = content.at("listings");
    if (!listings.is_array())
        return wrong_type("listings", "a list");
    for (std::size_t index = 0; index < listings.size(); ++index) {
        auto listing =
            listing_from_json(listings[index], "listings[" + std::to_string(index) + "]", board.schema);
        if (!listing)
            return listing.error();
        if (board.listing(listing->id) != nullptr) {
            return Error("board.duplicate_listing", "listings[" + std::to_string(index) + "].id",
                         "listing id appears twice on the board")
                .with("listing", listing->id);
        }
        board.listings.push_back(std::move(listing.value()));
    }
    board.hash_hex = board_hash_hex(board);
    if (has_hash && document.at("hash").get<std::string>() != board.hash_hex) {
        return Error("board.hash_mismatch", "hash", "the board's hash does not match its content");
    }
    return board;
}

// [SECTION] Progress states

std::string_view progress_state_code(ProgressState state) {
    switch (state) {
        case ProgressState::SavedOnTerminal:
            return "saved";
        case ProgressState::ReceivedByCounty:
            return "received";
        case ProgressState::ReturnedForCorrection:
            return "returned";
        case ProgressState::AcceptedByCounty:
            return "accepted";
        case ProgressState::ForwardedToCity:
            return "forwarded";
        case ProgressState::Published:
            return "published";
        case ProgressState::Rejected:
            return "rejected";
    }
    return "saved";
}

std::optional<ProgressState> progress_state_from_code(std::string_view code) {
    for (ProgressState state :
         {ProgressState::SavedOnTerminal, ProgressState::ReceivedByCounty,
          ProgressState::ReturnedForCorrection, ProgressState::AcceptedByCounty,
          ProgressState::ForwardedToCity, ProgressState::Published, ProgressState::Rejected}) {
        if (progress_state_code(state) == code)
            return state;
    }
    return std::nullopt;
}

}  // namespace jiebang

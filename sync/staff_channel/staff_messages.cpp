// sync/staff_channel/staff_messages.cpp — the staff channel's codec (docs/protocol.md section 17). One
// description per body, `describe(io, value)`, drives both directions: the Writer encodes what it is
// given, the Reader fills the value in, so encoder and decoder cannot disagree about a layout. Both check
// every limit (staff_messages.hpp invariant 1); the Reader never reads past the body and must consume it.
// One row per body in command_table (its command octet, its name, request or reply) serves the names, the
// body-to-command map and the decoder's dispatch; shapes that recur across bodies (lists of texts, lists of
// described parts, "after, max") have one helper each.
//
// Index: [SECTION] Names  [SECTION] Writer  [SECTION] Reader  [SECTION] Bodies  [SECTION] Encode and decode
#include "sync/staff_channel/staff_messages.hpp"

#include <cstring>
#include <iterator>
#include <limits>
#include <variant>

#include "shared/text/utf8.hpp"

namespace jiebang::sync::staff {

// [SECTION] Names
namespace {

enum class Direction { Request, Reply };  // a request is what a staff client sends; a reply, the server

struct CommandEntry {
    StaffCommand command;
    std::string_view name;  // as docs/protocol.md 17.2 writes it
    Direction direction;
};

// One row per body, in the order of the StaffBody variant (staff_command_of indexes it by body.index()).
constexpr CommandEntry command_table[] = {
    {StaffCommand::Error, "STAFF-ERROR", Direction::Reply},
    {StaffCommand::WhoAmI, "WHOAMI", Direction::Request},
    {StaffCommand::Identity, "IDENTITY", Direction::Reply},
    {StaffCommand::Search, "SEARCH", Direction::Request},
    {StaffCommand::Page, "PAGE", Direction::Reply},
    {StaffCommand::Open, "OPEN", Direction::Request},
    {StaffCommand::Record, "RECORD", Direction::Reply},
    {StaffCommand::Act, "ACT", Direction::Request},
    {StaffCommand::Acted, "ACTED", Direction::Reply},
    {StaffCommand::Forward, "FORWARD", Direction::Request},
    {StaffCommand::BatchMade, "BATCH-MADE", Direction::Reply},
    {StaffCommand::FleetRequest, "FLEET-REQUEST", Direction::Request},
    {StaffCommand::Fleet, "FLEET", Direction::Reply},
    {StaffCommand::BidsRequest, "BIDS-REQUEST", Direction::Request},
    {StaffCommand::Bids, "BIDS", Direction::Reply},
    {StaffCommand::Publish, "PUBLISH", Direction::Request},
    {StaffCommand::Published, "PUBLISHED", Direction::Reply},
    {StaffCommand::AuditRequest, "AUDIT-REQUEST", Direction::Request},
    {StaffCommand::AuditEntries, "AUDIT-ENTRIES", Direction::Reply},
    {StaffCommand::AuditVerify, "AUDIT-VERIFY", Direction::Request},
    {StaffCommand::AuditVerified, "AUDIT-VERIFIED", Direction::Reply},
    {StaffCommand::BatchesRequest, "BATCHES-REQUEST", Direction::Request},
    {StaffCommand::Batches, "BATCHES", Direction::Reply},
    {StaffCommand::FeedRequest, "FEED-REQUEST", Direction::Request},
    {StaffCommand::Feed, "FEED", Direction::Reply},
    {StaffCommand::BoardShow, "BOARD-SHOW", Direction::Request},
    {StaffCommand::BoardCopy, "BOARD-COPY", Direction::Reply},
    {StaffCommand::NodeEnrol, "NODE-ENROL", Direction::Request},
    {StaffCommand::NodeRevoke, "NODE-REVOKE", Direction::Request},
    {StaffCommand::Done, "DONE", Direction::Reply},
    {StaffCommand::StaffAdd, "STAFF-ADD", Direction::Request},
    {StaffCommand::StaffAdded, "STAFF-ADDED", Direction::Reply},
    {StaffCommand::StaffList, "STAFF-LIST", Direction::Request},
    {StaffCommand::StaffMembers, "STAFF-MEMBERS", Direction::Reply},
    {StaffCommand::StaffRevoke, "STAFF-REVOKE", Direction::Request},
    {StaffCommand::ProjectCreate, "PROJECT-CREATE", Direction::Request},
    {StaffCommand::ProjectRecords, "PROJECT-RECORDS", Direction::Reply},
    {StaffCommand::ProjectAct, "PROJECT-ACT", Direction::Request},
    {StaffCommand::ProjectForfeitOverdue, "PROJECT-FORFEIT-OVERDUE", Direction::Request},
    {StaffCommand::ProjectList, "PROJECT-LIST", Direction::Request},
    {StaffCommand::ProjectRegister, "PROJECT-REGISTER", Direction::Reply},
    {StaffCommand::ProjectShow, "PROJECT-SHOW", Direction::Request},
    {StaffCommand::ProjectCopy, "PROJECT-COPY", Direction::Reply},
    {StaffCommand::TerminalRequeue, "TERMINAL-REQUEUE", Direction::Request},
    {StaffCommand::TerminalRequeued, "TERMINAL-REQUEUED", Direction::Reply},
    {StaffCommand::ExportRequest, "EXPORT-REQUEST", Direction::Request},
    {StaffCommand::ExportRows, "EXPORT-ROWS", Direction::Reply},
    {StaffCommand::ReportRequest, "REPORT-REQUEST", Direction::Request},
    {StaffCommand::ReportCopy, "REPORT-COPY", Direction::Reply},
    {StaffCommand::ReceivedReportsRequest, "RECEIVED-REPORTS-REQUEST", Direction::Request},
    {StaffCommand::ReceivedReports, "RECEIVED-REPORTS", Direction::Reply},
    {StaffCommand::RevisionsRequest, "REVISIONS-REQUEST", Direction::Request},
    {StaffCommand::Revisions, "REVISIONS", Direction::Reply},
    {StaffCommand::ConditionsRequest, "CONDITIONS-REQUEST", Direction::Request},
    {StaffCommand::Conditions, "CONDITIONS", Direction::Reply},
    {StaffCommand::VersionsRequest, "VERSIONS-REQUEST", Direction::Request},
    {StaffCommand::Versions, "VERSIONS", Direction::Reply},
    {StaffCommand::BoardWithdraw, "BOARD-WITHDRAW", Direction::Request},
    {StaffCommand::BoardSetDeadline, "BOARD-SET-DEADLINE", Direction::Request},
    {StaffCommand::SortedSearch, "SORTED-SEARCH", Direction::Request},
    {StaffCommand::SortedPage, "SORTED-PAGE", Direction::Reply},
    {StaffCommand::CountyProjectsRequest, "COUNTY-PROJECTS-REQUEST", Direction::Request},
    {StaffCommand::CountyProjects, "COUNTY-PROJECTS", Direction::Reply},
};
static_assert(std::size(command_table) == std::variant_size_v<StaffBody>);

const CommandEntry* entry_of(StaffCommand command) {
    for (const CommandEntry& entry : command_table) {
        if (entry.command == command)
            return &entry;
    }
    return nullptr;
}

}  // namespace

std::string_view staff_command_name(StaffCommand command) {
    const CommandEntry* entry = entry_of(command);
    return entry != nullptr ? entry->name : "UNKNOWN";
}

std::string_view kind_name(KindCode kind) {
    switch (kind) {
        case KindCode::Demand:
            return "demand";
        case KindCode::Bid:
            return "bid";
        case KindCode::Any:
            break;
    }
    return "";
}

KindCode kind_from_name(std::string_view name) {
    if (name == "demand")
        return KindCode::Demand;
    if (name == "bid")
        return KindCode::Bid;
    return KindCode::Any;
}

std::string_view act_name(ActCode action) {
    switch (action) {
        case ActCode::Accept:
            return "accept";
        case ActCode::Return:
            return "return";
        case ActCode::Reject:
            return "reject";
        case ActCode::Recall:
            return "recall";
        case ActCode::Requeue:
            return "requeue";
    }
    return "";
}

std::string_view role_code_name(RoleCode role) {
    switch (role) {
        case RoleCode::Reviewer:
            return "reviewer";
        case RoleCode::Publisher:
            return "publisher";
        case RoleCode::Auditor:
            return "auditor";
        case RoleCode::Admin:
            return "admin";
    }
    return "";
}

StaffError staff_error_from(const Error& error) {
    StaffError reply{error.code, error.field, error.detail, {}};
    for (const auto& argument : error.arguments) {
        if (reply.arguments.size() == max_error_arguments)
            break;
        reply.arguments.push_back(argument);
    }
    // Keep within the wire's limits without cutting a character in half (a too-long detail is a bug of
    // the server, but the client must still get the code).
    if (reply.field.size() > 256)
        reply.field = utf8::prefix(reply.field, 64);
    if (reply.detail.size() > 400)
        reply.detail = utf8::prefix(reply.detail, 100);
    for (auto& [name, value] : reply.arguments) {
        if (name.size() > 64)
            name = utf8::prefix(name, 16);
        if (value.size() > 512)
            value = utf8::prefix(value, 128);
    }
    return reply;
}

Error error_from(const StaffError& reply) {
    Error error(reply.code, reply.field, reply.detail);
    error.arguments = reply.arguments;
    return error;
}

namespace {

inline constexpr std::uint8_t staff_protocol_version = 1;
inline constexpr std::size_t staff_header_size = 12;
inline constexpr std::size_t short_text = 64;
inline constexpr std::size_t name_text = 256;
inline constexpr std::size_t long_text = 1024;
inline constexpr std::size_t reason_text = 2000;
inline constexpr std::size_t content_text = 256 * 1024;
inline constexpr std::size_t board_text = 6 * 1024 * 1024;
inline constexpr std::size_t date_text = 16;
inline constexpr std::size_t argument_text = 4000;
inline constexpr std::size_t record_text = 64 * 1024;
inline constexpr std::size_t project_text = 4 * 1024 * 1024;

// [SECTION] Writer
class Writer {
  public:
    static constexpr bool reading = false;
    void u8(std::uint8_t& value, const char*) { bytes_.push_back(static_cast<char>(value)); }
    void boolean(bool& value, const char* field) {
        std::uint8_t byte = value ? 1 : 0;
        u8(byte, field);
    }
    void u32(std::uint32_t& value, const char*) { put(value, 4); }
    void i64(std::int64_t& value, const char* field) {
        if (value < 0)
            fail(Error("protocol.field", field, "negative value"));
        put(static_cast<std::uint64_t>(value), 8);
    }
    // A signed count (a clock skew): two's complement, the only field that may be negative.
    void s64(std::int64_t& value, const char*) { put(static_cast<std::uint64_t>(value), 8); }
    template <class Enum>
    void code(Enum& value, std::uint8_t minimum, std::uint8_t maximum, const char* field) {
        std::uint8_t byte = static_cast<std::uint8_t>(value);
        if (byte < minimum || byte > maximum)
            fail(Error("protocol.field", field, "value out of range"));
        u8(byte, field);
    }
    void hash(std::array<unsigned char, 32>& value, const char*) {
        bytes_.append(reinterpret_cast<const char*>(value.data()), value.size());
    }
    void text(std::string& value, std::size_t limit, const char* field) {
        if (value.size() > limit)
            fail(Error("protocol.too_long", field, "text longer than its limit"));
        if (!utf8::is_valid(value))
            fail(Error("protocol.utf8", field, "text is not valid UTF-8"));
        put(value.size(), 4);
        bytes_.append(value);
    }
    template <class T, class Describe>
    void list(std::vector<T>& items, std::size_t limit, const char* field, Describe describe_item) {
        if (items.size() > limit)
            fail(Error("protocol.too_long", field, "more items than the limit"));
        put(items.size(), 4);
        for (T& item : items)
            describe_item(*this, item);
    }
    void fail(Error error) {
        if (!failed_) {
            error_ = std::move(error);
            failed_ = true;
        }
    }
    bool failed() const { return failed_; }
    const Error& error() const { return error_; }
    std::string take() { return std::move(bytes_); }

  private:
    void put(std::uint64_t value, int octets) {
        for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8)
            bytes_.push_back(static_cast<char>((value >> shift) & 0xFF));
    }
    std::string bytes_;
    Error error_;
    bool failed_ = false;
};

// [SECTION] Reader
class Reader {
  public:
    static constexpr bool reading = true;
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    void u8(std::uint8_t& value, const char* field) { value = static_cast<std::uint8_t>(get(1, field)); }
    void boolean(bool& value, const char* field) {
        const std::uint64_t byte = get(1, field);
        if (byte > 1)
            fail(Error("protocol.field", field, "a flag is 0 or 1"));
        value = byte == 1;
    }
    void u32(std::uint32_t& value, const char* field) { value = static_cast<std::uint32_t>(get(4, field)); }
    void i64(std::int64_t& value, const char* field) {
        const std::uint64_t raw = get(8, field);
        if (raw > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(Error("protocol.field", field, "value out of range"));
            value = 0;
            return;
        }
        value = static_cast<std::int64_t>(raw);
    }
    void s64(std::int64_t& value, const char* field) { value = static_cast<std::int64_t>(get(8, field)); }
    template <class Enum>
    void code(Enum& value, std::uint8_t minimum, std::uint8_t maximum, const char* field) {
        const std::uint64_t byte = get(1, field);
        if (!failed_ && (byte < minimum || byte > maximum))
            fail(Error("protocol.field", field, "value out of range"));
        value = static_cast<Enum>(failed_ ? minimum : byte);
    }
    void hash(std::array<unsigned char, 32>& value, const char* field) {
        if (!need(value.size(), field))
            return;
        std::memcpy(value.data(), bytes_.data() + position_, value.size());
        position_ += value.size();
    }
    void text(std::string& value, std::size_t limit, const char* field) {
        const std::uint64_t length = get(4, field);
        if (failed_)
            return;
        if (length > limit) {
            fail(Error("protocol.too_long", field, "text longer than its limit"));
            return;
        }
        if (!need(length, field))
            return;
        std::string_view read = bytes_.substr(position_, length);
        position_ += length;
        if (!utf8::is_valid(read)) {
            fail(Error("protocol.utf8", field, "text is not valid UTF-8"));
            return;
        }
        value.assign(read);
    }
    template <class T, class Describe>
    void list(std::vector<T>& items, std::size_t limit, const char* field, Describe describe_item) {
        const std::uint64_t count = get(4, field);
        if (failed_)
            return;
        if (count > limit) {
            fail(Error("protocol.too_long", field, "more items than the limit"));
            return;
        }
        items.clear();
        for (std::uint64_t index = 0; index < count && !failed_; ++index) {
            items.emplace_back();
            describe_item(*this, items.back());
        }
    }
    void finish() {
        if (!failed_ && position_ != bytes_.size())
            fail(Error("protocol.trailing", "", "bytes after the body"));
    }
    void fail(Error error) {
        if (!failed_) {
            error_ = std::move(error);
            failed_ = true;
        }
    }
    bool failed() const { return failed_; }
    const Error& error() const { return error_; }

  private:
    bool need(std::size_t count, const char* field) {
        if (failed_)
            return false;
        if (bytes_.size() - position_ < count) {
            fail(Error("protocol.truncated", field, "body ends early"));
            return false;
        }
        return true;
    }
    std::uint64_t get(int octets, const char* field) {
        if (!need(static_cast<std::size_t>(octets), field))
            return 0;
        std::uint64_t value = 0;
        for (int index = 0; index < octets; ++index)
            value = (value << 8) | static_cast<std::uint8_t>(bytes_[position_++]);
        return value;
    }
    std::string_view bytes_;
    std::size_t position_ = 0;
    Error error_;
    bool failed_ = false;
};

// A uuid field (docs/protocol.md 4): exactly a lowercase UUID, or empty where `optional`.
bool is_uuid(std::string_view text) {
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

template <class IO>
void uuid(IO& io, std::string& value, bool optional, const char* field) {
    io.text(value, 36, field);
    if (!io.failed() && !(optional && value.empty()) && !is_uuid(value))
        io.fail(Error("protocol.field", field, "not a lowercase UUID"));
}

// [SECTION] Bodies
// Field-list helpers for the shapes that recur across bodies; each writes exactly what its expansion did.
template <class IO>
void describe(IO& io, SubmissionRow& value);
template <class IO>
void describe(IO& io, MemberRow& value);

// A list whose items are bodies' parts with a describe() of their own.
template <class IO, class Item>
void described_list(IO& io, std::vector<Item>& items, std::size_t limit, const char* field) {
    io.list(items, limit, field, [](IO& inner, Item& item) { describe(inner, item); });
}

// A list of texts, each at most `item_limit` bytes.
template <class IO>
void text_list(IO& io, std::vector<std::string>& items, std::size_t limit, const char* field,
               std::size_t item_limit, const char* item_field) {
    io.list(items, limit, field, [item_limit, item_field](IO& inner, std::string& item) {
        inner.text(item, item_limit, item_field);
    });
}

// "after, max": where a paged list request continues and how many rows it wants.
template <class IO>
void paging(IO& io, std::int64_t& after, std::uint32_t& max) {
    io.i64(after, "after");
    io.u32(max, "max");
}

template <class IO>
void describe(IO&, WhoAmI&) {}
template <class IO>
void describe(IO&, FleetRequest&) {}
template <class IO>
void describe(IO&, PublishBoard&) {}
template <class IO>
void describe(IO&, AuditVerify&) {}
template <class IO>
void describe(IO&, BoardShow&) {}
template <class IO>
void describe(IO&, StaffList&) {}

template <class IO>
void describe(IO& io, StaffError& value) {
    io.text(value.code, short_text, "code");
    io.text(value.field, name_text, "field");
    io.text(value.detail, 400, "detail");
    std::uint8_t count = static_cast<std::uint8_t>(value.arguments.size());
    if (!IO::reading && value.arguments.size() > max_error_arguments)
        io.fail(Error("protocol.too_long", "arguments", "more items than the limit"));
    io.u8(count, "argument_count");
    if (IO::reading) {
        if (count > max_error_arguments) {
            io.fail(Error("protocol.too_long", "arguments", "more items than the limit"));
            return;
        }
        value.arguments.assign(count, {});
    }
    for (auto& [name, argument] : value.arguments) {
        io.text(name, short_text, "argument_name");
        io.text(argument, 512, "argument_value");
    }
}

template <class IO>
void describe(IO& io, Identity& value) {
    io.text(value.staff_id, short_text, "staff_id");
    io.text(value.name, name_text, "name");
    io.code(value.role, 1, 4, "role");
    io.text(value.tier, short_text, "tier");
    io.text(value.area_code, short_text, "area_code");
    io.text(value.area_name_zh, name_text, "area_name_zh");
    io.text(value.area_name_en, name_text, "area_name_en");
    io.i64(value.server_time, "server_time");
    io.text(value.software_version, short_text, "software_version");
}

template <class IO>
void describe(IO& io, SubmissionQuery& value) {
    io.text(value.state, short_text, "state");
    io.text(value.stage, short_text, "stage");
    io.code(value.kind, 0, 2, "kind");
    io.text(value.county, short_text, "county");
    io.text(value.via_node, short_text, "via_node");
    io.text(value.industry, short_text, "industry");
    io.text(value.listing, short_text, "listing");
    io.i64(value.batch, "batch");
    io.i64(value.received_from, "received_from");
    io.i64(value.received_until, "received_until");
    io.text(value.text, 400, "text");
    io.boolean(value.newest_first, "newest_first");
    io.i64(value.after, "after");
    io.u32(value.page_size, "page_size");
}

template <class IO>
void describe(IO& io, SubmissionRow& value) {
    io.i64(value.sequence, "sequence");
    uuid(io, value.submission_id, false, "submission_id");
    io.text(value.receipt_number, short_text, "receipt_number");
    io.code(value.kind, 1, 2, "kind");
    io.text(value.county, short_text, "county");
    io.text(value.via_node, short_text, "via_node");
    io.text(value.state, short_text, "state");
    io.text(value.stage, short_text, "stage");
    io.text(value.forward_state, short_text, "forward_state");
    io.text(value.forward_error, 200, "forward_error");
    io.i64(value.batch, "batch");
    io.text(value.listing, short_text, "listing");
    io.text(value.industry, short_text, "industry");
    io.text(value.flags, long_text, "flags");
    io.i64(value.received_at, "received_at");
    io.text(value.title, long_text, "title");
    io.text(value.unit_name, long_text, "unit_name");
    io.text(value.unit_uscc, short_text, "unit_uscc");
    io.text(value.reason, reason_text, "reason");
}

template <class IO>
void describe(IO& io, Page& value) {
    io.i64(value.total, "total");
    io.i64(value.next_after, "next_after");
    described_list(io, value.rows, max_page_size, "rows");
}

template <class IO>
void describe(IO& io, OpenSubmission& value) {
    io.text(value.id, short_text, "id");
}

template <class IO>
void describe(IO& io, Record& value) {
    describe(io, value.row);
    io.hash(value.content_hash, "content_hash");
    io.text(value.canonical_content, content_text, "canonical_content");
    io.list(value.history, max_history_entries, "history", [](IO& inner, HistoryEntry& entry) {
        inner.i64(entry.sequence, "sequence");
        inner.i64(entry.at, "at");
        inner.text(entry.staff_id, short_text, "staff_id");
        inner.text(entry.staff_name, name_text, "staff_name");
        inner.text(entry.role, short_text, "role");
        inner.text(entry.action, short_text, "action");
        inner.text(entry.reason, reason_text, "reason");
        inner.text(entry.state_before, short_text, "state_before");
        inner.text(entry.state_after, short_text, "state_after");
    });
    io.list(value.events, max_history_entries, "events", [](IO& inner, SubmissionEvent& event) {
        inner.i64(event.sequence, "sequence");
        inner.i64(event.at, "at");
        inner.text(event.event, short_text, "event");
        inner.text(event.reason, reason_text, "reason");
    });
}

template <class IO>
void describe(IO& io, Act& value) {
    io.text(value.id, short_text, "id");
    io.code(value.action, 1, 5, "action");
    io.text(value.reason, reason_text, "reason");
}

template <class IO>
void describe(IO& io, Acted& value) {
    uuid(io, value.submission_id, false, "submission_id");
    io.text(value.receipt_number, short_text, "receipt_number");
    io.text(value.from, short_text, "from");
    io.text(value.to, short_text, "to");
}

template <class IO>
void describe(IO& io, ForwardItems& value) {
    text_list(io, value.ids, max_forward_items, "ids", short_text, "id");
    if (!io.failed() && value.ids.empty())
        io.fail(Error("protocol.field", "ids", "a batch has at least one item"));
}

template <class IO>
void describe(IO& io, BatchMade& value) {
    io.i64(value.number, "number");
    io.i64(value.created_at, "created_at");
    io.i64(value.item_count, "item_count");
}

template <class IO>
void describe(IO& io, Fleet& value) {
    io.i64(value.server_time, "server_time");
    io.list(value.nodes, max_fleet_nodes, "nodes", [](IO& inner, FleetNode& node) {
        inner.text(node.node_id, short_text, "node_id");
        inner.code(node.node_kind, 1, 2, "node_kind");
        inner.text(node.county, short_text, "county");
        inner.boolean(node.active, "active");
        inner.boolean(node.online, "online");
        inner.i64(node.last_seen_at, "last_seen_at");
        inner.i64(node.backlog, "backlog");
        inner.i64(node.oldest_pending_created_at, "oldest_pending_created_at");
        inner.i64(node.forward_refused, "forward_refused");
    });
    io.i64(value.quarantined_total, "quarantined_total");
    io.list(value.quarantined, max_quarantined_items, "quarantined", [](IO& inner, QuarantinedItem& item) {
        inner.i64(item.sequence, "sequence");
        uuid(inner, item.submission_id, false, "submission_id");
        inner.text(item.receipt_number, short_text, "receipt_number");
        inner.text(item.via_node, short_text, "via_node");
        inner.text(item.error, 200, "error");
        inner.text(item.title, long_text, "title");
    });
}

template <class IO>
void describe(IO& io, BidsRequest& value) {
    io.text(value.listing, short_text, "listing");
}

template <class IO>
void describe(IO& io, Bids& value) {
    io.i64(value.board_version, "board_version");
    io.list(value.listings, max_listings, "listings", [](IO& inner, ListingBids& listing) {
        inner.text(listing.listing_id, short_text, "listing_id");
        inner.text(listing.title, long_text, "title");
        inner.boolean(listing.on_board, "on_board");
        inner.i64(listing.bid_count, "bid_count");
    });
    described_list(io, value.bids, max_bids, "bids");
}

template <class IO>
void describe(IO& io, Published& value) {
    io.i64(value.version, "version");
    io.text(value.hash_hex, short_text, "hash_hex");
    io.u32(value.listing_count, "listing_count");
}

template <class IO>
void describe(IO& io, AuditRequest& value) {
    paging(io, value.after, value.max);
}

template <class IO>
void describe(IO& io, AuditEntries& value) {
    io.list(value.entries, max_list_request, "entries", [](IO& inner, AuditRow& entry) {
        inner.i64(entry.sequence, "sequence");
        inner.i64(entry.at, "at");
        inner.text(entry.staff_id, short_text, "staff_id");
        inner.text(entry.staff_name, name_text, "staff_name");
        inner.text(entry.role, short_text, "role");
        inner.text(entry.action, short_text, "action");
        inner.text(entry.target, name_text, "target");
        inner.text(entry.reason, reason_text, "reason");
        inner.text(entry.state_before, short_text, "state_before");
        inner.text(entry.state_after, short_text, "state_after");
        inner.text(entry.previous_hash, short_text, "previous_hash");
        inner.text(entry.hash, short_text, "hash");
    });
}

template <class IO>
void describe(IO& io, AuditVerified& value) {
    io.i64(value.entries, "entries");
    io.text(value.head_hash, short_text, "head_hash");
    io.boolean(value.intact, "intact");
    io.i64(value.bad_sequence, "bad_sequence");
    io.text(value.problem, 200, "problem");
}

template <class IO>
void describe(IO& io, BatchesRequest& value) {
    paging(io, value.after, value.max);
}

template <class IO>
void describe(IO& io, Batches& value) {
    io.list(value.batches, max_list_request, "batches", [](IO& inner, BatchRow& batch) {
        inner.i64(batch.number, "number");
        inner.i64(batch.created_at, "created_at");
        inner.text(batch.created_by, short_text, "created_by");
        inner.i64(batch.item_count, "item_count");
    });
}

template <class IO>
void describe(IO& io, FeedRequest& value) {
    paging(io, value.after, value.max);
}

template <class IO>
void describe(IO& io, Feed& value) {
    io.i64(value.latest, "latest");
    io.list(value.events, max_list_request, "events", [](IO& inner, FeedRow& event) {
        inner.i64(event.sequence, "sequence");
        inner.i64(event.at, "at");
        inner.text(event.event, short_text, "event");
        uuid(inner, event.submission_id, true, "submission_id");
        inner.text(event.receipt_number, short_text, "receipt_number");
        inner.text(event.reason, reason_text, "reason");
        inner.code(event.kind, 0, 2, "kind");
        inner.text(event.county, short_text, "county");
        inner.text(event.title, long_text, "title");
        inner.text(event.listing, short_text, "listing");
    });
}

template <class IO>
void describe(IO& io, BoardCopy& value) {
    io.i64(value.version, "version");
    io.text(value.hash_hex, short_text, "hash_hex");
    io.text(value.board_json, board_text, "board_json");
}

template <class IO>
void describe(IO& io, NodeEnrol& value) {
    io.text(value.node_id, short_text, "node_id");
    io.code(value.node_kind, 1, 2, "node_kind");
    io.text(value.county, short_text, "county");
    io.text(value.curve_public_key, short_text, "curve_public_key");
    io.text(value.signing_public_key, short_text, "signing_public_key");
}

template <class IO>
void describe(IO& io, NodeRevoke& value) {
    io.text(value.node_id, short_text, "node_id");
}

template <class IO>
void describe(IO& io, Done& value) {
    io.text(value.target, name_text, "target");
    io.text(value.state, short_text, "state");
}

template <class IO>
void describe(IO& io, MemberRow& value) {
    io.text(value.staff_id, short_text, "staff_id");
    io.text(value.name, name_text, "name");
    io.code(value.role, 1, 4, "role");
    io.text(value.curve_public_key, short_text, "curve_public_key");
    io.i64(value.enrolled_at, "enrolled_at");
    io.i64(value.revoked_at, "revoked_at");
    io.text(value.enrolled_by, short_text, "enrolled_by");
}

template <class IO>
void describe(IO& io, StaffAdd& value) {
    io.text(value.name, name_text, "name");
    io.code(value.role, 1, 4, "role");
    io.text(value.curve_public_key, short_text, "curve_public_key");
}

template <class IO>
void describe(IO& io, StaffAdded& value) {
    describe(io, value.member);
}

template <class IO>
void describe(IO& io, StaffMembers& value) {
    described_list(io, value.members, max_staff_members, "members");
}

template <class IO>
void describe(IO& io, StaffRevoke& value) {
    io.text(value.staff_id, short_text, "staff_id");
}

template <class IO>
void describe(IO& io, ProjectCreate& value) {
    io.text(value.listing, short_text, "listing");
    io.text(value.county, short_text, "county");
    io.text(value.date, date_text, "date");
}

template <class IO>
void describe(IO& io, ProjectRecords& value) {
    text_list(io, value.records, max_project_records, "records", record_text, "record");
}

template <class IO>
void describe(IO& io, ProjectAct& value) {
    io.text(value.project, short_text, "project");
    io.text(value.action, short_text, "action");
    io.text(value.date, date_text, "date");
    io.list(value.arguments, max_project_arguments, "arguments", [](IO& inner, ProjectArgument& argument) {
        inner.text(argument.name, short_text, "name");
        inner.text(argument.value, argument_text, "value");
    });
    text_list(io, value.flags, max_project_arguments, "flags", short_text, "flag");
}

template <class IO>
void describe(IO& io, ProjectForfeitOverdue& value) {
    io.text(value.profile, short_text, "profile");
    io.text(value.date, date_text, "date");
}

template <class IO>
void describe(IO& io, ProjectList& value) {
    io.text(value.profile, short_text, "profile");
    io.text(value.county, short_text, "county");
    io.text(value.state, short_text, "state");
    io.u32(value.year, "year");
    io.u32(value.offset, "offset");
    io.boolean(value.for_export, "for_export");
}

template <class IO>
void describe(IO& io, ProjectRegister& value) {
    io.i64(value.total, "total");
    text_list(io, value.projects, max_project_page, "projects", record_text * 4, "project");
    io.list(value.years, max_year_counts, "years", [](IO& inner, ProjectYearCount& year) {
        inner.text(year.profile, short_text, "profile");
        inner.u32(year.year, "year");
        inner.i64(year.approved, "approved");
        inner.i64(year.limit, "limit");
    });
}

template <class IO>
void describe(IO& io, ProjectShow& value) {
    io.text(value.project, short_text, "project");
}

template <class IO>
void describe(IO& io, ProjectCopy& value) {
    io.text(value.project_json, project_text, "project_json");
}

template <class IO>
void describe(IO& io, TerminalRequeue& value) {
    io.text(value.receipt_number, short_text, "receipt_number");
}

template <class IO>
void describe(IO& io, TerminalRequeued& value) {
    io.list(value.items, max_requeued_items, "items", [](IO& inner, RequeuedItem& item) {
        inner.text(item.node_id, short_text, "node_id");
        uuid(inner, item.submission_id, false, "submission_id");
        inner.text(item.receipt_number, short_text, "receipt_number");
        inner.text(item.error, 200, "error");
    });
}

template <class IO>
void describe(IO& io, ExportRequest& value) {
    io.code(value.what, 1, 2, "what");
    io.i64(value.batch, "batch");
    io.text(value.county, short_text, "county");
    io.i64(value.after, "after");
    io.u32(value.max, "max");
    io.text(value.note, 400, "note");
}

template <class IO>
void describe(IO& io, ExportRows& value) {
    io.i64(value.batch_number, "batch_number");
    io.i64(value.batch_created_at, "batch_created_at");
    io.i64(value.next_after, "next_after");
    io.list(value.rows, max_export_rows, "rows", [](IO& inner, ExportRow& row) {
        inner.i64(row.sequence, "sequence");
        uuid(inner, row.submission_id, false, "submission_id");
        inner.text(row.receipt_number, short_text, "receipt_number");
        inner.code(row.kind, 1, 2, "kind");
        inner.text(row.profile, short_text, "profile");
        inner.text(row.county, short_text, "county");
        inner.text(row.industry, short_text, "industry");
        inner.text(row.stage, short_text, "stage");
        inner.text(row.reason, reason_text, "reason");
        inner.text(row.flags, long_text, "flags");
        inner.i64(row.received_at, "received_at");
        inner.text(row.title, long_text, "title");
        inner.text(row.canonical_content, content_text, "canonical_content");
    });
}

template <class IO>
void describe(IO& io, ReportRequest& value) {
    io.text(value.county, short_text, "county");
    io.text(value.month, 7, "month");
    io.boolean(value.send, "send");
    io.text(value.note, 400, "note");
}

template <class IO>
void describe(IO& io, ReportCopy& value) {
    io.i64(value.made_at, "made_at");
    io.boolean(value.queued, "queued");
    io.text(value.report_json, content_text, "report_json");
}

template <class IO>
void describe(IO& io, ReceivedReportsRequest& value) {
    io.text(value.county, short_text, "county");
    io.text(value.month, 7, "month");
    io.boolean(value.current_only, "current_only");
    io.text(value.note, 400, "note");
}

template <class IO>
void describe(IO& io, ReceivedReports& value) {
    io.list(value.reports, max_received_reports, "reports", [](IO& inner, ReceivedReport& report) {
        inner.text(report.county, short_text, "county");
        inner.text(report.month, 7, "month");
        inner.i64(report.made_at, "made_at");
        inner.i64(report.received_at, "received_at");
        inner.text(report.report_json, content_text, "report_json");
    });
}

template <class IO>
void describe(IO& io, RevisionsRequest& value) {
    io.text(value.id, short_text, "id");
}

template <class IO>
void describe(IO& io, Revisions& value) {
    io.list(value.revisions, max_revisions, "revisions", [](IO& inner, RevisionEntry& entry) {
        inner.text(entry.submission_id, short_text, "submission_id");
        inner.text(entry.receipt_number, short_text, "receipt_number");
        inner.i64(entry.revision, "revision");
        inner.text(entry.resubmission_of, short_text, "resubmission_of");
        inner.text(entry.review_stage, short_text, "review_stage");
        inner.text(entry.review_reason, reason_text, "review_reason");
        inner.i64(entry.received_at, "received_at");
    });
}

template <class IO>
void describe(IO&, ConditionsRequest&) {}

template <class IO>
void describe(IO& io, Conditions& value) {
    io.list(value.terminals, max_fleet_nodes, "terminals", [](IO& inner, TerminalConditionRow& row) {
        inner.text(row.node_id, short_text, "node_id");
        inner.i64(row.received_at, "received_at");
        inner.s64(row.clock_skew_seconds, "clock_skew_seconds");
        inner.i64(row.call_since, "call_since");
        inner.u32(row.condition_flags, "condition_flags");
        inner.i64(row.free_disk_bytes, "free_disk_bytes");
    });
}

template <class IO>
void describe(IO&, VersionsRequest&) {}

template <class IO>
void describe(IO& io, Versions& value) {
    io.text(value.server_version, short_text, "server_version");
    io.list(value.nodes, max_fleet_nodes, "nodes", [](IO& inner, NodeVersionRow& row) {
        inner.text(row.node_id, short_text, "node_id");
        inner.text(row.software_version, short_text, "software_version");
        inner.i64(row.reported_at, "reported_at");
    });
}

template <class IO>
void describe(IO& io, BoardWithdraw& value) {
    io.text(value.listing_id, short_text, "listing_id");
    io.text(value.reason, reason_text, "reason");
}

template <class IO>
void describe(IO& io, BoardSetDeadline& value) {
    io.text(value.listing_id, short_text, "listing_id");
    io.text(value.deadline, short_text, "deadline");
}

template <class IO>
void describe(IO& io, SortedQuery& value) {
    describe(io, value.query);
    io.code(value.sort, 1, 5, "sort");
    io.u8(value.flag_kinds, "flag_kinds");
    io.text(value.after_key, long_text, "after_key");
}

template <class IO>
void describe(IO& io, SortedPage& value) {
    describe(io, value.page);
    io.text(value.next_after_key, long_text, "next_after_key");
}

template <class IO>
void describe(IO&, CountyProjectsRequest&) {}

template <class IO>
void describe(IO& io, CountyProjects& value) {
    io.list(value.projects, max_county_projects, "projects", [](IO& inner, CountyProjectRow& row) {
        inner.text(row.project_id, short_text, "project_id");
        inner.text(row.project_number, short_text, "project_number");
        inner.text(row.state, short_text, "state");
        inner.u32(row.receipts, "receipts");
        inner.text(row.county_due, short_text, "county_due");
        inner.text(row.county_paid, short_text, "county_paid");
        inner.i64(row.updated_at, "updated_at");
    });
}

// The body type of a command (index in StaffBody), for decoding.
template <std::size_t Index = 0>
Result<StaffBody> decode_body(StaffCommand command, std::string_view bytes) {
    if constexpr (Index == std::variant_size_v<StaffBody>) {
        return Error("protocol.command", "command", "not a staff command");
    } else {
        using Body = std::variant_alternative_t<Index, StaffBody>;
        if (command_table[Index].command != command)
            return decode_body<Index + 1>(command, bytes);
        Body body{};
        Reader reader(bytes);
        describe(reader, body);
        reader.finish();
        if (reader.failed())
            return reader.error();
        return StaffBody(std::in_place_index<Index>, std::move(body));
    }
}

}  // namespace

StaffCommand staff_command_of(const StaffBody& body) {
    return command_table[body.index()].command;
}

bool is_staff_request(StaffCommand command) {
    const CommandEntry* entry = entry_of(command);
    return entry != nullptr && entry->direction == Direction::Request;
}

// [SECTION] Encode and decode
Result<std::vector<std::string>> encode_staff(const StaffMessage& message) {
    StaffBody body = message.body;  // describe() takes its value by reference in both directions
    Writer writer;
    std::visit([&writer](auto& value) { describe(writer, value); }, body);
    if (writer.failed())
        return writer.error();
    std::string header(staff_header_size, '\0');
    header[0] = 'J';
    header[1] = 'B';
    header[2] = static_cast<char>(staff_protocol_version);
    header[3] = static_cast<char>(staff_command_of(body));
    for (int index = 0; index < 8; ++index)
        header[4 + index] = static_cast<char>((message.correlation_id >> (56 - 8 * index)) & 0xFF);
    return std::vector<std::string>{std::move(header), writer.take()};
}

Result<StaffMessage> decode_staff(const std::vector<std::string_view>& frames) {
    if (frames.size() != 2)
        return Error("protocol.frames", "frames", "a message is exactly two frames");
    const std::string_view header = frames[0];
    if (header.size() != staff_header_size)
        return Error("protocol.frames", "header", "the header is 12 octets");
    if (header[0] != 'J' || header[1] != 'B')
        return Error("protocol.magic", "header", "the header starts with JB");
    if (static_cast<std::uint8_t>(header[2]) != staff_protocol_version)
        return Error("protocol.version", "version", "not version 1")
            .with("version", std::to_string(static_cast<std::uint8_t>(header[2])));
    StaffMessage message;
    for (int index = 0; index < 8; ++index)
        message.correlation_id = (message.correlation_id << 8) | static_cast<std::uint8_t>(header[4 + index]);
    const std::uint8_t command = static_cast<std::uint8_t>(header[3]);
    if (command < first_staff_command || command > last_staff_command)
        return Error("protocol.command", "command", "not a staff command");
    auto body = decode_body(static_cast<StaffCommand>(command), frames[1]);
    if (!body)
        return body.error();
    message.body = std::move(body.value());
    return message;
}

}  // namespace jiebang::sync::staff

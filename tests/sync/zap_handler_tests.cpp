// tests/sync/zap_handler_tests.cpp — the ZAP handler's answers (sync/aggregator/zap_handler.hpp) without a
// socket: 200 with the node id for an enrolled key; 400 for an unenrolled key and for anything that is not
// a CURVE handshake in domain "jiebang" (invariant 1); 300 when the store is busy and 500 when it cannot be
// read or opened, never 400 for a store failure (invariant 2, RFC 27). The staff endpoint answers through
// the same handler with its own policy (staff_endpoint.hpp invariant 1): the same cases in domain
// "jiebang-staff", with the staff id as User-Id.
#include <doctest/doctest.h>
#include <zmq.h>

#include "sync/aggregator/staff_endpoint.hpp"
#include "sync/aggregator/zap_handler.hpp"

using namespace jiebang;
using namespace jiebang::sync;

namespace {

std::vector<std::string> request_for(const CurveKeyPair& keys, std::string mechanism = "CURVE",
                                     std::string domain = zap_domain) {
    std::string raw(32, '\0');
    REQUIRE(zmq_z85_decode(reinterpret_cast<std::uint8_t*>(raw.data()), keys.public_key.c_str()) != nullptr);
    return {"1.0", "request-7", std::move(domain), "127.0.0.1", "", std::move(mechanism), raw};
}

}  // namespace

TEST_CASE("ZAP answers 200 with the node id only for an enrolled key, 400 for every other client") {
    auto enrolled = CurveKeyPair::generate();
    auto stranger = CurveKeyPair::generate();
    REQUIRE(enrolled.ok());
    REQUIRE(stranger.ok());
    ActiveNodeLookup lookup = [&](std::string_view key) -> Result<std::optional<NodeRecord>> {
        if (key != enrolled->public_key)
            return std::optional<NodeRecord>();
        NodeRecord node;
        node.node_id = "440703-007";
        return std::optional<NodeRecord>(node);
    };

    const ZapDecision admitted = zap_reply(request_for(enrolled.value()), &lookup);
    CHECK(admitted.reply == std::vector<std::string>{"1.0", "request-7", "200", "OK", "440703-007", ""});

    const ZapDecision unenrolled = zap_reply(request_for(stranger.value()), &lookup);
    CHECK(unenrolled.reply[2] == "400");
    CHECK(unenrolled.reply[4].empty());
    CHECK(unenrolled.log_line == "zap: refused an unenrolled CURVE key");

    CHECK(zap_reply(request_for(enrolled.value(), "NULL"), &lookup).reply[2] == "400");
    CHECK(zap_reply(request_for(enrolled.value(), "CURVE", "other"), &lookup).reply[2] == "400");
    CHECK(zap_reply({"1.0", "request-8"}, &lookup).reply ==
          std::vector<std::string>{"1.0", "request-8", "400", "not enrolled", "", ""});
}

TEST_CASE("ZAP answers 300 for a busy store and 500 for a broken or missing one, never 400") {
    auto keys = CurveKeyPair::generate();
    REQUIRE(keys.ok());
    ActiveNodeLookup busy = [](std::string_view) -> Result<std::optional<NodeRecord>> {
        return Error("store.busy", "aggregator.sqlite", "database is locked");
    };
    ActiveNodeLookup corrupt = [](std::string_view) -> Result<std::optional<NodeRecord>> {
        return Error("store.corrupt", "aggregator.sqlite", "database disk image is malformed");
    };
    const ZapDecision temporary = zap_reply(request_for(keys.value()), &busy);
    CHECK(temporary.reply[2] == "300");
    CHECK(temporary.reply[4].empty());
    CHECK(temporary.log_line.find("store.busy") != std::string::npos);

    const ZapDecision internal = zap_reply(request_for(keys.value()), &corrupt);
    CHECK(internal.reply[2] == "500");
    CHECK(internal.reply[4].empty());

    const ZapDecision no_store = zap_reply(request_for(keys.value()), nullptr);
    CHECK(no_store.reply[2] == "500");
    CHECK(no_store.reply[4].empty());
}

TEST_CASE(
    "staff ZAP: the same handler answers 200 with the staff id, 400 for others, 300/500 on store failure") {
    auto member = CurveKeyPair::generate();
    auto stranger = CurveKeyPair::generate();
    REQUIRE(member.ok());
    REQUIRE(stranger.ok());
    ActiveStaffLookup lookup = [&](std::string_view key) -> Result<std::optional<backoffice::StaffMember>> {
        if (key != member->public_key)
            return std::optional<backoffice::StaffMember>();
        backoffice::StaffMember record;
        record.staff_id = "staff-0003";
        return std::optional<backoffice::StaffMember>(record);
    };
    const ZapDecision admitted =
        staff_zap_reply(request_for(member.value(), "CURVE", staff_zap_domain), &lookup);
    CHECK(admitted.reply == std::vector<std::string>{"1.0", "request-7", "200", "OK", "staff-0003", ""});

    const ZapDecision unknown =
        staff_zap_reply(request_for(stranger.value(), "CURVE", staff_zap_domain), &lookup);
    CHECK(unknown.reply == std::vector<std::string>{"1.0", "request-7", "400", "not a staff key", "", ""});
    CHECK(unknown.log_line == "staff zap: refused a key that is no active staff member's");
    CHECK(unknown.log_kind == "staff_zap_refused");
    // A staff key in the nodes' domain, and a node's handshake on the staff endpoint: 400 both ways.
    const ZapDecision nodes_domain = staff_zap_reply(request_for(member.value()), &lookup);
    CHECK(nodes_domain.reply[2] == "400");
    CHECK(nodes_domain.log_line ==
          "staff zap: refused a handshake that is not CURVE in domain jiebang-staff");
    CHECK(staff_zap_reply(request_for(member.value(), "NULL", staff_zap_domain), &lookup).reply[2] == "400");

    ActiveStaffLookup busy = [](std::string_view) -> Result<std::optional<backoffice::StaffMember>> {
        return Error("store.busy", "aggregator.sqlite", "database is locked");
    };
    ActiveStaffLookup corrupt = [](std::string_view) -> Result<std::optional<backoffice::StaffMember>> {
        return Error("store.corrupt", "aggregator.sqlite", "database disk image is malformed");
    };
    const ZapDecision temporary =
        staff_zap_reply(request_for(member.value(), "CURVE", staff_zap_domain), &busy);
    CHECK(temporary.reply[2] == "300");
    CHECK(temporary.reply[4].empty());
    CHECK(temporary.log_kind == "staff_zap_store");
    const ZapDecision internal =
        staff_zap_reply(request_for(member.value(), "CURVE", staff_zap_domain), &corrupt);
    CHECK(internal.reply[2] == "500");
    CHECK(internal.reply[4].empty());
    const ZapDecision no_store =
        staff_zap_reply(request_for(member.value(), "CURVE", staff_zap_domain), nullptr);
    CHECK(no_store.reply == std::vector<std::string>{"1.0", "request-7", "500", "store unavailable", "", ""});
}

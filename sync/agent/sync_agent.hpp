// sync/agent/sync_agent.hpp — the terminal's sync agent: drains the terminal store's outbox to the county
// aggregator, pulls the board and progress status, purges contact data after retention, and exposes a
// thread-safe state snapshot for the UI. jiebang-kiosk runs it on its own thread (start/stop);
// jiebang-sync-agent runs it alone.
// Invariants: the agent has its own SQLite connection to the terminal store (WAL allows the kiosk to write
// meanwhile); outbox rows leave pending only by ACK or CONFLICT/permanent error (quarantine); a board is
// applied only after its hash verified; status entries are applied consecutively, in one transaction per
// reply. snapshot() never blocks on the network.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "shared/base/result.hpp"
#include "sync/agent/client_session.hpp"
#include "sync/agent/county_requests.hpp"
#include "sync/transport/zmq_support.hpp"

namespace jiebang::sync {

struct SyncAgentConfig {
    std::string aggregator_endpoint;    // "tcp://county-host:5570"
    std::string aggregator_public_key;  // Z85, 40 characters
    CurveKeyPair terminal_keys;         // this terminal's CURVE pair (enrolled at the county)
    std::filesystem::path terminal_store_path;
    std::filesystem::path assets_directory;  // forms, for the purge of personal fields (required to load);
                                             // empty = default_assets_directory()
    // Contact data kept this long after the county's ACK. Default 0: it leaves the terminal as soon as the county
    // has it, as the kiosk's consent text says (a terminal keeps it longer only when configured to, and says so).
    std::int64_t retention_seconds = 0;
    int window = 32;
    int heartbeat_interval_ms = 2000;
    int reply_timeout_ms = 5000;
    int backoff_initial_ms = 500;
    int backoff_max_ms = 30000;
    int housekeeping_interval_ms = 60000;
    std::int64_t clock_offset_seconds = 0;  // --clock-offset: a test or drill moving this terminal's clock
};

struct SyncAgentState {
    bool running = false;
    bool online = false;
    std::int64_t pending = 0;
    std::int64_t quarantined = 0;
    std::int64_t oldest_pending_age_seconds = 0;  // 0 when nothing is pending
    std::int64_t board_version = 0;
    std::int64_t status_sequence = 0;
    std::string last_error_code;       // empty when fine; a code for assets/strings ("error.<code>")
    std::int64_t last_contact_at = 0;  // Unix seconds, 0 = never
    std::int64_t acknowledged_since_start = 0;
    bool conditions_settled = false;  // reported and kept, or not taken by an older county
    bool clock_skew_known = false;    // learned since start (the store keeps the last one across restarts)
    std::int64_t clock_skew_seconds = 0;  // the county's clock minus this terminal's
};

class SyncAgent {
  public:
    explicit SyncAgent(SyncAgentConfig config);
    ~SyncAgent();  // stops and joins
    SyncAgent(const SyncAgent&) = delete;
    SyncAgent& operator=(const SyncAgent&) = delete;

    // Loads the forms, opens the store and starts the thread. Errors: sync.key (bad server key),
    // sync.assets_unavailable (the forms cannot be loaded from assets_directory: nothing could ever be
    // purged, so the agent does not run), store.* (cannot open).
    Status start();
    void stop();
    SyncAgentState snapshot() const;
    // What the kiosk knows of its conditions (condition_printer_* and condition_clock_refused of
    // sync/protocol/codec.hpp), for the report this agent sends (docs/protocol.md 19); the agent adds the call
    // and the disk from the store's folder. jiebang-sync-agent alone knows no printer.
    void set_kiosk_flags(std::uint32_t flags) { kiosk_flags_->store(flags); }
    // The county this agent uploads to, for the applicant requests asked while the applicant waits
    // (county_requests.hpp: progress lookup, correction of a returned submission).
    CountyLink county_link() const {
        return CountyLink{config_.aggregator_endpoint, config_.aggregator_public_key, config_.terminal_keys,
                          2500};
    }

  private:
    class Source;
    SyncAgentConfig config_;
    std::shared_ptr<std::atomic<std::uint32_t>> kiosk_flags_ =
        std::make_shared<std::atomic<std::uint32_t>>(0);
    std::unique_ptr<Source> source_;
    std::unique_ptr<ClientSession> session_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> running_{false};
    std::thread thread_;
};

}  // namespace jiebang::sync

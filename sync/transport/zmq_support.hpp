// sync/transport/zmq_support.hpp — small RAII wrappers over libzmq's C API (no exceptions), CURVE key
// files, and the socket options every JBSP/1 socket gets (docs/protocol.md section 8).
// Invariants: every socket sets ZMQ_MAXMSGSIZE = max_message_bytes, ZMQ_LINGER bounded, ZMQ_HANDSHAKE_IVL;
// servers are CURVE servers with a ZAP domain enforced (option 93); clients are CURVE clients. There is no
// code path that makes a NULL-security JBSP socket.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "shared/base/result.hpp"

namespace jiebang::sync {

// Debian's zmq.h hides this behind ZMQ_BUILD_DRAFT_API; libzmq 4.3.4 implements it.
inline constexpr int zap_enforce_domain_option = 93;
inline constexpr const char* zap_domain = "jiebang";
inline constexpr const char* zap_endpoint = "inproc://zeromq.zap.01";

// A CURVE key pair in Z85 text (40 characters each).
struct CurveKeyPair {
    std::string public_key;
    std::string secret_key;

    static Result<CurveKeyPair> generate();
    // Key file: one line "jiebang-curve-secret-v1 <z85 secret>", mode 0600; the public key is derived.
    // A file group or others may read is refused (key.permissions, naming the file and "chmod 600").
    static Result<CurveKeyPair> load(const std::filesystem::path& file);
    Status save(const std::filesystem::path& file) const;
    // Loads the file, or generates and saves a new pair when it does not exist.
    static Result<CurveKeyPair> load_or_create(const std::filesystem::path& file);
};
bool is_valid_curve_key_text(std::string_view text);  // 40 Z85 characters decoding to 32 bytes

class ZmqContext {
  public:
    ZmqContext();
    ~ZmqContext();
    ZmqContext(const ZmqContext&) = delete;
    ZmqContext& operator=(const ZmqContext&) = delete;
    void* handle() const { return context_; }

  private:
    void* context_ = nullptr;
};

class ZmqSocket {
  public:
    ZmqSocket() = default;
    ZmqSocket(ZmqContext& context, int type);
    ZmqSocket(ZmqSocket&& other) noexcept;
    ZmqSocket& operator=(ZmqSocket&& other) noexcept;
    ZmqSocket(const ZmqSocket&) = delete;
    ZmqSocket& operator=(const ZmqSocket&) = delete;
    ~ZmqSocket();

    void* handle() const { return socket_; }
    bool valid() const { return socket_ != nullptr; }
    void close();

    Status set_int(int option, int value);
    Status set_int64(int option, std::int64_t value);
    Status set_text(int option, std::string_view value);
    Status bind(const std::string& endpoint);
    Status connect(const std::string& endpoint);

    // Sends all frames (SNDMORE on all but the last); `dont_wait` makes a full queue an error
    // (sync.would_block).
    Status send_frames(const std::vector<std::string>& frames, bool dont_wait = false);
    // Receives one whole multipart message; empty vector when nothing arrived within timeout_ms (0 = poll).
    // `user_id` receives the ZAP User-Id metadata of the peer's frames when requested; `source_fd` the file
    // descriptor of the TCP connection they came on (-1 when unknown), for disconnect_connection().
    Result<std::vector<std::string>> receive_frames(int timeout_ms, std::string* user_id = nullptr,
                                                    int* source_fd = nullptr);

  private:
    void* socket_ = nullptr;
};

// The remote address ("ip:port") of a connection's descriptor, or "" when it has none (closed, not TCP).
std::string connection_peer(int fd);
// Cuts one peer of a ROUTER: shuts down the TCP connection behind `fd` (libzmq sees the end of the stream,
// closes the connection and drops its queues; it owns and closes the descriptor). Only when the
// descriptor still leads to `expected_peer`, so a descriptor number that was reused for another
// connection is left alone. True when it was shut down.
bool disconnect_connection(int fd, const std::string& expected_peer);

// The CURVE server setup for a JBSP/1 listener (ROUTER): keys, ZAP domain enforced, limits, bind.
Status configure_server(ZmqSocket& socket, const CurveKeyPair& server_keys, int handshake_timeout_ms);
// The CURVE client setup for a JBSP/1 client (DEALER).
Status configure_client(ZmqSocket& socket, const CurveKeyPair& client_keys,
                        std::string_view server_public_key, int handshake_timeout_ms);

Error zmq_error(std::string_view context);  // sync.zmq with errno text as detail

}  // namespace jiebang::sync

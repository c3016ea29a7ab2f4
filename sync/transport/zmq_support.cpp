// sync/transport/zmq_support.cpp — libzmq C API wrappers, CURVE key files, socket option sets.
// Errors are values with code sync.zmq (detail: the zmq_strerror text), sync.key_file (reading a key file),
// key.permissions / key.cannot_read (a key file group or others can read, or one that cannot be looked at;
// shared/base/secret_file.hpp) or key.cannot_write (writing one; field: the path).
// Index: [SECTION] CURVE keys  [SECTION] Context and socket  [SECTION] Connections  [SECTION] Option sets
#include "sync/transport/zmq_support.hpp"

#include "shared/base/secret_file.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <zmq.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

#include "sync/protocol/codec.hpp"

namespace jiebang::sync {

Error zmq_error(std::string_view context) {
    return Error("sync.zmq", std::string(context), zmq_strerror(zmq_errno()));
}

// [SECTION] CURVE keys
bool is_valid_curve_key_text(std::string_view text) {
    if (text.size() != 40)
        return false;
    std::string copy(text);
    unsigned char decoded[32];
    return zmq_z85_decode(decoded, copy.c_str()) != nullptr;
}

Result<CurveKeyPair> CurveKeyPair::generate() {
    char public_text[41] = {};
    char secret_text[41] = {};
    if (zmq_curve_keypair(public_text, secret_text) != 0)
        return zmq_error("zmq_curve_keypair");
    return CurveKeyPair{public_text, secret_text};
}

Result<CurveKeyPair> CurveKeyPair::load(const std::filesystem::path& file) {
    if (auto private_file = check_secret_file_permissions(file); !private_file)
        return private_file.error();  // key.permissions names the file and the fix (chmod 600)
    std::ifstream input(file);
    if (!input)
        return Error("sync.key_file", file.string(), "cannot read key file");
    std::string tag;
    std::string secret;
    input >> tag >> secret;
    if (tag != "jiebang-curve-secret-v1" || !is_valid_curve_key_text(secret)) {
        return Error("sync.key_file", file.string(), "not a jiebang-curve-secret-v1 key file");
    }
    char public_text[41] = {};
    if (zmq_curve_public(public_text, secret.c_str()) != 0)
        return zmq_error("zmq_curve_public");
    return CurveKeyPair{public_text, secret};
}

Status CurveKeyPair::save(const std::filesystem::path& file) const {
    std::error_code error_code;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), error_code);
    // Same durable write as the receipt key: a torn transport key would keep the terminal offline for good.
    std::string content = "jiebang-curve-secret-v1 " + secret_key + "\n";
    return write_secret_file(file, content);
}

Result<CurveKeyPair> CurveKeyPair::load_or_create(const std::filesystem::path& file) {
    if (std::filesystem::exists(file))
        return load(file);
    auto keys = generate();
    if (!keys)
        return keys.error();
    if (auto saved = keys->save(file); !saved)
        return saved.error();
    return keys;
}

// [SECTION] Context and socket
ZmqContext::ZmqContext() : context_(zmq_ctx_new()) {}
ZmqContext::~ZmqContext() {
    if (context_ != nullptr)
        zmq_ctx_term(context_);
}

ZmqSocket::ZmqSocket(ZmqContext& context, int type) : socket_(zmq_socket(context.handle(), type)) {
    if (socket_ != nullptr) {
        int linger = 0;
        zmq_setsockopt(socket_, ZMQ_LINGER, &linger, sizeof linger);
    }
}
ZmqSocket::ZmqSocket(ZmqSocket&& other) noexcept : socket_(other.socket_) {
    other.socket_ = nullptr;
}
ZmqSocket& ZmqSocket::operator=(ZmqSocket&& other) noexcept {
    if (this != &other) {
        close();
        socket_ = other.socket_;
        other.socket_ = nullptr;
    }
    return *this;
}
ZmqSocket::~ZmqSocket() {
    close();
}

void ZmqSocket::close() {
    if (socket_ != nullptr) {
        zmq_close(socket_);
        socket_ = nullptr;
    }
}

Status ZmqSocket::set_int(int option, int value) {
    if (zmq_setsockopt(socket_, option, &value, sizeof value) != 0)
        return zmq_error("zmq_setsockopt");
    return ok_status();
}
Status ZmqSocket::set_int64(int option, std::int64_t value) {
    if (zmq_setsockopt(socket_, option, &value, sizeof value) != 0)
        return zmq_error("zmq_setsockopt");
    return ok_status();
}
Status ZmqSocket::set_text(int option, std::string_view value) {
    if (zmq_setsockopt(socket_, option, value.data(), value.size()) != 0)
        return zmq_error("zmq_setsockopt");
    return ok_status();
}
Status ZmqSocket::bind(const std::string& endpoint) {
    if (zmq_bind(socket_, endpoint.c_str()) != 0)
        return zmq_error("zmq_bind " + endpoint);
    return ok_status();
}
Status ZmqSocket::connect(const std::string& endpoint) {
    if (zmq_connect(socket_, endpoint.c_str()) != 0)
        return zmq_error("zmq_connect " + endpoint);
    return ok_status();
}

Status ZmqSocket::send_frames(const std::vector<std::string>& frames, bool dont_wait) {
    for (std::size_t index = 0; index < frames.size(); ++index) {
        int flags = index + 1 < frames.size() ? ZMQ_SNDMORE : 0;
        if (dont_wait)
            flags |= ZMQ_DONTWAIT;
        if (zmq_send(socket_, frames[index].data(), frames[index].size(), flags) < 0) {
            if (zmq_errno() == EAGAIN)
                return Error("sync.would_block", "", "send queue full");
            return zmq_error("zmq_send");
        }
    }
    return ok_status();
}

Result<std::vector<std::string>> ZmqSocket::receive_frames(int timeout_ms, std::string* user_id,
                                                           int* source_fd) {
    std::vector<std::string> frames;
    zmq_pollitem_t item{socket_, 0, ZMQ_POLLIN, 0};
    const int ready = zmq_poll(&item, 1, timeout_ms);
    if (ready < 0 && zmq_errno() == EINTR)
        return frames;  // a signal: the caller checks its stop flag
    if (ready < 0)
        return zmq_error("zmq_poll");
    if (ready == 0)
        return frames;
    for (;;) {
        zmq_msg_t message;
        zmq_msg_init(&message);
        if (zmq_msg_recv(&message, socket_, frames.empty() ? ZMQ_DONTWAIT : 0) < 0) {
            zmq_msg_close(&message);
            if (frames.empty() && (zmq_errno() == EAGAIN || zmq_errno() == EINTR))
                return frames;
            return zmq_error("zmq_msg_recv");
        }
        if (user_id != nullptr) {
            // A ROUTER's routing-id frame is made locally and has no metadata; the peer's frames do.
            if (frames.empty())
                user_id->clear();
            const char* value = zmq_msg_gets(&message, "User-Id");
            if (value != nullptr)
                *user_id = value;
        }
        if (source_fd != nullptr) {
            if (frames.empty())
                *source_fd = -1;
            if (const int fd = zmq_msg_get(&message, ZMQ_SRCFD); fd >= 0)
                *source_fd = fd;
        }
        frames.emplace_back(static_cast<const char*>(zmq_msg_data(&message)), zmq_msg_size(&message));
        const bool more = zmq_msg_more(&message) != 0;
        zmq_msg_close(&message);
        if (!more)
            break;
    }
    return frames;
}

// [SECTION] Connections
std::string connection_peer(int fd) {
    if (fd < 0)
        return {};
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return {};
    char host[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto* ipv4 = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &ipv4->sin_addr, host, sizeof host);
        port = ntohs(ipv4->sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto* ipv6 = reinterpret_cast<const sockaddr_in6*>(&address);
        inet_ntop(AF_INET6, &ipv6->sin6_addr, host, sizeof host);
        port = ntohs(ipv6->sin6_port);
    } else {
        return {};
    }
    return std::string(host) + ":" + std::to_string(port);
}

bool disconnect_connection(int fd, const std::string& expected_peer) {
    if (fd < 0 || expected_peer.empty() || connection_peer(fd) != expected_peer)
        return false;
    return shutdown(fd, SHUT_RDWR) == 0;
}

// [SECTION] Option sets
namespace {
Status common_options(ZmqSocket& socket, int handshake_timeout_ms) {
    if (auto status = socket.set_int64(ZMQ_MAXMSGSIZE, max_message_bytes); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_HANDSHAKE_IVL, handshake_timeout_ms); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_LINGER, 0); !status)
        return status;
    return ok_status();
}
}  // namespace

Status configure_server(ZmqSocket& socket, const CurveKeyPair& server_keys, int handshake_timeout_ms) {
    if (auto status = common_options(socket, handshake_timeout_ms); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_CURVE_SERVER, 1); !status)
        return status;
    if (auto status = socket.set_text(ZMQ_CURVE_SECRETKEY, server_keys.secret_key); !status)
        return status;
    if (auto status = socket.set_text(ZMQ_ZAP_DOMAIN, zap_domain); !status)
        return status;
    if (auto status = socket.set_int(zap_enforce_domain_option, 1); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_ROUTER_MANDATORY, 0); !status)
        return status;
    // Large send queue: replies to a burst of SUBMITs must not be dropped for a slow peer.
    if (auto status = socket.set_int(ZMQ_SNDHWM, 100000); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_RCVHWM, 100000); !status)
        return status;
    return ok_status();
}

Status configure_client(ZmqSocket& socket, const CurveKeyPair& client_keys,
                        std::string_view server_public_key, int handshake_timeout_ms) {
    if (!is_valid_curve_key_text(server_public_key)) {
        return Error("sync.key", "aggregator_public_key", "not a 40-character Z85 CURVE key");
    }
    if (auto status = common_options(socket, handshake_timeout_ms); !status)
        return status;
    if (auto status = socket.set_text(ZMQ_CURVE_SERVERKEY, server_public_key); !status)
        return status;
    if (auto status = socket.set_text(ZMQ_CURVE_PUBLICKEY, client_keys.public_key); !status)
        return status;
    if (auto status = socket.set_text(ZMQ_CURVE_SECRETKEY, client_keys.secret_key); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_IMMEDIATE, 1); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_RECONNECT_IVL, 200); !status)
        return status;
    if (auto status = socket.set_int(ZMQ_RECONNECT_IVL_MAX, 5000); !status)
        return status;
    return ok_status();
}

}  // namespace jiebang::sync

// HttpServer: idekort-server's HTTP front, on Boost.Beast/Asio from Debian (safe parser limits
// by default, WebSocket later for the workshop wall; docs/ARCHITECTURE.md, "The server"). A thread pool runs the
// io_context; SIGTERM/SIGINT stop accepting, let requests in flight finish (cards waiting for
// their group commit included), then return so that main closes the database cleanly.
//
// /api/..., /healthz and /metrics go to the Api (api.h); everything else is the web app's
// static files (static_files.h), GET and HEAD only. Every response carries X-Idekort-Server,
// so clients can tell us from a Wi-Fi portal, and X-Idekort-Protocol (docs/API.md, "Headers").
//
// Limits against abuse: request bodies of at most 64 KiB (413), headers of at most
// `header_limit` bytes (431), a request being read or an answer being written is cut off after
// `read_timeout` without progress (inactivity, so slow links finish and silent clients do not
// hold a connection), an idle keep-alive connection closes after `idle_timeout`, at most
// `max_connections` are open at once and `max_connections_per_address` from one peer (more are
// closed on accept). Out of file descriptors, the accept loop pauses instead of spinning.
// Logs are one JSON object per line on stdout and never contain personal data (no IPs, no
// bodies, no query strings, no card ids or receipts: API paths are logged as their route).
#pragma once

#include "common/json_writer.h"
#include "common/protocol/wire.h"
#include "common/status.h"
#include "server/http/client_address.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace idekort::server {

class Api;
class Metrics;

// What the identity header says: the protocol's prefix and this server's version.
constexpr char server_identity[] = "idekort-server/0.1.0";
static_assert(std::string_view(server_identity).substr(0, sizeof protocol::identity_prefix - 1) == protocol::identity_prefix,
              "the identity must start with the protocol's prefix, or clients take us for a portal");

struct ServerConfig {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 8080;         // 0: any free port (logged at start)
    std::string web_root;              // folder with index.html, idekort.js, idekort.wasm ...
    std::string base_path = "/";       // URL prefix of the web app, "/" or e.g. "/idekort/" (normalised)
    int threads = 2;
    double shutdown_grace_seconds = 5; // how long requests in flight may take to finish
    double read_timeout_seconds = 10;  // longest silence while a request arrives or an answer leaves
    double idle_timeout_seconds = 60;  // keep-alive connection with no request
    std::uint32_t header_limit = 8 * 1024;
    int max_connections = 4096;
    int max_connections_per_address = 256;   // from one peer address; trusted proxies are not capped
    // Proxies whose Forwarded / X-Forwarded-For headers name the client (client_address.h);
    // from any other peer those headers are ignored.
    std::vector<IpNetwork> trusted_proxies;
};

// Runs until SIGTERM or SIGINT. Returns an error when it cannot start (port in use, ...).
// `drain` runs after the last request is answered and before the io_context goes (main stops
// the group commit there).
Status run_http_server(const ServerConfig& config, Api& api, Metrics& metrics, const std::function<void()>& drain = {});

// One member of a log line: text, a whole number, or milliseconds (two decimals).
class LogField {
public:
    LogField(std::string_view name, std::string_view text) : m_name(name), m_text(text), m_kind(Kind::Text) {}
    LogField(std::string_view name, const char* text) : LogField(name, std::string_view(text)) {}
    LogField(std::string_view name, const std::string& text) : LogField(name, std::string_view(text)) {}
    template <class Integer, std::enable_if_t<std::is_integral_v<Integer>, int> = 0>
    LogField(std::string_view name, Integer n) : m_name(name), m_number(static_cast<double>(n)), m_integer(static_cast<long long>(n)), m_kind(Kind::Integer) {}
    LogField(std::string_view name, double milliseconds) : m_name(name), m_number(milliseconds), m_kind(Kind::Milliseconds) {}
    void write(json::Writer& w) const;

private:
    enum class Kind { Text, Integer, Milliseconds };
    std::string_view m_name;
    std::string_view m_text;
    double m_number = 0;
    long long m_integer = 0;
    Kind m_kind;
};

// One JSON log line on stdout: {"ts":"...","level":"...","msg":"...", <fields>}. The fields'
// values must outlive the call (they are views).
void log_line(const char* level, const char* message, std::initializer_list<LogField> fields = {});

} // namespace idekort::server

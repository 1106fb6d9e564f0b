// HttpServer: idekort-server's HTTP front, on Boost.Beast/Asio from Debian (DESIGN.md §2: safe
// parser limits by default, WebSocket later for the workshop wall). A thread pool runs the
// io_context; SIGTERM/SIGINT stop accepting, let requests in flight finish, then return.
//
// Routes now: GET/HEAD /healthz, and the web app's static files. The card API is issue 5.
// Every response carries X-Idekort-Server, so clients can tell us from a Wi-Fi portal.
// Logs are one JSON object per line on stdout and never contain personal data (no IPs).
#pragma once

#include "common/status.h"

#include <cstdint>
#include <string>

namespace idekort::server {

constexpr const char* server_identity = "idekort-server/0.1.0";

struct ServerConfig {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 8080;         // 0: any free port (logged at start)
    std::string web_root;              // folder with index.html, idekort.js, idekort.wasm ...
    std::string base_path = "/";       // URL prefix of the web app, "/" or e.g. "/idekort/" (normalised)
    int threads = 2;
    double shutdown_grace_seconds = 5; // how long idle keep-alive connections may linger
};

// Runs until SIGTERM or SIGINT. Returns an error when it cannot start (port in use, ...).
Status run_http_server(const ServerConfig& config);

// One JSON log line on stdout: {"ts":"...","level":"...","msg":"...", <fields>}.
// `fields` is a JSON object body without braces, or empty.
void log_line(const char* level, const char* message, const std::string& fields = {});

} // namespace idekort::server

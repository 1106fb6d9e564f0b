// HttpServer (see http_server.h). The session is the usual Beast shape: read a request with
// the parser's default body limit, answer, keep the connection alive unless the peer or a
// shutdown says otherwise, with a timeout on every read and write.
#include "server/http_server.h"

#include "common/json_writer.h"
#include "server/static_files.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace idekort::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::mutex g_log_mutex;

std::string utc_timestamp() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

struct ServerState {
    ServerConfig config;
    std::atomic<bool> stopping{false};
};

using Request = http::request<http::string_body>;

template <class Body>
void add_common_headers(http::response<Body>& res, unsigned version, bool keep_alive) {
    res.version(version);
    res.set(http::field::server, server_identity);
    res.set("X-Idekort-Server", server_identity);
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(keep_alive);
}

// Content type, caching and compression of a static file (server/static_files.h).
template <class Body>
void set_static_headers(http::response<Body>& res, const StaticFile& file) {
    res.set(http::field::content_type, file.content_type);
    res.set(http::field::cache_control, file.cache_control);
    if (!file.content_encoding.empty()) res.set(http::field::content_encoding, file.content_encoding);
    if (file.vary_accept_encoding) res.set(http::field::vary, "Accept-Encoding");
}

http::response<http::string_body> json_response(const Request& req, http::status status, std::string body, bool keep_alive) {
    http::response<http::string_body> res{status, req.version()};
    add_common_headers(res, req.version(), keep_alive);
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http::response<http::string_body> error_response(const Request& req, http::status status, const std::string& message, bool keep_alive) {
    return json_response(req, status, "{\"error\":" + json::quote(message) + "}", keep_alive);
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, std::shared_ptr<ServerState> state)
        : m_stream(std::move(socket)), m_state(std::move(state)) {}

    void start() { net::dispatch(m_stream.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this())); }

private:
    void read() {
        m_request = {};
        m_stream.expires_after(std::chrono::seconds(30));
        http::async_read(m_stream, m_buffer, m_request, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) {
            if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != net::error::operation_aborted)
                log_line("warn", "request read failed", "\"error\":" + json::quote(ec.message()));
            return close();
        }
        m_started = std::chrono::steady_clock::now();
        handle();
    }

    void handle() {
        const Request& req = m_request;
        const bool keep_alive = req.keep_alive() && !m_state->stopping;
        const std::string target(req.target());
        const std::string path = target.substr(0, target.find_first_of("?#"));
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            auto res = error_response(req, http::status::method_not_allowed, "only GET and HEAD are served here", keep_alive);
            res.set(http::field::allow, "GET, HEAD");
            return send(std::move(res), path);
        }
        if (path == "/healthz")
            return send(json_response(req, http::status::ok, "{\"status\":\"ok\"}", keep_alive), path);

        const auto accept_encoding = req[http::field::accept_encoding];
        auto file = resolve_static_file(m_state->config.web_root, target,
                                        std::string_view(accept_encoding.data(), accept_encoding.size()), m_state->config.base_path);
        if (!file) return send(error_response(req, http::status::not_found, file.error().message, keep_alive), path);
        http::file_body::value_type body;
        beast::error_code ec;
        body.open(file.value().path.c_str(), beast::file_mode::scan, ec);
        if (ec) return send(error_response(req, http::status::not_found, "cannot open the file", keep_alive), path);
        const auto size = body.size();
        if (req.method() == http::verb::head) {
            http::response<http::empty_body> res{http::status::ok, req.version()};
            add_common_headers(res, req.version(), keep_alive);
            set_static_headers(res, file.value());
            res.content_length(size);
            return send(std::move(res), path);
        }
        http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                            std::make_tuple(http::status::ok, req.version())};
        add_common_headers(res, req.version(), keep_alive);
        set_static_headers(res, file.value());
        res.content_length(size);
        send(std::move(res), path);
    }

    template <class Body>
    void send(http::response<Body>&& response, const std::string& path) {
        auto res = std::make_shared<http::response<Body>>(std::move(response));
        const int status = res->result_int();
        const bool keep_alive = res->keep_alive();
        const std::string method(m_request.method_string());
        m_stream.expires_after(std::chrono::seconds(30));
        http::async_write(m_stream, *res,
            [self = shared_from_this(), res, status, keep_alive, method, path](beast::error_code ec, std::size_t bytes) {
                const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - self->m_started).count();
                char fields[96];
                std::snprintf(fields, sizeof fields, "\"status\":%d,\"bytes\":%zu,\"ms\":%.2f", status, bytes, ms);
                log_line(status >= 500 ? "error" : "info", "request",
                         "\"method\":" + json::quote(method) + ",\"path\":" + json::quote(path) + "," + fields);
                if (ec || !keep_alive) return self->close();
                self->read();
            });
    }

    void close() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    Request m_request;
    std::shared_ptr<ServerState> m_state;
    std::chrono::steady_clock::time_point m_started;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& ioc, std::shared_ptr<ServerState> state) : m_ioc(ioc), m_acceptor(net::make_strand(ioc)), m_state(std::move(state)) {}

    Status open(const tcp::endpoint& endpoint) {
        beast::error_code ec;
        m_acceptor.open(endpoint.protocol(), ec);
        if (!ec) m_acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) m_acceptor.bind(endpoint, ec);
        if (!ec) m_acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) return Error{ec.message(), endpoint.address().to_string() + ":" + std::to_string(endpoint.port())};
        return {};
    }
    std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    void start() { accept(); }
    void stop() { net::post(m_acceptor.get_executor(), [self = shared_from_this()] { beast::error_code ec; self->m_acceptor.close(ec); }); }

private:
    void accept() {
        m_acceptor.async_accept(net::make_strand(m_ioc), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !m_acceptor.is_open()) return; // shutting down
        if (!ec) std::make_shared<Session>(std::move(socket), m_state)->start();
        accept();
    }

    net::io_context& m_ioc;
    tcp::acceptor m_acceptor;
    std::shared_ptr<ServerState> m_state;
};

} // namespace

void log_line(const char* level, const char* message, const std::string& fields) {
    const std::string line = "{\"ts\":\"" + utc_timestamp() + "\",\"level\":\"" + level + "\",\"msg\":" +
                             json::quote(message) + (fields.empty() ? "" : "," + fields) + "}\n";
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

Status run_http_server(const ServerConfig& config) {
    auto state = std::make_shared<ServerState>();
    state->config = config;
    net::io_context ioc(config.threads);

    beast::error_code ec;
    const auto address = net::ip::make_address(config.bind_address, ec);
    if (ec) return Error{"not an IP address: " + ec.message(), "--bind " + config.bind_address};
    auto listener = std::make_shared<Listener>(ioc, state);
    if (auto opened = listener->open({address, config.port}); !opened) return opened;
    listener->start();
    log_line("info", "listening",
             "\"address\":" + json::quote(config.bind_address) + ",\"port\":" + std::to_string(listener->port()) +
             ",\"web_root\":" + json::quote(config.web_root) + ",\"threads\":" + std::to_string(config.threads));

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::steady_timer grace(ioc);
    signals.async_wait([&](beast::error_code, int signal) {
        log_line("info", "shutting down", "\"signal\":" + std::to_string(signal));
        state->stopping = true;
        listener->stop();
        // Requests in flight finish; idle keep-alive connections get a short grace period.
        grace.expires_after(std::chrono::milliseconds(static_cast<int>(config.shutdown_grace_seconds * 1000)));
        grace.async_wait([&](beast::error_code) { ioc.stop(); });
    });

    std::vector<std::thread> pool;
    for (int i = 1; i < config.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    log_line("info", "stopped");
    return {};
}

} // namespace idekort::server

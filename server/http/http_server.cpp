// HttpServer (see http_server.h). The session is the usual Beast shape, with two read phases:
// waiting for the first byte of a request (idle timeout) and reading the rest of it; reading
// the rest and writing the answer end after `read_timeout` with no progress (inactivity, not a
// deadline: slow links finish, silent clients are cut off). API answers may
// come from the group commit's answerer thread; they are posted back to the session's strand.
#include "server/http/http_server.h"

#include "common/clock.h"
#include "common/file_io.h"
#include "common/json_writer.h"
#include "common/protocol/errors.h"
#include "common/protocol/message.h"
#include "server/api/api.h"
#include "server/metrics.h"
#include "server/http/static_files.h"
#include "server/api/workshop_api.h"
#include "server/http/websocket_session.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/asio/write.hpp>

#include <climits>
#include <cstdlib>

#include <atomic>
#include <functional>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace idekort::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::mutex g_log_mutex;

ApiResponse static_error(int status, std::string_view code, std::string_view message) {
    return ApiResponse{status, protocol::json_content_type, protocol::error_body(code, message), {}, "static"};
}

struct ServerState {
    ServerState(const ServerConfig& c, Api& a, Metrics& m) : config(c), api(a), metrics(m) {}
    ServerConfig config;
    Api& api;
    Metrics& metrics;
    std::atomic<bool> stopping{false};
    std::atomic<int> in_flight{0};

    // Open connections by peer address, for the per-address cap.
    std::mutex connections_mutex;
    std::unordered_map<std::string, int> connections;
    // Counts a connection from `peer`; false (nothing counted) when the peer is at its cap.
    bool admit(const net::ip::address& peer) {
        for (const IpNetwork& proxy : config.trusted_proxies)
            if (proxy.contains(peer)) return true;
        std::lock_guard<std::mutex> lock(connections_mutex);
        int& open = connections[peer.to_string()];
        if (open >= config.max_connections_per_address) {
            if (open == 0) connections.erase(peer.to_string());
            return false;
        }
        ++open;
        return true;
    }
    void release(const net::ip::address& peer) {
        for (const IpNetwork& proxy : config.trusted_proxies)
            if (proxy.contains(peer)) return;
        std::lock_guard<std::mutex> lock(connections_mutex);
        auto it = connections.find(peer.to_string());
        if (it != connections.end() && --it->second <= 0) connections.erase(it);
    }
};

using Request = http::request<http::string_body>;

std::chrono::milliseconds seconds(double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); }

template <class Body>
void add_common_headers(http::response<Body>& res, unsigned version, bool keep_alive) {
    res.version(version);
    res.set(http::field::server, server_identity);
    res.set(protocol::identity_header, server_identity);
    res.set(protocol::protocol_header, std::to_string(protocol::version));
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

// A header's value; several fields of one name are joined with commas (RFC 9110, 5.3), so a
// forwarding chain split over fields reads as one.
template <class Field>
std::string header(const Request& req, Field name) {
    std::string joined;
    for (auto [it, end] = req.equal_range(name); it != end; ++it) {
        if (!joined.empty()) joined += ", ";
        joined.append(it->value().data(), it->value().size());
    }
    return joined;
}

// The app shell (any HTML page we serve) gets its Content-Security-Policy, computed from the
// uncompressed file (its inline blocks' hashes), and X-Frame-Options for browsers without
// frame-ancestors.
template <class Body>
void set_shell_policy(http::response<Body>& res, const StaticFile& file) {
    if (file.content_type.rfind("text/html", 0) != 0) return;
    std::string original = file.path;
    if (!file.content_encoding.empty()) original.resize(original.rfind('.'));
    auto html = file_io::read_file(original);
    if (!html) return;
    res.set("Content-Security-Policy", app_shell_policy(html.value()));
    res.set("X-Frame-Options", "DENY");
}

class Session : public std::enable_shared_from_this<Session> {
public:
    // `peer` was admitted (ServerState::admit) and is released when the session ends.
    Session(tcp::socket&& socket, const net::ip::address& peer, std::shared_ptr<ServerState> state)
        : m_stream(std::move(socket)), m_state(std::move(state)), m_peer(peer) {
        m_state->metrics.connection_opened();
    }
    ~Session() {
        m_state->release(m_peer);
        m_state->metrics.connection_closed();
    }

    void start() { net::dispatch(m_stream.get_executor(), beast::bind_front_handler(&Session::wait_for_request, shared_from_this())); }

private:
    // Phase 1: an idle connection waits for the first byte of its next request.
    void wait_for_request() {
        if (m_state->stopping) return close();
        if (m_buffer.size() > 0) return read_request(); // pipelined bytes already here
        m_stream.expires_after(seconds(m_state->config.idle_timeout_seconds));
        m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            if (ec) return self->close();
            self->m_buffer.commit(n);
            self->read_request();
        });
    }

    // Phase 2: the rest of the request. The read timeout is inactivity: each piece that arrives
    // restarts it, so a slow mobile link can send a whole card, while a client that stops
    // sending is cut off (slow-loris; the per-address connection cap bounds how many it holds).
    void read_request() {
        m_parser.emplace();
        m_parser->body_limit(max_request_body_bytes);
        m_parser->header_limit(m_state->config.header_limit);
        read_more();
    }
    void read_more() {
        m_stream.expires_after(seconds(m_state->config.read_timeout_seconds));
        http::async_read_some(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            if (!ec && !self->m_parser->is_done()) return self->read_more();
            self->on_read(ec, n);
        });
    }

    void on_read(beast::error_code ec, std::size_t) {
        m_started = std::chrono::steady_clock::now();
        if (ec == http::error::body_limit)
            return refuse(http::status::payload_too_large, protocol::error_code::body_too_large, "the body is larger than " + std::to_string(max_request_body_bytes / 1024) + " KiB");
        if (ec == http::error::header_limit)
            return refuse(http::status::request_header_fields_too_large, protocol::error_code::headers_too_large, "the request headers are too large");
        if (ec == beast::error::timeout) {
            log_line("warn", "request read timed out");
            return close();
        }
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset || ec == net::error::operation_aborted)
            return close();
        if (ec) return refuse(http::status::bad_request, protocol::error_code::bad_request, "the request is not valid HTTP/1.1: " + ec.message());
        ++m_state->in_flight;
        m_counted = true;
        handle(m_parser->get());
    }

    // An answer to a request that could not be read whole; the connection closes after it.
    void refuse(http::status status, const char* code, const std::string& message) {
        http::response<http::string_body> res{status, 11};
        add_common_headers(res, 11, false);
        res.set(http::field::content_type, protocol::json_content_type);
        res.body() = protocol::error_body(code, message);
        res.prepare_payload();
        m_method = m_parser && m_parser->is_header_done() ? std::string(m_parser->get().method_string()) : "?";
        m_path = "(unread)";
        send(std::move(res), "refused");
    }

    void handle(Request& req) {
        const bool keep_alive = req.keep_alive() && !m_state->stopping;
        const std::string target(req.target());
        m_path = target.substr(0, target.find_first_of("?#"));
        m_method = std::string(req.method_string());
        m_head = req.method() == http::verb::head;
        m_version = req.version();
        m_keep_alive = keep_alive;
        m_api = Api::owns(m_path);

        // A live workshop's WebSocket (issue 16): the socket leaves this session for its own.
        if (m_api && beast::websocket::is_upgrade(req) && m_state->api.workshops()) {
            if (std::string code = workshop_live_code(m_path); !code.empty()) {
                --m_state->in_flight;
                m_counted = false;
                return start_workshop_live(m_stream.release_socket(), std::move(req), *m_state->api.workshops(), std::move(code));
            }
        }
        if (m_api) {
            ApiRequest api_request;
            api_request.method = m_method;
            api_request.target = target;
            api_request.authorization = std::string(req[http::field::authorization]);
            api_request.body = std::move(req.body());
            api_request.content_type = std::string(req[http::field::content_type]);
            api_request.client_ip = client_address(m_peer, header(req, http::field::forwarded), header(req, "X-Forwarded-For"),
                                                   m_state->config.trusted_proxies);
            auto self = shared_from_this();
            m_state->api.handle(api_request, [self](ApiResponse response) {
                net::post(self->m_stream.get_executor(), [self, response = std::move(response)]() mutable { self->answer(std::move(response)); });
            });
            return;
        }

        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            ApiResponse r = static_error(405, protocol::error_code::method_not_allowed, "only GET and HEAD are served here");
            r.headers.emplace_back("Allow", "GET, HEAD");
            return answer(std::move(r));
        }
        const auto accept_encoding = req[http::field::accept_encoding];
        auto file = resolve_static_file(m_state->config.web_root, target,
                                        std::string_view(accept_encoding.data(), accept_encoding.size()), m_state->config.base_path);
        if (!file) return answer(static_error(404, protocol::error_code::not_found, file.error().message));
        if (!inside_web_root(file.value().path)) return answer(static_error(404, protocol::error_code::not_found, "no such file"));
        http::file_body::value_type body;
        beast::error_code ec;
        body.open(file.value().path.c_str(), beast::file_mode::scan, ec);
        if (ec) return answer(static_error(404, protocol::error_code::not_found, "cannot open the file"));
        const auto size = body.size();
        if (m_head) {
            http::response<http::empty_body> res{http::status::ok, m_version};
            add_common_headers(res, m_version, keep_alive);
            set_static_headers(res, file.value());
            set_shell_policy(res, file.value());
            res.content_length(size);
            return send(std::move(res), "static");
        }
        http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)), std::make_tuple(http::status::ok, m_version)};
        add_common_headers(res, m_version, keep_alive);
        set_static_headers(res, file.value());
        set_shell_policy(res, file.value());
        res.content_length(size);
        send(std::move(res), "static");
    }

    // A symlink under the web root may point anywhere; serve only what really lies inside it.
    bool inside_web_root(const std::string& path) const {
        char real_root[PATH_MAX], real_file[PATH_MAX];
        if (!::realpath(m_state->config.web_root.c_str(), real_root) || !::realpath(path.c_str(), real_file)) return false;
        const std::string root = std::string(real_root) + "/";
        return std::string(real_file).rfind(root, 0) == 0;
    }

    void answer(ApiResponse r) {
        // An API path may hold a card id or a receipt, which tie a log line to a person's card:
        // the log names the route pattern ("/api/v1/cards/{uuid}") instead.
        if (m_api) {
            const auto space = r.route.find(' ');
            m_path = space == std::string::npos ? "(unmatched API path)" : r.route.substr(space + 1);
        }
        const auto status = static_cast<http::status>(r.status);
        const bool keep_alive = m_keep_alive && !m_state->stopping;
        if (r.stream && !m_head) return stream_answer(std::move(r), keep_alive);
        if (m_head) {
            http::response<http::empty_body> res{status, m_version};
            add_common_headers(res, m_version, keep_alive);
            res.set(http::field::content_type, r.content_type);
            res.set(http::field::cache_control, "no-store");
            for (const auto& [name, value] : r.headers) res.set(name, value);
            if (!r.stream) res.content_length(r.body.size());
            return send(std::move(res), r.route);
        }
        http::response<http::string_body> res{status, m_version};
        add_common_headers(res, m_version, keep_alive);
        res.set(http::field::content_type, r.content_type);
        res.set(http::field::cache_control, "no-store");
        for (const auto& [name, value] : r.headers) res.set(name, value);
        res.body() = std::move(r.body);
        res.prepare_payload();
        send(std::move(res), r.route);
    }

    // A streamed answer (exports): the header, then each piece the producer gives as a chunk,
    // each write under the inactivity timeout, then the last chunk. A producer that fails
    // closes the connection without the last chunk, so the client sees a broken download
    // rather than a short export that looks whole.
    void stream_answer(ApiResponse r, bool keep_alive) {
        auto res = std::make_shared<http::response<http::empty_body>>(static_cast<http::status>(r.status), m_version);
        add_common_headers(*res, m_version, keep_alive);
        res->set(http::field::content_type, r.content_type);
        res->set(http::field::cache_control, "no-store");
        for (const auto& [name, value] : r.headers) res->set(name, value);
        res->chunked(true);
        const int status = r.status;
        m_state->metrics.count_request(r.route, status);
        auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
        auto producer = std::make_shared<std::function<ApiResponse::Piece(std::string&)>>(std::move(r.stream));
        m_stream.expires_after(seconds(m_state->config.read_timeout_seconds));
        http::async_write_header(m_stream, *serializer, [self = shared_from_this(), res, serializer, producer, status](beast::error_code ec, std::size_t n) {
            if (ec) return self->written(ec, n, status, false);
            self->stream_next(producer, status, n, res->keep_alive());
        });
    }

    void stream_next(std::shared_ptr<std::function<ApiResponse::Piece(std::string&)>> producer, int status, std::size_t sent, bool keep_alive) {
        auto piece = std::make_shared<std::string>();
        ApiResponse::Piece next = ApiResponse::Piece::More;
        while (next == ApiResponse::Piece::More && piece->empty()) next = (*producer)(*piece);   // an empty chunk would end the body
        m_stream.expires_after(seconds(m_state->config.read_timeout_seconds));
        if (next == ApiResponse::Piece::Failed) return written(net::error::connection_aborted, sent, status, false);
        if (next == ApiResponse::Piece::End) {
            return net::async_write(m_stream, http::make_chunk_last(), [self = shared_from_this(), status, sent, keep_alive](beast::error_code ec, std::size_t n) {
                self->written(ec, sent + n, status, keep_alive);
            });
        }
        net::async_write(m_stream, http::make_chunk(net::buffer(*piece)),
                         [self = shared_from_this(), piece, producer, status, sent, keep_alive](beast::error_code ec, std::size_t n) {
                             if (ec) return self->written(ec, sent + n, status, false);
                             self->stream_next(producer, status, sent + n, keep_alive);
                         });
    }

    template <class Body>
    void send(http::response<Body>&& response, const std::string& route) {
        auto res = std::make_shared<http::response<Body>>(std::move(response));
        const int status = res->result_int();
        m_state->metrics.count_request(route, status);
        auto serializer = std::make_shared<http::response_serializer<Body>>(*res);
        write_more(res, serializer, status, 0);
    }

    // The answer leaves piece by piece, and the timeout is inactivity again: a phone at 10 kB/s
    // downloads sqlite3.wasm in its own time, as long as the bytes keep moving.
    template <class Response, class Serializer>
    void write_more(std::shared_ptr<Response> res, std::shared_ptr<Serializer> serializer, int status, std::size_t written) {
        m_stream.expires_after(seconds(m_state->config.read_timeout_seconds));
        http::async_write_some(m_stream, *serializer, [self = shared_from_this(), res, serializer, status, written](beast::error_code ec, std::size_t n) {
            if (!ec && !serializer->is_done()) return self->write_more(res, serializer, status, written + n);
            self->written(ec, written + n, status, res->keep_alive());
        });
    }

    void written(beast::error_code ec, std::size_t bytes, int status, bool keep_alive) {
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
        log_line(status >= 500 || ec ? "error" : "info", "request",
                 {{"method", m_method}, {"path", m_path}, {"status", status}, {"bytes", bytes}, {"ms", ms}});
        if (m_counted) {
            --m_state->in_flight;
            m_counted = false;
        }
        if (ec || !keep_alive) return close();
        wait_for_request();
    }

    void close() {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        m_stream.close();
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::shared_ptr<ServerState> m_state;
    net::ip::address m_peer;
    std::string m_method, m_path;
    unsigned m_version = 11;
    bool m_head = false;
    bool m_api = false;
    bool m_keep_alive = false;
    bool m_counted = false;
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
    void stop() {
        net::post(m_acceptor.get_executor(), [self = shared_from_this()] {
            beast::error_code ec;
            self->m_acceptor.close(ec);
            self->m_pause.cancel();
        });
    }

private:
    void accept() {
        m_acceptor.async_accept(net::make_strand(m_ioc), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !m_acceptor.is_open()) return; // shutting down
        if (!ec) {
            if (m_starved) {
                m_starved = false;
                log_line("info", "accepting connections again");
            }
            beast::error_code peer_ec;
            const auto peer = socket.remote_endpoint(peer_ec);
            if (peer_ec || m_state->metrics.open_connections() >= m_state->config.max_connections || !m_state->admit(peer.address())) {
                socket.close(ec); // over a limit: refuse at once rather than let it queue
            } else {
                socket.set_option(tcp::no_delay(true), ec);
                std::make_shared<Session>(std::move(socket), peer.address(), m_state)->start();
            }
        } else if (ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
                   ec == net::error::no_buffer_space || ec == net::error::no_memory) {
            // The listening socket stays readable, so accepting again at once would spin (and
            // log) as fast as the CPU allows. Pause; connections wait in the backlog meanwhile.
            if (!m_starved) log_line("warn", "out of file descriptors or memory; pausing accepts", {{"error", ec.message()}});
            m_starved = true;
            m_pause.expires_after(std::chrono::milliseconds(100));
            m_pause.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
                if (!wait_ec && self->m_acceptor.is_open()) self->accept();
            });
            return;
        }
        accept();
    }

    net::io_context& m_ioc;
    tcp::acceptor m_acceptor;
    net::steady_timer m_pause{m_acceptor.get_executor()};
    bool m_starved = false;   // accepting failed for want of descriptors; logged once
    std::shared_ptr<ServerState> m_state;
};

} // namespace

void LogField::write(json::Writer& w) const {
    w.key(m_name);
    switch (m_kind) {
    case Kind::Text: w.value(m_text); break;
    case Kind::Integer: w.value(m_integer); break;
    case Kind::Milliseconds: w.fixed(m_number, 2); break;
    }
}

void log_line(const char* level, const char* message, std::initializer_list<LogField> fields) {
    json::Writer w;
    w.begin_object().member("ts", utc_now()).member("level", level).member("msg", message);
    for (const LogField& f : fields) f.write(w);
    w.end_object();
    const std::string line = w.str() + "\n";
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

Status run_http_server(const ServerConfig& config, Api& api, Metrics& metrics, const std::function<void()>& drain) {
    auto state = std::make_shared<ServerState>(config, api, metrics);
    net::io_context ioc(config.threads);

    beast::error_code ec;
    const auto address = net::ip::make_address(config.bind_address, ec);
    if (ec) return Error{"not an IP address: " + ec.message(), "--bind " + config.bind_address};
    auto listener = std::make_shared<Listener>(ioc, state);
    if (auto opened = listener->open({address, config.port}); !opened) return opened;
    listener->start();
    log_line("info", "listening",
             {{"address", config.bind_address}, {"port", listener->port()}, {"web_root", config.web_root}, {"threads", config.threads}});

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    net::steady_timer poll(ioc);
    const auto deadline_holder = std::make_shared<std::chrono::steady_clock::time_point>();
    std::function<void()> wait_for_in_flight = [&] {
        // Requests in flight finish (each answer is written); idle connections are dropped.
        if (state->in_flight == 0 || std::chrono::steady_clock::now() >= *deadline_holder) {
            if (state->in_flight > 0) log_line("warn", "stopping with requests unfinished", {{"in_flight", state->in_flight.load()}});
            return ioc.stop();
        }
        poll.expires_after(std::chrono::milliseconds(20));
        poll.async_wait([&](beast::error_code) { wait_for_in_flight(); });
    };
    signals.async_wait([&](beast::error_code, int signal) {
        log_line("info", "shutting down", {{"signal", signal}, {"in_flight", state->in_flight.load()}});
        state->stopping = true;
        listener->stop();
        *deadline_holder = std::chrono::steady_clock::now() + seconds(config.shutdown_grace_seconds);
        wait_for_in_flight();
    });

    std::vector<std::thread> pool;
    for (int i = 1; i < config.threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    // Answers completing after this are posted into the stopped io_context and dropped with it.
    if (drain) drain();
    return {};
}

} // namespace idekort::server

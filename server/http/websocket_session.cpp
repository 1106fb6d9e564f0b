// The live workshop's WebSocket sessions (see websocket_session.h).
//
// Each session remembers the last revision it sent. A change anywhere in its workshop only marks
// it dirty; one write is in flight at a time, and after it the session reads the store from the
// revision it sent, so a burst of 50 changes reaches a slow phone as one or two messages, never
// out of order, never twice, and never with a gap.
//
// A participant's phone is told at most every 250 ms (the facilitator's wall at once): with 300
// phones open, every change would otherwise be read from the store 300 times at once, and that,
// not the network, was what held the wall back (docs/BENCHMARKS.md, "The live workshop").
#include "server/http/websocket_session.h"

#include "common/protocol/errors.h"
#include "common/protocol/message.h"
#include "common/protocol/wire.h"
#include "common/protocol/workshop.h"
#include "server/api/workshop_api.h"
#include "server/http/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <memory>

namespace idekort::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

class LiveSession : public LiveSubscriber, public std::enable_shared_from_this<LiveSession> {
public:
    LiveSession(net::ip::tcp::socket&& socket, WorkshopApi& workshops, std::string code)
        : m_ws(std::move(socket)), m_timer(m_ws.get_executor()), m_workshops(workshops), m_code(std::move(code)) {}

    void start(beast::http::request<beast::http::string_body> upgrade) {
        // Pings when idle, and a peer that answers none within the timeout is dropped: a phone
        // that left the room's Wi-Fi does not hold a session for ever.
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
            res.set(beast::http::field::server, server_identity);
            res.set(protocol::identity_header, server_identity);
        }));
        m_ws.read_message_max(4096);
        m_ws.async_accept(upgrade, [self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            self->read();
        });
    }

    void workshop_changed() override {
        net::post(m_ws.get_executor(), [weak = weak_from_this()] {
            if (auto self = weak.lock()) self->soon();
        });
    }

private:
    void read() {
        m_ws.async_read(m_in, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;   // closed, dropped or timed out: the session ends with its last handler
            self->on_message();
            self->read();
        });
    }

    void on_message() {
        const std::string text = beast::buffers_to_string(m_in.data());
        m_in.consume(m_in.size());
        if (m_subscribed) return;   // one subscription per connection; later messages are ignored
        auto subscribe = protocol::from_json<protocol::LiveSubscribe>(text);
        if (!subscribe) return refuse(400, protocol::error_code::validation, subscribe.error().describe(), subscribe.error().where);
        auto workshop = m_workshops.store().by_code(m_code);
        if (!workshop.ok()) return refuse(workshop.refusal.status, workshop.refusal.error, workshop.refusal.message, workshop.refusal.field);
        auto viewer = m_workshops.viewer_for(*workshop.value, subscribe.value().token);
        if (!viewer.ok()) return refuse(viewer.refusal.status, viewer.refusal.error, viewer.refusal.message, viewer.refusal.field);
        m_workshop = *workshop.value;
        m_viewer = *viewer.value;
        m_sent = subscribe.value().since;
        m_subscribed = true;
        m_force = true;   // the first answer goes out even when nothing changed: the client knows it is live
        m_workshops.subscribe(m_code, weak_from_this());
        pump();
    }

    void refuse(int status, const std::string& error, const std::string& message, const std::string& field) {
        json::Writer w;
        w.begin_object().member("type", "error").key("error")
            .raw(protocol::error_body(error, message + " (" + std::to_string(status) + ")", field)).end_object();
        m_closing = true;
        write(w.take());
    }

    // The wall at once; a phone no sooner than 250 ms after its last read of the store.
    void soon() {
        static constexpr auto participant_interval = std::chrono::milliseconds(250);
        if (m_viewer.facilitator) return pump();
        if (m_timer_armed) return;
        const auto due = m_last_pump + participant_interval;
        if (std::chrono::steady_clock::now() >= due) return pump();
        m_timer_armed = true;
        m_timer.expires_at(due);
        m_timer.async_wait([weak = weak_from_this()](beast::error_code ec) {
            auto self = weak.lock();
            if (!self || ec) return;
            self->m_timer_armed = false;
            self->pump();
        });
    }

    // Sends what changed since the last message, unless a write is in flight (then after it).
    void pump() {
        if (!m_subscribed || m_closing) return;
        if (m_writing) {
            m_dirty = true;
            return;
        }
        m_dirty = false;
        m_last_pump = std::chrono::steady_clock::now();
        auto changes = m_workshops.store().changes(m_workshop, m_sent, m_viewer);
        if (!changes.ok()) return refuse(changes.refusal.status, changes.refusal.error, changes.refusal.message, changes.refusal.field);
        if (changes.value->revision <= m_sent && !m_force) return;
        m_force = false;
        m_sent = std::max(m_sent, changes.value->revision);
        json::Writer w;
        w.begin_object().member("type", "changes").key("changes").raw(protocol::to_json(*changes.value)).end_object();
        write(w.take());
    }

    void write(std::string message) {
        m_writing = true;
        m_out = std::make_shared<std::string>(std::move(message));
        m_ws.text(true);
        m_ws.async_write(net::buffer(*m_out), [self = shared_from_this(), out = m_out](beast::error_code ec, std::size_t) {
            self->m_writing = false;
            if (ec) return;
            if (self->m_closing) {
                return self->m_ws.async_close(websocket::close_code::policy_error, [self](beast::error_code) {});
            }
            if (self->m_dirty) self->soon();
        });
    }

    websocket::stream<beast::tcp_stream> m_ws;
    net::steady_timer m_timer;
    std::chrono::steady_clock::time_point m_last_pump{};
    bool m_timer_armed = false;
    WorkshopApi& m_workshops;
    std::string m_code;
    beast::flat_buffer m_in;
    std::shared_ptr<std::string> m_out;
    WorkshopRow m_workshop;
    Viewer m_viewer;
    std::int64_t m_sent = 0;
    bool m_subscribed = false, m_writing = false, m_dirty = false, m_force = false, m_closing = false;
};

} // namespace

std::string workshop_live_code(std::string_view path) {
    const std::string_view prefix = protocol::workshop_route::prefix;
    const std::string_view suffix = protocol::live_suffix;
    if (path.size() <= prefix.size() + suffix.size() + 1 || path.substr(0, prefix.size()) != prefix || path[prefix.size()] != '/' ||
        path.substr(path.size() - suffix.size()) != suffix)
        return {};
    const std::string_view code = path.substr(prefix.size() + 1, path.size() - prefix.size() - 1 - suffix.size());
    if (code.find('/') != std::string_view::npos) return {};
    return protocol::normalise_join_code(code);
}

void start_workshop_live(net::ip::tcp::socket&& socket, beast::http::request<beast::http::string_body> upgrade,
                         WorkshopApi& workshops, std::string code) {
    std::make_shared<LiveSession>(std::move(socket), workshops, std::move(code))->start(std::move(upgrade));
}

} // namespace idekort::server

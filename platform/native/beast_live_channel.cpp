// The native WebSocket client (see beast_live_channel.h).
#include "platform/native/beast_live_channel.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <sys/socket.h>

namespace idekort::platform {

namespace {
namespace net = boost::asio;
namespace beast = boost::beast;

struct Target {
    std::string host, port, path;
};

// ws://host[:port]/path; wss:// is left to the TLS proxy in front of a deployment (not here yet).
bool parse_ws_url(const std::string& url, Target& out) {
    const std::string scheme = "ws://";
    if (url.rfind(scheme, 0) != 0) return false;
    const std::size_t slash = url.find('/', scheme.size());
    const std::string authority = url.substr(scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size());
    out.path = slash == std::string::npos ? "/" : url.substr(slash);
    const std::size_t colon = authority.rfind(':');
    out.host = colon == std::string::npos ? authority : authority.substr(0, colon);
    out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    return !out.host.empty();
}
} // namespace

BeastLiveChannel::~BeastLiveChannel() { close(); }

void BeastLiveChannel::push(Arrival a) {
    {
        std::lock_guard lock(m_mutex);
        m_arrived.push_back(std::move(a));
    }
    if (m_wake) m_wake();
}

void BeastLiveChannel::open(std::string url, std::string first, Events events) {
    close();
    m_events = std::move(events);
    m_stop = false;
    const int generation = ++m_generation;
    m_worker = std::thread([this, generation, url = std::move(url), first = std::move(first)] { run(generation, url, first); });
}

void BeastLiveChannel::close() {
    m_stop = true;
    // Shutting the socket down ends the worker's blocking read (thread-safe at the OS level).
    if (const int fd = m_socket.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
    if (m_worker.joinable()) m_worker.join();
    ++m_generation;   // whatever it queued is for a channel that is gone
}

void BeastLiveChannel::run(int generation, std::string url, std::string first) {
    Target target;
    if (!parse_ws_url(url, target)) return push({generation, true, "not a ws:// address: " + url});
    try {
        net::io_context ioc;
        net::ip::tcp::resolver resolver(ioc);
        beast::websocket::stream<beast::tcp_stream> ws(ioc);
        beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
        beast::get_lowest_layer(ws).connect(resolver.resolve(target.host, target.port));
        m_socket = beast::get_lowest_layer(ws).socket().native_handle();
        if (m_stop) throw beast::system_error(net::error::operation_aborted);
        ws.handshake(target.host, target.path);
        ws.write(net::buffer(first));
        beast::get_lowest_layer(ws).expires_never();
        // The server pings an idle connection and Beast answers; a peer that vanished is found
        // by the server's pings or, from here, by the read failing.
        ws.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
        for (;;) {
            beast::flat_buffer buffer;
            ws.read(buffer);
            push({generation, false, beast::buffers_to_string(buffer.data())});
        }
    } catch (const std::exception& e) {
        m_socket = -1;
        push({generation, true, e.what()});
    }
}

int BeastLiveChannel::deliver() {
    std::deque<Arrival> arrived;
    {
        std::lock_guard lock(m_mutex);
        arrived.swap(m_arrived);
    }
    int n = 0;
    for (Arrival& a : arrived) {
        if (a.generation != m_generation) continue;
        ++n;
        if (a.closed) {
            if (m_events.closed) m_events.closed(a.text);
        } else if (m_events.message) {
            m_events.message(a.text);
        }
    }
    return n;
}

} // namespace idekort::platform

// A live workshop client for tests and the benchmark: the WebSocket of
// GET /api/v1/workshops/{code}/live (Boost.Beast), subscribing from a revision and applying
// every "changes" message by id, counting how often each card arrived and when it first did.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/
#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace idekort::test {

class LiveClient {
public:
    using Clock = std::chrono::steady_clock;
    struct Seen {
        int deliveries = 0;              // "changes" messages that carried the card
        std::int64_t dots = 0;
        std::string title;
        Clock::time_point first;
    };

    // Connects and subscribes; false (with `error`) when the server refused or did not answer.
    bool connect(std::uint16_t port, const std::string& code, const std::string& token, std::int64_t since) {
        namespace net = boost::asio;
        m_ws = std::make_unique<Stream>(m_ioc);
        boost::beast::error_code ec;
        net::ip::tcp::resolver resolver(m_ioc);
        boost::beast::get_lowest_layer(*m_ws).expires_after(std::chrono::seconds(10));
        boost::beast::get_lowest_layer(*m_ws).connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
        if (!ec) m_ws->handshake("127.0.0.1", "/api/v1/workshops/" + code + "/live", ec);
        if (!ec) m_ws->write(net::buffer("{\"type\":\"subscribe\",\"token\":\"" + token + "\",\"since\":" + std::to_string(since) + "}"), ec);
        if (ec) {
            error = ec.message();
            return false;
        }
        boost::beast::get_lowest_layer(*m_ws).expires_never();
        return true;
    }

    // Reads messages until `done()` holds or `deadline` passes; false on a closed connection or
    // the deadline. Each message is applied as it comes.
    bool read_until(const std::function<bool()>& done, Clock::duration deadline) {
        const auto until = Clock::now() + deadline;
        while (!done()) {
            if (Clock::now() >= until || !m_ws) return false;
            boost::beast::get_lowest_layer(*m_ws).expires_after(until - Clock::now());
            boost::beast::flat_buffer buffer;
            boost::beast::error_code ec;
            m_ws->read(buffer, ec);
            if (ec) {
                error = ec.message();
                return false;
            }
            apply(boost::beast::buffers_to_string(buffer.data()));
        }
        return true;
    }

    // The network drops: the socket closes with no WebSocket goodbye.
    void drop() {
        boost::beast::error_code ec;
        boost::beast::get_lowest_layer(*m_ws).socket().close(ec);
        m_ws.reset();
    }

    std::int64_t revision = 0;
    std::int64_t messages = 0;
    std::map<std::string, Seen> cards;
    std::string last_error_message;   // the server's {"type":"error"} words
    std::string error;

private:
    using Stream = boost::beast::websocket::stream<boost::beast::tcp_stream>;

    void apply(const std::string& text) {
        rapidjson::Document d;
        d.Parse(text.c_str());
        if (!d.IsObject() || !d.HasMember("type")) return;
        if (std::string(d["type"].GetString()) == "error") {
            last_error_message = d["error"]["message"].GetString();
            return;
        }
        ++messages;
        const auto& changes = d["changes"];
        revision = changes["revision"].GetInt64();
        const auto now = Clock::now();
        for (const auto& c : changes["cards"].GetArray()) {
            Seen& seen = cards[c["card_id"].GetString()];
            if (seen.deliveries++ == 0) seen.first = now;
            seen.dots = c["dots"].GetInt64();
            seen.title = c["title"].GetString();
        }
    }

    boost::asio::io_context m_ioc;
    std::unique_ptr<Stream> m_ws;
};

} // namespace idekort::test

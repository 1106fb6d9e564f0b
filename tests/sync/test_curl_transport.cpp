// The native transport (platform/native/curl_transport.h) against real sockets on loopback: it
// goes through a proxy named in the environment, gives up after its timeout instead of hanging,
// refuses an answer too large to be ours, hands headers over lower-case, and answers only on
// the thread that calls deliver(), after waking that thread.
#include "platform/native/curl_transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

using idekort::HttpRequest;
using idekort::HttpResponse;
using idekort::platform::CurlTransport;

namespace {

// A one-connection HTTP peer on loopback: reads one request and answers `answer` (or, when it is
// empty, says nothing and holds the connection until the test ends).
class OneShotPeer {
public:
    explicit OneShotPeer(std::string answer) : m_answer(std::move(answer)) {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(m_listen, 1) == 0);
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] {
            const int c = ::accept(m_listen, nullptr, nullptr);
            if (c < 0) return;
            char buffer[65536];
            std::string got;
            while (got.find("\r\n\r\n") == std::string::npos) {
                const ssize_t r = ::recv(c, buffer, sizeof buffer, 0);
                if (r <= 0) break;
                got.append(buffer, static_cast<std::size_t>(r));
            }
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_request_line = got.substr(0, got.find("\r\n"));
            }
            if (!m_answer.empty()) ::send(c, m_answer.data(), m_answer.size(), MSG_NOSIGNAL);
            while (!m_stop && ::recv(c, buffer, sizeof buffer, MSG_DONTWAIT) != 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            ::close(c);
        });
    }
    ~OneShotPeer() {
        m_stop = true;
        ::shutdown(m_listen, SHUT_RDWR);
        m_thread.join();
        ::close(m_listen);
    }
    int port() const { return m_port; }
    std::string request_line() const {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_request_line;
    }

private:
    std::string m_answer;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::string m_request_line;
    std::thread m_thread;
};

std::string answer_with(const std::string& body) {
    return "HTTP/1.1 201 Created\r\nX-Idekort-Server: idekort-server/test\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// Sends `request` and runs deliver() on this thread until the answer came (at most 20 s).
HttpResponse exchange(CurlTransport& transport, HttpRequest request) {
    std::optional<HttpResponse> got;
    const auto caller = std::this_thread::get_id();
    transport.send(std::move(request), [&](HttpResponse r) {
        CHECK((std::this_thread::get_id() == caller));
        got = std::move(r);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!got) {
        transport.deliver();
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return *got;
}

HttpRequest put(const std::string& url, double timeout = 10) {
    HttpRequest r;
    r.method = "PUT";
    r.url = url;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = "{\"x\":1}";
    r.timeout_seconds = timeout;
    return r;
}

} // namespace

TEST_CASE("[CurlTransport] an answer arrives with its status, lower-case headers and body, after a wake-up") {
    OneShotPeer peer(answer_with("{\"ok\":true}"));
    CurlTransport transport;
    std::atomic<int> wakes{0};
    transport.set_wake([&] { ++wakes; });
    const HttpResponse r = exchange(transport, put("http://127.0.0.1:" + std::to_string(peer.port()) + "/api/v1/cards/abc"));
    CHECK(r.status == 201);
    CHECK(r.header("x-idekort-server") == "idekort-server/test");
    CHECK(r.body == "{\"ok\":true}");
    CHECK(peer.request_line() == "PUT /api/v1/cards/abc HTTP/1.1");
    CHECK(wakes.load() >= 1);
    CHECK_FALSE(transport.busy());
}

TEST_CASE("[CurlTransport] a proxy named in the environment is used") {
    OneShotPeer proxy(answer_with("{}"));
    ::setenv("http_proxy", ("http://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
    ::unsetenv("no_proxy");
    ::unsetenv("NO_PROXY");
    CurlTransport transport;
    const HttpResponse r = exchange(transport, put("http://idekort.invalid/api/v1/cards/abc"));
    ::unsetenv("http_proxy");
    CHECK(r.status == 201);
    // A proxy is asked with the absolute URL; the host need not resolve here at all.
    CHECK(proxy.request_line() == "PUT http://idekort.invalid/api/v1/cards/abc HTTP/1.1");
}

TEST_CASE("[CurlTransport] a server that never answers ends in a timeout, not a hang") {
    OneShotPeer silent("");
    CurlTransport transport;
    const auto started = std::chrono::steady_clock::now();
    const HttpResponse r = exchange(transport, put("http://127.0.0.1:" + std::to_string(silent.port()) + "/x", 0.5));
    CHECK(r.status == 0);
    CHECK(r.network_error.find("Timeout") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE("[CurlTransport] an answer larger than 1 MiB is refused as no answer") {
    OneShotPeer flood(answer_with(std::string(2 << 20, 'x')));
    CurlTransport transport;
    const HttpResponse r = exchange(transport, put("http://127.0.0.1:" + std::to_string(flood.port()) + "/x"));
    CHECK(r.status == 0);
    CHECK(r.body.empty());
    CHECK(r.network_error == "the answer is larger than 1 MiB");
}

TEST_CASE("[CurlTransport] a refused connection is reported in words") {
    const int port = [] {
        OneShotPeer gone(""); // a port that was just free
        return gone.port();
    }();
    CurlTransport transport;
    const HttpResponse r = exchange(transport, put("http://127.0.0.1:" + std::to_string(port) + "/x"));
    CHECK(r.status == 0);
    CHECK_FALSE(r.network_error.empty());
}

TEST_CASE("[CurlTransport] without libcurl every exchange fails in words, wakes the loop, and the app keeps running") {
    // The transport loads libcurl itself when it starts (not the program's loader), so a kiosk
    // whose libcurl is missing still starts, keeps its drafts, and says why nothing is sent.
    CurlTransport transport(8, "libcurl-that-is-not-installed.so.4");
    std::atomic<int> wakes{0};
    transport.set_wake([&] { ++wakes; });
    for (int i = 0; i < 2; ++i) { // the second is refused as the first was, not queued forever
        const HttpResponse r = exchange(transport, put("http://127.0.0.1:9/api/v1/cards/abc"));
        CHECK(r.status == 0);
        CHECK(r.network_error.find("libcurl cannot be loaded (libcurl-that-is-not-installed.so.4)") == 0);
    }
    CHECK(wakes.load() >= 1);
    CHECK_FALSE(transport.busy());
}

TEST_CASE("[CurlTransport] a transport stopped at once, before libcurl has loaded, stops cleanly") {
    for (int i = 0; i < 20; ++i) {
        CurlTransport transport;
        transport.send(put("http://127.0.0.1:9/x"), [](HttpResponse) { FAIL("an abandoned exchange's callback ran"); });
    }
}

// FaultProxy (see fault_proxy.h): blocking sockets, one thread per connection, which is plenty
// for a client that keeps a handful of connections open.
#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace idekort::test {

namespace {

void pause_ms(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

bool send_all(int fd, const char* data, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
        if (w <= 0) return false;
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

bool send_slowly(int fd, const std::string& data, int bytes_per_second) {
    const std::size_t chunk = std::max(1, bytes_per_second / 20);   // 20 chunks a second
    for (std::size_t at = 0; at < data.size(); at += chunk) {
        if (!send_all(fd, data.data() + at, std::min(chunk, data.size() - at))) return false;
        pause_ms(50);
    }
    return true;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// One HTTP/1.1 message (head and Content-Length body) from `fd`, with bytes already read in
// `buffer` (leftovers stay there for the next message). Empty when the peer closed first.
std::string read_message(int fd, std::string& buffer, bool& close_after) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        char chunk[16384];
        const ssize_t r = ::recv(fd, chunk, sizeof chunk, 0);
        if (r <= 0) return {};
        buffer.append(chunk, static_cast<std::size_t>(r));
    }
    const std::string head = lower(buffer.substr(0, head_end));
    std::size_t length = 0;
    if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
        length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
    close_after = head.find("\r\nconnection: close") != std::string::npos;
    const std::size_t total = head_end + 4 + length;
    while (buffer.size() < total) {
        char chunk[16384];
        const ssize_t r = ::recv(fd, chunk, sizeof chunk, 0);
        if (r <= 0) return {};
        buffer.append(chunk, static_cast<std::size_t>(r));
    }
    std::string message = buffer.substr(0, total);
    buffer.erase(0, total);
    return message;
}

int connect_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// Closes with RST rather than FIN: the client sees "connection reset by peer".
void reset(int fd) {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}

std::string own_answer(int status, const char* reason, const std::string& content_type, const std::string& body,
                       const std::string& extra = "") {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

} // namespace

const char* fault_name(Fault f) {
    static const char* names[fault_kinds] = {"none", "drop_before_request", "drop_during_request", "drop_after_request",
                                             "reset_after_commit", "latency", "slow_bandwidth", "answer_500", "answer_503",
                                             "captive_portal"};
    return names[static_cast<std::size_t>(f)];
}

FaultMix FaultMix::none() {
    FaultMix m;
    m.weight[0] = 1;
    return m;
}

FaultMix FaultMix::all_kinds(double fault_share) {
    FaultMix m;
    m.weight[0] = 1 - fault_share;
    for (std::size_t i = 1; i < fault_kinds; ++i) m.weight[i] = fault_share / (fault_kinds - 1);
    return m;
}

FaultProxy::FaultProxy(std::uint16_t upstream_port, std::uint64_t seed) : m_upstream_port(upstream_port), m_random(seed) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listen, 64) != 0 ||
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error(std::string("fault proxy cannot listen: ") + std::strerror(errno));
    m_port = ntohs(a.sin_port);
    m_acceptor = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    m_stop = true;
    m_acceptor.join();
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (int fd : m_sockets) ::shutdown(fd, SHUT_RDWR);
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    m_served.wait(lock, [this] { return m_serving == 0; });
    ::close(m_listen);
}

void FaultProxy::set_mix(const FaultMix& mix) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_mix = mix;
}

std::array<long, fault_kinds> FaultProxy::counts() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_counts;
}

Fault FaultProxy::pick() {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::discrete_distribution<std::size_t> d(m_mix.weight.begin(), m_mix.weight.end());
    const auto f = static_cast<Fault>(d(m_random));
    ++m_counts[static_cast<std::size_t>(f)];
    return f;
}

void FaultProxy::accept_loop() {
    while (!m_stop) {
        pollfd p{m_listen, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::lock_guard<std::mutex> lock(m_mutex);
        m_sockets.insert(client);
        ++m_serving;
        // Detached, so thousands of short connections leave no threads behind to join.
        std::thread([this, client] {
            serve(client);
            std::lock_guard<std::mutex> done(m_mutex);
            --m_serving;
            m_served.notify_all();
        }).detach();
    }
}

void FaultProxy::serve(int client) {
    int upstream = -1;
    std::string from_client, from_server;
    const auto forget = [&](int fd) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_sockets.erase(fd);
    };
    const auto close_upstream = [&] {
        if (upstream < 0) return;
        forget(upstream);
        ::close(upstream);
        upstream = -1;
        from_server.clear();
    };
    bool client_open = true;
    while (client_open && !m_stop) {
        bool client_closes = false;
        const std::string request = read_message(client, from_client, client_closes);
        if (request.empty()) break;
        const Fault fault = pick();
        FaultMix mix;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            mix = m_mix;
        }
        if (fault == Fault::DropBeforeRequest) break;
        if (fault == Fault::Answer500 || fault == Fault::Answer503 || fault == Fault::CaptivePortal) {
            // Every fifth 503 asks for a pause (Retry-After), which the client must honour.
            const bool pause = fault == Fault::Answer503 && counts()[static_cast<std::size_t>(Fault::Answer503)] % 5 == 1;
            const std::string answer =
                fault == Fault::Answer500   ? own_answer(500, "Internal Server Error", "text/html", "<h1>500 Internal Server Error</h1>")
                : fault == Fault::Answer503 ? own_answer(503, "Service Unavailable", "text/html", "<h1>503</h1>", pause ? "Retry-After: 1\r\n" : "")
                                            : own_answer(200, "OK", "text/html; charset=utf-8",
                                                         "<html><body><form>Log in to AarhusWiFi</form></body></html>");
            if (!send_all(client, answer.data(), answer.size())) break;
            continue;
        }
        if (upstream < 0) {
            upstream = connect_loopback(m_upstream_port);
            if (upstream < 0) break; // the server is down: the client sees its connection close
            std::lock_guard<std::mutex> lock(m_mutex);
            m_sockets.insert(upstream);
        }
        if (fault == Fault::DropDuringRequest) {
            send_all(upstream, request.data(), request.size() / 2);
            break;
        }
        if (fault == Fault::Latency) pause_ms(mix.latency_ms);
        const bool sent = fault == Fault::SlowBandwidth ? send_slowly(upstream, request, mix.bytes_per_second)
                                                        : send_all(upstream, request.data(), request.size());
        if (!sent) break;
        if (fault == Fault::DropAfterRequest) break;
        bool server_closes = false;
        const std::string answer = read_message(upstream, from_server, server_closes);
        if (answer.empty()) break; // the server died mid-exchange
        if (fault == Fault::ResetAfterCommit) {
            forget(client);
            reset(client);
            client = -1;
            break;
        }
        if (fault == Fault::Latency) pause_ms(mix.latency_ms);
        const bool relayed = fault == Fault::SlowBandwidth ? send_slowly(client, answer, mix.bytes_per_second)
                                                           : send_all(client, answer.data(), answer.size());
        if (!relayed) break;
        if (server_closes) close_upstream();
        client_open = !client_closes;
    }
    close_upstream();
    if (client >= 0) {
        forget(client);
        ::close(client);
    }
}

} // namespace idekort::test

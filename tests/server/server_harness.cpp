// Harness for black-box tests and benchmarks (see server_harness.h).
#include "server_harness.h"

#include "temp_dir.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace idekort::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpClient::Impl {
    Impl(std::uint16_t p, std::chrono::milliseconds t) : port(p), timeout(t) {}
    std::uint16_t port;
    std::chrono::milliseconds timeout;
    net::io_context ioc;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::uint16_t port, std::chrono::milliseconds timeout) : m(new Impl(port, timeout)) {}
HttpClient::~HttpClient() = default;

HttpResult HttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) {
    HttpResult result;
    beast::error_code ec;
    if (!m->stream) {
        m->stream.emplace(m->ioc);
        m->stream->expires_after(m->timeout);
        m->stream->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), m->port), ec);
        if (ec) {
            m->stream.reset();
            result.error = "connect: " + ec.message();
            return result;
        }
        m->buffer.clear();
    }
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    req.keep_alive(true);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == "HEAD") parser.skip(true);
    m->stream->expires_after(m->timeout);
    http::write(*m->stream, req, ec);
    if (!ec) http::read(*m->stream, m->buffer, parser, ec);
    if (ec) {
        result.error = ec.message();
        m->stream.reset();
        return result;
    }
    auto& res = parser.get();
    result.answered = true;
    result.status = res.result_int();
    result.body = res.body();
    for (const auto& field : res) {
        std::string name(field.name_string());
        for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        result.headers[name] = std::string(field.value());
    }
    if (!res.keep_alive()) m->stream.reset();
    return result;
}

HttpResult HttpClient::get(const std::string& target, const std::string& bearer) {
    return request("GET", target, {}, bearer.empty() ? std::map<std::string, std::string>{} : std::map<std::string, std::string>{{"Authorization", "Bearer " + bearer}});
}
HttpResult HttpClient::put(const std::string& target, const std::string& body, const std::string& bearer) {
    return request("PUT", target, body, {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}});
}
HttpResult HttpClient::post(const std::string& target, const std::string& body, const std::string& bearer) {
    std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
    if (!bearer.empty()) headers["Authorization"] = "Bearer " + bearer;
    return request("POST", target, body, headers);
}

RawReply raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    beast::error_code ec;
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    RawReply out;
    if (ec) return out;
    if (!bytes.empty()) net::write(socket, net::buffer(bytes), ec);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    char buf[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{socket.native_handle(), POLLIN, 0};
        const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
        if (::poll(&p, 1, std::max(1, left)) <= 0) break;
        const auto n = socket.read_some(net::buffer(buf), ec);
        if (ec) {
            out.closed_by_server = true;   // EOF or reset: the server hung up
            break;
        }
        out.bytes.append(buf, n);
    }
    return out;
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args, std::uint16_t port) {
    int out[2];
    if (::pipe(out) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(out[1], STDERR_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        std::vector<std::string> all{binary, "--port", std::to_string(port)};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        std::perror("execv");
        std::_Exit(127);
    }
    ::close(out[1]);
    m_reader = std::thread([this, fd = out[0]] { reader(fd); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            const auto at = m_log.find("\"msg\":\"listening\"");
            if (at != std::string::npos) {
                const auto p = m_log.find("\"port\":", at);
                m_port = static_cast<std::uint16_t>(std::atoi(m_log.c_str() + p + 7));
                return;
            }
            if (m_exited) return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void ServerProcess::reader(int fd) {
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        std::lock_guard<std::mutex> lock(m_mutex);
        // Keep the start (listening line) and the newest lines; a long run logs megabytes.
        if (m_log.size() > (8u << 20)) m_log.erase(4096, m_log.size() / 2);
        m_log.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_exited = true;
}

std::string ServerProcess::log() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_log;
}

int ServerProcess::stop(int signal) {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, signal);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    if (m_reader.joinable()) m_reader.join();
    return status;
}

ServerProcess::~ServerProcess() {
    if (m_pid > 0) stop(SIGKILL);
    if (m_reader.joinable()) m_reader.join();
}

std::uint16_t free_port() {
    net::io_context ioc;
    tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

std::string make_temp_dir(const char* prefix) { return temp_dir(prefix); }

bool create_account(const std::string& binary, const std::string& data_dir, const std::string& username,
                    const std::string& password, const std::string& role) {
    const std::string command = "'" + binary + "' create-admin --data-dir '" + data_dir + "' --username '" + username +
                                "' --role " + role + " >/dev/null";
    FILE* p = ::popen(command.c_str(), "w");
    if (!p) return false;
    std::fputs((password + "\n").c_str(), p);
    return ::pclose(p) == 0;
}

std::string card_with_id(const std::string& fixture, const std::string& id) {
    const std::string original = "3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93";
    std::string card = fixture;
    const auto at = card.find(original);
    if (at != std::string::npos) card.replace(at, original.size(), id);
    return card;
}

long rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

} // namespace idekort::test

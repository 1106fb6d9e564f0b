// Harness for tests and benchmarks that drive the real idekort-server binary over loopback:
// a process launcher that waits for the "listening" log line and keeps draining the log, and
// a small blocking HTTP/1.1 client (Boost.Beast) with keep-alive.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace idekort::test {

struct HttpResult {
    bool answered = false;        // false: no HTTP response (refused, reset, timed out)
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;   // names in lower case
    std::string error;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
public:
    explicit HttpClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // One request on the kept-alive connection (opened on demand; closed after any failure).
    HttpResult request(const std::string& method, const std::string& target, const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {});
    HttpResult get(const std::string& target, const std::string& bearer = {});
    HttpResult put(const std::string& target, const std::string& body, const std::string& bearer);
    HttpResult post(const std::string& target, const std::string& body, const std::string& bearer = {});

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// Raw bytes to the server, then whatever comes back until it closes or `wait` passes.
struct RawReply {
    std::string bytes;
    bool closed_by_server = false;   // false: still open when `wait` passed
};
RawReply raw_exchange(std::uint16_t port, const std::string& bytes, std::chrono::milliseconds wait);

// The real server binary on 127.0.0.1, on `port` (0: any free one, read from its log).
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::vector<std::string>& args, std::uint16_t port = 0);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    bool started() const { return m_port != 0; }
    std::uint16_t port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    std::string log() const;
    // Sends `signal` and waits for the exit; returns the exit status as waitpid gives it.
    int stop(int signal);

private:
    void reader(int fd);

    pid_t m_pid = -1;
    std::uint16_t m_port = 0;
    mutable std::mutex m_mutex;
    std::string m_log;
    std::thread m_reader;
    bool m_exited = false;
};

// A loopback port that was free a moment ago (for a server restarted on the same port).
std::uint16_t free_port();
// A fresh empty folder under /tmp.
std::string make_temp_dir(const char* prefix);
// Runs `idekort-server create-admin` with the password on stdin; true on success.
bool create_account(const std::string& binary, const std::string& data_dir, const std::string& username,
                    const std::string& password, const std::string& role);
// A card of tests/fixtures/card-v1.json made unique with `id` (and the matching receipt).
std::string card_with_id(const std::string& fixture, const std::string& id);
// Resident set size of a process in KiB (from /proc/<pid>/status), or -1.
long rss_kib(pid_t pid);

} // namespace idekort::test

// The real idekort-server as a child process on loopback, for the sync integration tests and the
// drain benchmark: started on a fixed port with its own data folder, killed (SIGKILL, as a power
// cut would) or stopped (SIGTERM), and restarted on the same port and data.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace idekort::test {

// A port that was free a moment ago.
inline std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

class ServerProcess {
public:
    ServerProcess(std::string binary, std::string data_dir, std::vector<std::string> extra_args)
        : m_binary(std::move(binary)), m_data_dir(std::move(data_dir)), m_extra(std::move(extra_args)), m_port(free_port()) {}
    ~ServerProcess() { stop(); }

    std::uint16_t port() const { return m_port; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    const std::string& data_dir() const { return m_data_dir; }

    // Starts it and waits until it accepts connections (at most 15 s).
    void start() {
        ::mkdir(m_data_dir.c_str(), 0700); // for the log; the server makes the rest
        std::vector<std::string> args = {m_binary, "--bind", "127.0.0.1", "--port", std::to_string(m_port), "--data-dir", m_data_dir,
                                         "--web-root", m_data_dir};
        args.insert(args.end(), m_extra.begin(), m_extra.end());
        m_pid = ::fork();
        if (m_pid == 0) {
            const std::string log = m_data_dir + "/server.log";
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(m_binary.c_str(), argv.data());
            ::_exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (!accepting()) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                throw std::runtime_error("idekort-server exited at start; see " + m_data_dir + "/server.log");
            }
            if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("idekort-server did not start listening");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    void kill_hard() { signal_and_wait(SIGKILL); }
    void stop() { signal_and_wait(SIGTERM); }

private:
    bool accepting() const {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(m_port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        return ok;
    }
    void signal_and_wait(int sig) {
        if (m_pid <= 0) return;
        ::kill(m_pid, sig);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

    std::string m_binary, m_data_dir;
    std::vector<std::string> m_extra;
    std::uint16_t m_port;
    pid_t m_pid = -1;
};

} // namespace idekort::test

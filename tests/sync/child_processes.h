// Child processes for the sync integration tests and the drain benchmark:
// - ServerProcess: the real idekort-server on loopback, started on a fixed port with its own data
//   folder, killed (SIGKILL, as a power cut would) or stopped (SIGTERM), and restarted on the
//   same port and data;
// - XvfbDisplay: an X server of its own (Xvfb -displayfd), for the real native app;
// - AppProcess: the real idekort binary on that display, stopped with SIGTERM like a kiosk.
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
#include <cstring>
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

namespace detail {

// Starts `args` with stdout and stderr appended to `log` and `env_extra` ("NAME=value") added to
// the environment. Everything is prepared before fork(): the parent has threads, so the child
// only calls async-signal-safe functions before exec.
inline pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env_extra, const std::string& log) {
    std::vector<char*> argv, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const auto overridden = [&](const char* entry) {
        for (const auto& e : env_extra)
            if (std::strncmp(entry, e.c_str(), e.find('=') + 1) == 0) return true;
        return false;
    };
    for (char** e = environ; *e; ++e)
        if (!overridden(*e)) envp.push_back(*e);
    for (const auto& e : env_extra) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::execvpe(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

inline void stop(pid_t& pid, int sig) {
    if (pid <= 0) return;
    ::kill(pid, sig);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
}

} // namespace detail

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
        m_pid = detail::spawn(args, {}, m_data_dir + "/server.log");
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
    void kill_hard() { detail::stop(m_pid, SIGKILL); }
    void stop() { detail::stop(m_pid, SIGTERM); }

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
    std::string m_binary, m_data_dir;
    std::vector<std::string> m_extra;
    std::uint16_t m_port;
    pid_t m_pid = -1;
};

class XvfbDisplay {
public:
    explicit XvfbDisplay(const std::string& log) {
        int fds[2];
        if (::pipe(fds) != 0) throw std::runtime_error("pipe");
        m_pid = detail::spawn({"Xvfb", "-displayfd", std::to_string(fds[1]), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"}, {},
                              log); // the pipe's write end is inherited: Xvfb writes its display number there
        ::close(fds[1]);
        char buffer[16] = {};
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer - 1);
        ::close(fds[0]);
        if (n <= 0) throw std::runtime_error("Xvfb did not start; see " + log);
        m_display = ":" + std::string(buffer, static_cast<std::size_t>(n - (buffer[n - 1] == '\n' ? 1 : 0)));
    }
    ~XvfbDisplay() { detail::stop(m_pid, SIGTERM); }
    const std::string& display() const { return m_display; }

private:
    pid_t m_pid = -1;
    std::string m_display;
};

class AppProcess {
public:
    AppProcess(const std::vector<std::string>& args, const std::string& display, const std::string& log)
        : m_env("DISPLAY=" + display), m_pid(detail::spawn(args, {m_env}, log)) {}
    ~AppProcess() { stop(); }
    bool running() {
        int status = 0;
        if (m_pid <= 0) return false;
        if (::waitpid(m_pid, &status, WNOHANG) == 0) return true;
        m_exit_status = status;
        m_pid = -1;
        return false;
    }
    // Waits for the app to end by itself (--frames); false when it had not after `seconds`.
    bool wait_for_exit(double seconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (running())
            if (std::chrono::steady_clock::now() > deadline) return false;
            else std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return true;
    }
    bool exited_cleanly() const { return WIFEXITED(m_exit_status) && WEXITSTATUS(m_exit_status) == 0; }
    void stop() { detail::stop(m_pid, SIGTERM); }

private:
    std::string m_env;
    pid_t m_pid;
    int m_exit_status = -1;
};

} // namespace idekort::test

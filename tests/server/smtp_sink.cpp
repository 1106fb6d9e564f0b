// The loopback SMTP sink (see smtp_sink.h).
#include "smtp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace idekort::test {

namespace {
// The address between < and > of "MAIL FROM:<a@b>" / "RCPT TO:<a@b>".
std::string angle_address(const std::string& line) {
    const auto open = line.find('<'), close = line.rfind('>');
    return open == std::string::npos || close == std::string::npos || close < open ? std::string() : line.substr(open + 1, close - open - 1);
}

std::string upper_verb(const std::string& line) {
    std::string verb = line.substr(0, line.find_first_of(" :"));
    for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return verb;
}

bool send_all(int fd, const std::string& text) {
    for (std::size_t at = 0; at < text.size();) {
        const ssize_t n = ::send(fd, text.data() + at, text.size() - at, MSG_NOSIGNAL);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}
} // namespace

SmtpSink::SmtpSink(std::uint16_t port) {
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_listener < 0) throw std::runtime_error("smtp sink: no socket");
    int one = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listener, 8) != 0) {
        ::close(m_listener);
        throw std::runtime_error("smtp sink: cannot listen on port " + std::to_string(port));
    }
    socklen_t len = sizeof addr;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

SmtpSink::~SmtpSink() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    if (m_thread.joinable()) m_thread.join();
    ::close(m_listener);
}

std::vector<ReceivedMail> SmtpSink::mails() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_mails;
}

bool SmtpSink::wait_for(std::size_t count, std::chrono::seconds deadline) const {
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_arrived.wait_for(lock, deadline, [&] { return m_mails.size() >= count; });
}

void SmtpSink::serve() {
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            if (m_stopping) return;
        }
        pollfd p{m_listener, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;   // wakes to see whether it should stop
        const int fd = ::accept(m_listener, nullptr, nullptr);
        if (fd < 0) continue;
        timeval timeout{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        session(fd);
        ::close(fd);
    }
}

void SmtpSink::session(int fd) {
    std::string buffer;
    const auto read_line = [&](std::string& line) {
        for (;;) {
            const auto end = buffer.find("\r\n");
            if (end != std::string::npos) {
                line = buffer.substr(0, end);
                buffer.erase(0, end + 2);
                return true;
            }
            char chunk[4096];
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(n));
        }
    };
    if (!send_all(fd, "220 sink.test ESMTP idekort test sink\r\n")) return;
    ReceivedMail mail;
    std::string line;
    while (read_line(line)) {
        const std::string verb = upper_verb(line);
        std::string reply = "250 OK\r\n";
        if (verb == "EHLO" || verb == "HELO") reply = "250 sink.test\r\n";
        else if (verb == "MAIL") mail = ReceivedMail{angle_address(line), {}, {}};
        else if (verb == "RCPT") mail.to = angle_address(line);
        else if (verb == "DATA") {
            if (!send_all(fd, "354 end with <CRLF>.<CRLF>\r\n")) return;
            std::string data_line;
            for (;;) {
                if (!read_line(data_line)) return;   // cut off mid-message: nothing is kept
                if (data_line == ".") break;
                if (!data_line.empty() && data_line[0] == '.') data_line.erase(0, 1);
                mail.data += data_line + "\r\n";
            }
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_mails.push_back(mail);
            }
            m_arrived.notify_all();
            reply = "250 queued\r\n";
        } else if (verb == "QUIT") {
            send_all(fd, "221 bye\r\n");
            return;
        } else if (verb != "RSET" && verb != "NOOP") reply = "502 not implemented\r\n";
        if (!send_all(fd, reply)) return;
    }
}

} // namespace idekort::test

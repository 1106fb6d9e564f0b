// SmtpSink: a minimal SMTP server on 127.0.0.1 for the stage-change e-mail tests (issue 14). It
// speaks just enough of RFC 5321 for a client such as libcurl (greeting, EHLO/HELO, MAIL FROM,
// RCPT TO, DATA, RSET, NOOP, QUIT), keeps every message it is given, and never relays anything.
// Python 3.12 removed smtpd, so the sink lives here, in the test, with the rest of the harness.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace idekort::test {

struct ReceivedMail {
    std::string from;    // MAIL FROM's address
    std::string to;      // RCPT TO's address (one per mail here)
    std::string data;    // headers and body as sent, dot-stuffing undone, CRLF line ends
};

class SmtpSink {
public:
    // Listens on `port` (0: any free one).
    explicit SmtpSink(std::uint16_t port = 0);
    ~SmtpSink();
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    std::uint16_t port() const { return m_port; }
    std::vector<ReceivedMail> mails() const;
    // Waits until at least `count` mails arrived or `deadline` passed; true when they did.
    bool wait_for(std::size_t count, std::chrono::seconds deadline) const;

private:
    void serve();
    void session(int fd);

    int m_listener = -1;
    std::uint16_t m_port = 0;
    bool m_stopping = false;
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_arrived;
    std::vector<ReceivedMail> m_mails;
    std::thread m_thread;
};

} // namespace idekort::test

// CurlTransport: the native HttpTransport (app/core/http_transport.h) on Debian's libcurl.
//
// Implements:
//  [X] One worker thread runs a curl multi handle: exchanges run side by side on reused
//      connections, and the frame thread never waits on the network
//  [X] Answers wait in a queue until the frame thread calls deliver(); a wake callback lets an
//      idle event-driven loop know there is something to deliver
//  [X] A timeout for the whole exchange (HttpRequest::timeout_seconds) and a shorter one for the
//      connection; no redirects followed (a portal's redirect is an answer, not our server)
//  [X] Proxies from the environment (http_proxy, https_proxy, no_proxy: libcurl's default)
//  [X] Answers larger than 1 MiB are cut off as an error (nothing we expect is near that)
//  [X] libcurl is loaded by the worker thread when the transport starts, not by the program's
//      loader: it brings 28 shared libraries (TLS, Kerberos, LDAP ...) whose linking cost the
//      kiosk's first frame about a third of its start-up over a bare window (docs/BENCHMARKS.md).
//      If it cannot be loaded, every exchange fails with a network error that says so, and
//      cards wait in the outbox as they do offline.
#pragma once

#include "app/core/http_transport.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace idekort::platform {

class CurlTransport final : public HttpTransport {
public:
    // max_connections: to one host at a time (the sync engine sends at most a few in parallel).
    // library: the shared library to load (tests name one that does not exist).
    explicit CurlTransport(int max_connections = 8, std::string library = "libcurl.so.4");
    ~CurlTransport() override;   // running exchanges are abandoned; their callbacks never run

    // Called from the worker thread when an answer is ready (the native runner pushes an SDL event).
    void set_wake(std::function<void()> wake);

    void send(HttpRequest request, Callback done) override;
    int deliver() override;
    bool busy() const override;

private:
    struct Exchange;
    void worker();
    void refuse_all(const std::string& why); // libcurl could not be loaded

    const int m_max_connections;
    const std::string m_library;
    void* m_multi = nullptr;   // CURLM*, kept out of the header; made by the worker
    mutable std::mutex m_mutex;
    std::condition_variable m_changed; // for a worker with no libcurl: new exchanges or stop
    std::deque<std::unique_ptr<Exchange>> m_pending;
    std::deque<std::unique_ptr<Exchange>> m_finished;
    int m_running = 0;
    bool m_stop = false;
    std::function<void()> m_wake_loop;
    std::thread m_thread;
};

} // namespace idekort::platform

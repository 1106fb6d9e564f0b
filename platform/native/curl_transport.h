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
#pragma once

#include "app/core/http_transport.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace idekort::platform {

class CurlTransport final : public HttpTransport {
public:
    // max_connections: to one host at a time (the sync engine sends at most a few in parallel).
    explicit CurlTransport(int max_connections = 8);
    ~CurlTransport() override;   // running exchanges are abandoned; their callbacks never run

    // Called from the worker thread when an answer is ready (the native runner pushes an SDL event).
    void set_wake(std::function<void()> wake);

    void send(HttpRequest request, Callback done) override;
    int deliver() override;
    bool busy() const override;

private:
    struct Exchange;
    void worker();

    void* m_multi;   // CURLM*, kept out of the header
    mutable std::mutex m_mutex;
    std::deque<std::unique_ptr<Exchange>> m_pending;
    std::deque<std::unique_ptr<Exchange>> m_finished;
    int m_running = 0;
    bool m_stop = false;
    std::function<void()> m_wake_loop;
    std::thread m_thread;
};

} // namespace idekort::platform

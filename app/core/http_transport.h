// HttpTransport: the network seam of the sync engine (docs/ARCHITECTURE.md, "Sync"). app/core says what to
// send; a platform transport only carries it:
//   native:  libcurl on a worker thread (platform/native/curl_transport.cpp)
//   browser: fetch() through the JS bridge (platform/web/fetch_transport.cpp)
//
// Like SqlExecutor, every call is asynchronous and answers are delivered on the frame thread,
// inside deliver(), which the runner calls once per loop, so the engine never sees a thread and
// the UI never waits on the network.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace idekort {

struct HttpRequest {
    std::string method;   // "PUT", "POST", "GET"
    std::string url;      // absolute
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    double timeout_seconds = 30;   // the whole exchange, connect included
};

struct HttpResponse {
    // 0 when no HTTP answer arrived at all (refused, reset, timed out, DNS): see network_error.
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;   // names lower-case
    std::string body;
    std::string network_error;   // the transport's words when status == 0

    // The first header of that (lower-case) name, or empty.
    std::string header(std::string_view lower_name) const {
        for (const auto& [name, value] : headers)
            if (name == lower_name) return value;
        return {};
    }
};

class HttpTransport {
public:
    using Callback = std::function<void(HttpResponse)>;
    virtual ~HttpTransport() = default;

    // Starts the exchange; `done` is called from a later deliver(), exactly once.
    virtual void send(HttpRequest request, Callback done) = 0;
    // Calls the callbacks of finished exchanges on the caller's thread. Returns how many.
    virtual int deliver() = 0;
    // True while exchanges are running or waiting to be delivered.
    virtual bool busy() const = 0;
};

} // namespace idekort

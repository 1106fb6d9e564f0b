// LiveChannel: a message channel to the server that stays open (a WebSocket), offered by the
// runner like HttpTransport (issue 16: the workshop's live updates). The native runner's is a
// Boost.Beast client on a worker thread (platform/native/beast_live_channel.h). Messages and the
// close are delivered on the frame thread, inside deliver(), which the runner calls each turn.
// A platform without one offers none (AppEnvironment::live is null) and the app polls instead.
#pragma once

#include <functional>
#include <string>

namespace idekort {

class LiveChannel {
public:
    struct Events {
        std::function<void(const std::string& text)> message;   // each text message, in order
        std::function<void(const std::string& why)> closed;      // once; nothing comes after it
    };
    virtual ~LiveChannel() = default;

    // Opens `url` (ws://host:port/path), sends `first` once the handshake is done, and reports
    // through `events`. Opening again closes the channel before (its events stop).
    virtual void open(std::string url, std::string first, Events events) = 0;
    virtual void close() = 0;
    // Calls the events of what arrived, on the caller's thread. Returns how many.
    virtual int deliver() = 0;
};

} // namespace idekort

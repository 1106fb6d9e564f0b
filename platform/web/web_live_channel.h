// WebLiveChannel: the browser's LiveChannel (app/core/live_channel.h), the browser's own
// WebSocket through the JS bridge (idekort_js_live_* in js_bridge.h, web/library_idekort.js).
// Only a product that asks for it (platform::offer_live_channel(), the wall) links this file and
// its JS, so the capture app's download does not grow (docs/BENCHMARKS.md).
//
// Implements:
//  [X] ws:// or wss:// as the app gives it (the wall makes it from the page's origin, so an https
//      page opens wss://); an address the browser refuses (mixed content) ends in `closed`
//  [X] the first message sent once the handshake is done; text messages in order; one `closed`
//      for whatever ends the socket (a proxy that refuses the upgrade, a dropped network, the
//      server's close), after which nothing of that socket arrives
//  [X] arrivals queued in C++ as they come (JS calls back through a function pointer, so no
//      export is added to any product) and handed to the app in deliver(), on the frame loop;
//      an arrival wakes the loop (wake_web_loop), as the native channel's worker does
//  [ ] binary messages (the protocol has none)
#pragma once

#include "app/core/live_channel.h"

#include <deque>
#include <string>

namespace idekort::platform {

class WebLiveChannel final : public LiveChannel {
public:
    void open(std::string url, std::string first, Events events) override;
    void close() override;
    int deliver() override;

    // What socket `generation` brought (from JS, between frames): a message, or its close.
    void arrived(int generation, bool closed, std::string text);

private:
    struct Arrival {
        int generation = 0;
        bool closed = false;
        std::string text;
    };
    Events m_events;
    int m_generation = 0;   // the socket open now; arrivals of older ones are dropped
    std::deque<Arrival> m_arrived;
};

} // namespace idekort::platform

// The browser's live channel (web_live_channel.h) and platform::offer_live_channel(), which hands
// it to the runner's product hooks (web_product_hooks.h): offered to the app at start, delivered
// after each frame drawn. An arrival wakes the loop (wake_web_loop), so it draws a frame at once; the
// hook after it delivers and asks for the frame that shows what came.
#include "platform/runner.h"
#include "platform/web/js_bridge.h"
#include "platform/web/web_live_channel.h"
#include "platform/web/web_product_hooks.h"

#include <utility>

namespace idekort::platform {

namespace {
WebLiveChannel g_channel;   // one per page: the wall has one workshop open at a time

// JS -> C++ (through the function pointer given to idekort_js_live_open, not an export).
void live_arrived(int generation, int closed, const char* text) {
    g_channel.arrived(generation, closed != 0, text ? text : "");
    wake_web_loop();
}

void offer(AppEnvironment& env) { env.live = &g_channel; }
bool after_frame() { return g_channel.deliver() > 0; }
} // namespace

void WebLiveChannel::open(std::string url, std::string first, Events events) {
    close();
    m_events = std::move(events);
    idekort_js_live_open(++m_generation, url.c_str(), first.c_str(), &live_arrived);
}

void WebLiveChannel::close() {
    idekort_js_live_close();
    ++m_generation;   // whatever is queued belongs to a socket that is gone
    m_arrived.clear();
}

void WebLiveChannel::arrived(int generation, bool closed, std::string text) {
    if (generation == m_generation) m_arrived.push_back({generation, closed, std::move(text)});
}

int WebLiveChannel::deliver() {
    int n = 0;
    while (!m_arrived.empty()) {
        Arrival a = std::move(m_arrived.front());
        m_arrived.pop_front();
        if (a.generation != m_generation) continue;   // closed or reopened by an earlier event
        ++n;
        if (a.closed) {
            ++m_generation;   // the closed event is the last of this socket
            m_arrived.clear();
            if (m_events.closed) m_events.closed(a.text);
            break;
        }
        if (m_events.message) m_events.message(a.text);
    }
    return n;
}

void offer_live_channel() { add_web_product_hooks({&offer, &after_frame}); }

} // namespace idekort::platform

// BeastLiveChannel: the native LiveChannel (app/core/live_channel.h), a WebSocket client from
// Boost.Beast (the server's own library) on a worker thread: connect, handshake, send the first
// message, then read until the connection ends. What arrives is queued and handed over on the
// frame thread in deliver(); the runner is woken for it (set_wake), so a wall that sleeps between
// frames still draws a card the moment it comes.
#pragma once

#include "app/core/live_channel.h"

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace idekort::platform {

class BeastLiveChannel final : public LiveChannel {
public:
    BeastLiveChannel() = default;
    ~BeastLiveChannel() override;
    BeastLiveChannel(const BeastLiveChannel&) = delete;
    BeastLiveChannel& operator=(const BeastLiveChannel&) = delete;

    // Called from the worker thread when something arrived (the native runner pushes an SDL event).
    void set_wake(std::function<void()> wake) { m_wake = std::move(wake); }

    void open(std::string url, std::string first, Events events) override;
    void close() override;
    int deliver() override;

private:
    struct Arrival {
        int generation = 0;
        bool closed = false;
        std::string text;
    };
    void run(int generation, std::string url, std::string first);
    void push(Arrival a);

    std::function<void()> m_wake;
    Events m_events;
    int m_generation = 0;                 // frame thread: events of older channels are dropped
    std::thread m_worker;
    std::atomic<int> m_socket{-1};        // the worker's socket, shut down by close()
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::deque<Arrival> m_arrived;
};

} // namespace idekort::platform

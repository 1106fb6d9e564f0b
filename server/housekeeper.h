// Housekeeper: the server's own periodic work (issue 14: contact details erased the configured
// months after a card closes, without waiting for an office request). The job runs once at
// once, so a server started after a long stop catches up before it serves, then every `every`
// on its own thread until the housekeeper is destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace idekort::server {

class Housekeeper {
public:
    Housekeeper(std::chrono::milliseconds every, std::function<void()> job);
    ~Housekeeper();   // stops the thread; a running job finishes first
    Housekeeper(const Housekeeper&) = delete;
    Housekeeper& operator=(const Housekeeper&) = delete;

private:
    void loop();

    std::chrono::milliseconds m_every;
    std::function<void()> m_job;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;   // last: it starts once everything above stands
};

} // namespace idekort::server

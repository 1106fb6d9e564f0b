// The periodic job thread (see housekeeper.h).
#include "server/housekeeper.h"

namespace idekort::server {

Housekeeper::Housekeeper(std::chrono::milliseconds every, std::function<void()> job) : m_every(every), m_job(std::move(job)) {
    m_job();   // at startup, before the caller goes on to serve
    m_thread = std::thread([this] { loop(); });
}

Housekeeper::~Housekeeper() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) m_thread.join();
}

void Housekeeper::loop() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        if (m_wake.wait_for(lock, m_every, [this] { return m_stopping; })) return;
        lock.unlock();
        m_job();
        lock.lock();
    }
}

} // namespace idekort::server

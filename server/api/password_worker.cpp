// Password work off the I/O threads (see password_worker.h).
#include "server/api/password_worker.h"

namespace idekort::server {

PasswordWorker::PasswordWorker(int threads, std::size_t max_waiting) : m_max_waiting(max_waiting) {
    for (int i = 0; i < threads; ++i) m_threads.emplace_back([this] { run(); });
}

PasswordWorker::~PasswordWorker() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) t.join();
}

bool PasswordWorker::post(std::function<void()> work) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping || m_queue.size() >= m_max_waiting) return false;
        m_queue.push_back(std::move(work));
    }
    m_wake.notify_one();
    return true;
}

void PasswordWorker::run() {
    for (;;) {
        std::function<void()> work;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return; // stopping, and everything queued has run
            work = std::move(m_queue.front());
            m_queue.pop_front();
        }
        work();
    }
}

} // namespace idekort::server

// PasswordWorker: the threads that run argon2id (logins, new accounts). A password check costs
// tens of milliseconds of CPU and 64 MiB by design; on an I/O thread it would stall every
// connection that thread serves (kiosks sending cards included). Work waits in a bounded
// queue; when it is full, post() says no and the caller answers 503.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace idekort::server {

class PasswordWorker {
public:
    explicit PasswordWorker(int threads = 1, std::size_t max_waiting = 64);
    ~PasswordWorker();
    PasswordWorker(const PasswordWorker&) = delete;
    PasswordWorker& operator=(const PasswordWorker&) = delete;

    // false: the queue is full or the worker stopped; `work` will not run.
    bool post(std::function<void()> work);

private:
    void run();

    std::size_t m_max_waiting;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace idekort::server

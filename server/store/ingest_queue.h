// IngestQueue: group commit for card ingestion. Requests from any number of connections queue
// here; one writer thread takes everything waiting, stores it in ONE durable transaction
// (Storage::ingest), and only then calls each request's completion. Under load one fsync
// acknowledges many cards, so throughput follows the batch size, not the disk's flush rate;
// when idle, a batch is a single card and nothing waits for a timer.
//
// Inline mode (no thread) runs each submission at once on the caller's thread, for the fuzzer
// and handler tests that want no concurrency.
#pragma once

#include "server/store/storage.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace idekort::server {

class IngestQueue {
public:
    using Completion = std::function<void(Expected<IngestOutcome>)>;

    IngestQueue(Storage& storage, bool threaded, std::size_t max_batch = 512);
    ~IngestQueue();
    IngestQueue(const IngestQueue&) = delete;
    IngestQueue& operator=(const IngestQueue&) = delete;

    void submit(IngestItem item, Completion done);
    // Finishes everything queued, then stops the writer (graceful shutdown).
    void stop();

private:
    void run();
    void store(std::deque<std::pair<IngestItem, Completion>>& batch);

    Storage& m_storage;
    std::size_t m_max_batch;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<IngestItem, Completion>> m_queue;
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace idekort::server

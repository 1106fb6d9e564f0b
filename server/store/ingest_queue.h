// IngestQueue: group commit for the writes that come from many connections at once: cards
// (ingestion) and the pipeline's transitions (issue 14). Requests queue here; one writer thread
// takes everything waiting, stores it in ONE durable transaction per kind (Storage::ingest,
// Storage::transition_group), and only then calls each request's completion. Under load one
// fsync acknowledges many cards or many transitions, so throughput follows the batch size, not
// the disk's flush rate; when idle, a batch is a single request and nothing waits for a timer.
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
    using TransitionCompletion = std::function<void(Expected<TransitionOutcome>)>;

    IngestQueue(Storage& storage, bool threaded, std::size_t max_batch = 512);
    ~IngestQueue();
    IngestQueue(const IngestQueue&) = delete;
    IngestQueue& operator=(const IngestQueue&) = delete;

    void submit(IngestItem item, Completion done);
    // `done` is called once the transition's group is committed (or failed), never before.
    void submit_transition(TransitionJob job, TransitionCompletion done);
    // Finishes everything queued, then stops the writer (graceful shutdown).
    void stop();

private:
    void run();
    void store(std::deque<std::pair<IngestItem, Completion>>& batch);
    void commit_transitions(std::deque<std::pair<TransitionJob, TransitionCompletion>>& batch);

    Storage& m_storage;
    std::size_t m_max_batch;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<IngestItem, Completion>> m_queue;
    std::deque<std::pair<TransitionJob, TransitionCompletion>> m_transitions;
    bool m_stopping = false;
    std::thread m_writer;
};

} // namespace idekort::server

// IngestQueue: group commit for the writes that come from many connections at once: cards
// (ingestion) and the pipeline's transitions (issue 14). Requests queue here; one writer thread
// takes everything waiting, stores it in ONE durable transaction per kind (Storage::ingest,
// Storage::transition_group), and only then calls each request's completion. Under load one
// fsync acknowledges many cards or many transitions, so throughput follows the batch size, not
// the disk's flush rate; when idle, a batch is a single request and nothing waits for a timer.
//
// The completions of a committed batch run on a second thread, the answerer: building the
// replies and waking the connections' threads is then off the writer's serial path, and the
// writer starts the next batch while the last one is being answered. Completions run in the
// order their batches committed.
//
// Inline mode (no threads) runs each submission and its completion at once on the caller's
// thread, for the fuzzer and handler tests that want no concurrency.
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
    // Finishes everything queued and answers it, then stops both threads (graceful shutdown).
    void stop();

private:
    void run();
    void store(std::deque<std::pair<IngestItem, Completion>>& batch);
    void commit_transitions(std::deque<std::pair<TransitionJob, TransitionCompletion>>& batch);
    // Runs `answers` on the answerer, or at once in inline mode.
    void hand_over(std::function<void()> answers);
    void answer_loop();

    Storage& m_storage;
    std::size_t m_max_batch;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::pair<IngestItem, Completion>> m_queue;
    std::deque<std::pair<TransitionJob, TransitionCompletion>> m_transitions;
    bool m_stopping = false;
    std::thread m_writer;

    std::mutex m_answer_mutex;
    std::condition_variable m_answer_wake;
    std::deque<std::function<void()>> m_answers; // one entry per committed batch
    bool m_answerer_stopping = false;
    std::thread m_answerer;
};

} // namespace idekort::server

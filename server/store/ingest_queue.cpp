// Group commit (see ingest_queue.h).
#include "server/store/ingest_queue.h"

#include <utility>

namespace idekort::server {

IngestQueue::IngestQueue(Storage& storage, bool threaded, std::size_t max_batch) : m_storage(storage), m_max_batch(max_batch) {
    if (threaded) m_writer = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue() { stop(); }

void IngestQueue::submit(IngestItem item, Completion done) {
    if (!m_writer.joinable()) {
        std::deque<std::pair<IngestItem, Completion>> one;
        one.emplace_back(std::move(item), std::move(done));
        return store(one);
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping) {
            done(Error{"the server is shutting down", "ingest"});
            return;
        }
        m_queue.emplace_back(std::move(item), std::move(done));
    }
    m_wake.notify_one();
}

void IngestQueue::submit_transition(TransitionJob job, TransitionCompletion done) {
    if (!m_writer.joinable()) {
        std::deque<std::pair<TransitionJob, TransitionCompletion>> one;
        one.emplace_back(std::move(job), std::move(done));
        return commit_transitions(one);
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stopping) {
            done(Error{"the server is shutting down", "transition"});
            return;
        }
        m_transitions.emplace_back(std::move(job), std::move(done));
    }
    m_wake.notify_one();
}

void IngestQueue::stop() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_writer.joinable()) m_writer.join();
}

void IngestQueue::run() {
    for (;;) {
        std::deque<std::pair<IngestItem, Completion>> batch;
        std::deque<std::pair<TransitionJob, TransitionCompletion>> transitions;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty() || !m_transitions.empty(); });
            if (m_queue.empty() && m_transitions.empty()) return; // stopping, and everything is stored
            while (!m_queue.empty() && batch.size() < m_max_batch) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            while (!m_transitions.empty() && transitions.size() < m_max_batch) {
                transitions.push_back(std::move(m_transitions.front()));
                m_transitions.pop_front();
            }
        }
        if (!batch.empty()) store(batch);
        if (!transitions.empty()) commit_transitions(transitions);
    }
}

void IngestQueue::store(std::deque<std::pair<IngestItem, Completion>>& batch) {
    // The items move into the batch: a completion gets the stored row, not its item.
    std::vector<IngestItem> items;
    items.reserve(batch.size());
    for (auto& entry : batch) items.push_back(std::move(entry.first));
    auto outcomes = m_storage.ingest(items);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (outcomes) batch[i].second(outcomes.value()[i]);
        else batch[i].second(outcomes.error());
    }
}

void IngestQueue::commit_transitions(std::deque<std::pair<TransitionJob, TransitionCompletion>>& batch) {
    std::vector<TransitionJob> jobs;
    jobs.reserve(batch.size());
    for (auto& entry : batch) jobs.push_back(std::move(entry.first));
    auto outcomes = m_storage.transition_group(jobs);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (outcomes) batch[i].second(std::move(outcomes.value()[i]));
        else batch[i].second(outcomes.error());
    }
}

} // namespace idekort::server

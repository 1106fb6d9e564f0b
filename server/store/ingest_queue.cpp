// Group commit (see ingest_queue.h).
#include "server/store/ingest_queue.h"

#include <utility>
#include <vector>

namespace idekort::server {

namespace {
// The answers to a committed batch: each completion with its own outcome, or all of them with
// the batch's error. The completions move out of the batch; their items were moved already.
template <class Item, class Completion, class Outcomes>
std::function<void()> answers_for(std::deque<std::pair<Item, Completion>>& batch, Outcomes outcomes) {
    std::vector<Completion> completions;
    completions.reserve(batch.size());
    for (auto& entry : batch) completions.push_back(std::move(entry.second));
    return [completions = std::move(completions), outcomes = std::move(outcomes)]() mutable {
        for (std::size_t i = 0; i < completions.size(); ++i) {
            if (outcomes) completions[i](std::move(outcomes.value()[i]));
            else completions[i](outcomes.error());
        }
    };
}
} // namespace

IngestQueue::IngestQueue(Storage& storage, bool threaded, std::size_t max_batch) : m_storage(storage), m_max_batch(max_batch) {
    if (threaded) {
        m_answerer = std::thread([this] { answer_loop(); });
        m_writer = std::thread([this] { run(); });
    }
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
    // The writer has handed over its last batch; the answerer answers it before it ends.
    {
        std::lock_guard<std::mutex> lock(m_answer_mutex);
        m_answerer_stopping = true;
    }
    m_answer_wake.notify_one();
    if (m_answerer.joinable()) m_answerer.join();
}

void IngestQueue::hand_over(std::function<void()> answers) {
    if (!m_answerer.joinable()) return answers();
    {
        std::lock_guard<std::mutex> lock(m_answer_mutex);
        m_answers.push_back(std::move(answers));
    }
    m_answer_wake.notify_one();
}

void IngestQueue::answer_loop() {
    for (;;) {
        std::function<void()> answers;
        {
            std::unique_lock<std::mutex> lock(m_answer_mutex);
            m_answer_wake.wait(lock, [this] { return m_answerer_stopping || !m_answers.empty(); });
            if (m_answers.empty()) return; // stopping, and everything is answered
            answers = std::move(m_answers.front());
            m_answers.pop_front();
        }
        answers();
    }
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
    hand_over(answers_for(batch, std::move(outcomes)));
}

void IngestQueue::commit_transitions(std::deque<std::pair<TransitionJob, TransitionCompletion>>& batch) {
    std::vector<TransitionJob> jobs;
    jobs.reserve(batch.size());
    for (auto& entry : batch) jobs.push_back(std::move(entry.first));
    auto outcomes = m_storage.transition_group(jobs);
    hand_over(answers_for(batch, std::move(outcomes)));
}

} // namespace idekort::server

// BridgeRequests: the bookkeeping of calls that go out through the JS bridge and come back later
// by id (the store worker's batches, fetch exchanges): the callbacks still waiting, and the
// answers that arrived, held until the frame loop calls deliver(). Single-threaded, as the
// browser's main thread is.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <utility>

namespace idekort::platform {

template <class Answer>
class BridgeRequests {
public:
    using Callback = std::function<void(Answer)>;

    // Keeps `done` and returns the id the JS side answers with.
    int add(Callback done) {
        const int id = ++m_next_id;
        m_waiting.emplace(id, std::move(done));
        return id;
    }
    // True when `id` is ours and unanswered (an unknown id means JS is confused; it is ignored).
    bool waiting(int id) const { return m_waiting.count(id) != 0; }
    void finish(int id, Answer answer) {
        const auto it = m_waiting.find(id);
        if (it == m_waiting.end()) return;
        m_finished.emplace_back(std::move(it->second), std::move(answer));
        m_waiting.erase(it);
    }
    // Calls the callbacks of the answers that arrived. Returns how many.
    int deliver() {
        int n = 0;
        while (!m_finished.empty()) {
            auto item = std::move(m_finished.front());
            m_finished.pop_front();
            item.first(std::move(item.second));
            ++n;
        }
        return n;
    }
    bool busy() const { return !m_waiting.empty() || !m_finished.empty(); }

private:
    int m_next_id = 0;
    std::map<int, Callback> m_waiting;
    std::deque<std::pair<Callback, Answer>> m_finished;
};

} // namespace idekort::platform

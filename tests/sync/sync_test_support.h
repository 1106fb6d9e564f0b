// Helpers for the sync tests: completed cards in a real store, a clock the test moves, and a
// transport whose answers the test writes (for the engine's rules; the real libcurl client and
// the real server are in test_fault_injection.cpp).
#pragma once

#include "../store/store_test_support.h"

#include "app/core/sync_engine.h"
#include "common/card_id.h"
#include "common/clock.h"

#include <deque>
#include <string>
#include <vector>

namespace idekort::test {

inline IdeaCard completed_card(const std::string& title) {
    IdeaCard c;
    c.id = to_string(new_uuid());
    c.created_at = c.updated_at = "2026-11-27T06:30:00Z";
    c.title = title;
    c.challenge = "Ventetiden i borgerservice er lang";
    c.target_group = "Borgere";
    c.idea = "Idé med æøå";
    c.gain.text = "Kortere ventetid";
    return c;
}

// Puts `n` cards into the outbox of `store`, completed a millisecond apart (the outbox's order).
inline std::vector<std::string> complete_cards(SqlExecutor& executor, CardStore& store, int n, const std::string& prefix = "Idé") {
    std::vector<std::string> ids;
    int done = 0;
    for (int i = 0; i < n; ++i) {
        const IdeaCard card = completed_card(prefix + " " + std::to_string(i));
        ids.push_back(card.id);
        const auto at = std::chrono::system_clock::time_point(std::chrono::hours(24 * 20784)) + std::chrono::milliseconds(i);
        store.complete(card, utc_timestamp(at), [&](Status s) {
            REQUIRE(s.ok());
            ++done;
        });
        // In steps, so each wait stays well inside pump_until's limit (a commit is an fsync).
        if ((i + 1) % 500 == 0 || i + 1 == n) pump_until(executor, [&] { return done == i + 1; });
    }
    return ids;
}

struct ManualClock {
    double now = 1000;
    // RFC 3339 times (now = 1000 is 2026-11-27T09:00:00Z), for rules that compare the engine's
    // times with the server's; otherwise "t+<seconds>", easy to read in a failing check.
    bool rfc3339 = false;
    SyncClock clock() {
        return {[this] { return now; }, [this](double from_now) {
                    if (rfc3339)
                        return utc_timestamp(std::chrono::system_clock::time_point(
                            std::chrono::seconds(1795770000 - 1000 + static_cast<long long>(now + from_now))));
                    return "t+" + std::to_string(static_cast<long long>(now + from_now));
                }};
    }
};

// A transport that keeps every request until the test answers it.
class ScriptedTransport final : public HttpTransport {
public:
    struct Exchange {
        HttpRequest request;
        Callback done;
    };
    void send(HttpRequest request, Callback done) override { waiting.push_back({std::move(request), std::move(done)}); }
    int deliver() override {
        auto now = std::move(answered);
        answered.clear();
        for (auto& [done, response] : now) done(std::move(response));
        return static_cast<int>(now.size());
    }
    bool busy() const override { return !waiting.empty() || !answered.empty(); }

    // Answers the oldest waiting request (delivered at the next deliver()).
    HttpRequest answer(HttpResponse response) {
        REQUIRE_FALSE(waiting.empty());
        Exchange x = std::move(waiting.front());
        waiting.pop_front();
        answered.emplace_back(std::move(x.done), std::move(response));
        return x.request;
    }

    std::deque<Exchange> waiting;
    std::vector<std::pair<Callback, HttpResponse>> answered;
};

// An answer of idekort-server: the identity header and a JSON body.
inline HttpResponse ours(int status, std::string body, std::vector<std::pair<std::string, std::string>> extra = {}) {
    HttpResponse r;
    r.status = status;
    r.headers = {{"x-idekort-server", "idekort-server/0.1.0"}, {"content-type", "application/json; charset=utf-8"}};
    for (auto& h : extra) r.headers.push_back(std::move(h));
    r.body = std::move(body);
    return r;
}

inline HttpResponse receipt_for(const std::string& card_id, const std::string& receipt, bool duplicate = false) {
    return ours(duplicate ? 200 : 201, "{\"card_id\":\"" + card_id + "\",\"receipt\":\"" + receipt +
                                           "\",\"received_at\":\"2026-11-27T08:00:00Z\",\"duplicate\":" +
                                           (duplicate ? "true" : "false") + "}");
}

// The id in ".../api/v1/cards/<id>".
inline std::string card_id_of(const HttpRequest& r) { return r.url.substr(r.url.rfind('/') + 1); }

} // namespace idekort::test

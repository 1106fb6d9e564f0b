// WorkshopApi: the live workshop's routes (issue 16, docs/API.md "Workshops"), under
// /api/v1/workshops. Api::handle hands every request under that prefix here, so the card API's
// router and this one do not share a table or a file.
//
// Who may do what:
//  - a facilitator's (or administrator's) session creates a workshop and runs it: clusters,
//    moving, hiding, merging, voting, export, promotion; only the account that made it, or an
//    administrator;
//  - anyone with the code reads the workshop and joins; joining gives a participant token (no
//    account, nothing about the person), which the browser keeps and sends as Bearer;
//  - a participant writes cards and sets their dots; changes?since=R answers both.
#pragma once

#include "common/programme_config.h"
#include "server/api/status_words.h"
#include "server/api/api.h"
#include "server/store/ingest_queue.h"
#include "server/store/storage.h"
#include "server/store/workshop_store.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace idekort::server {

// A live connection (websocket_session.h) that wants to hear of its workshop's changes.
class LiveSubscriber {
public:
    virtual ~LiveSubscriber() = default;
    virtual void workshop_changed() = 0;   // any thread; must return at once
};

class WorkshopApi {
public:
    using Respond = std::function<void(ApiResponse)>;
    using Clock = std::function<std::int64_t()>;   // Unix milliseconds
    // Called after every change with the workshop's code, so live connections can send it.
    using ChangeListener = std::function<void(const std::string& code)>;

    // `words`: the promoted card's provenance line (status.provenance.*, from the strings files).
    WorkshopApi(WorkshopStore& store, Storage& accounts, IngestQueue& ingest, const ProgrammeConfig& programme, const StatusWords& words,
                Clock clock);

    static bool owns(std::string_view target);
    // Every route with who may call it; Api::routes() lists them with its own.
    static std::vector<RouteInfo> routes();
    // POST .../{code}/participants: the route Api limits per address before handing it on.
    static bool is_join(std::string_view method, std::string_view target);
    void handle(const ApiRequest& request, Respond respond);
    void on_change(ChangeListener listener) { m_listener = std::move(listener); }

    // Live connections of the workshop `code` hear of every change until they are gone.
    void subscribe(const std::string& code, std::weak_ptr<LiveSubscriber> subscriber);
    WorkshopStore& store() { return m_store; }

    // For the live channel (websocket_session.h): the reader behind a token (a participant's or a
    // facilitator's session), or a refusal.
    Outcome<Viewer> viewer_for(const WorkshopRow& w, const std::string& bearer);

private:
    struct Call;
    void changed(const std::string& code);
    Outcome<Viewer> facilitator(const WorkshopRow& w, Call& call);
    void promote(Call& call, const WorkshopRow& w);
    void end_promotion(const std::string& key, const std::shared_ptr<Respond>& first, ApiResponse answer);

    WorkshopStore& m_store;
    Storage& m_accounts;
    IngestQueue& m_ingest;
    const ProgrammeConfig& m_programme;
    const StatusWords& m_words;
    Clock m_clock;
    ChangeListener m_listener;
    std::mutex m_subscribers_mutex;
    std::map<std::string, std::vector<std::weak_ptr<LiveSubscriber>>> m_subscribers;
    // Promotions on their way into the inbox, by workshop and source, with the askers that came
    // meanwhile (a second touch, a second wall): they get the first one's outcome.
    std::mutex m_promoting_mutex;
    std::map<std::string, std::vector<std::shared_ptr<Respond>>> m_promoting;
};

} // namespace idekort::server

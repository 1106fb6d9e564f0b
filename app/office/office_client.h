// OfficeClient: the office app's conversation with idekort-server (docs/API.md): sign in, check
// and end the session, list the inbox's cards, read a card's place in the pipeline and ask for a
// transition. No ImGui here: the screens draw what it answers, and tests can drive it alone.
//
// Every call is asynchronous on the runner's HttpTransport; answers arrive on the frame thread.
// Each answer is an Outcome that says in one word what a person must be told: done, the server
// did not answer, the session expired, someone else changed the card first (with the card as it
// is now), or the server refused (with its words).
#pragma once

#include "app/core/http_transport.h"
#include "common/protocol/accounts.h"
#include "common/protocol/cards.h"
#include "common/protocol/meetings.h"
#include "common/protocol/dashboard.h"
#include "common/protocol/pipeline.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace idekort::office {

struct Outcome {
    enum class Kind {
        Done,
        Unreachable,     // no answer from idekort-server (network, a portal, a proxy's error page)
        SessionExpired,  // 401: the token is no longer good; sign in again
        Refused,         // the server said no (403, 422, a login's wrong password), `message` says why
        Stale,           // 409: the card changed first; `current` is how it is now
        Busy,            // 429/503: try again in a moment
    };
    Kind kind = Kind::Done;
    std::string message;   // the server's words, or the transport's for Unreachable
    std::string error;     // the server's error code, when it gave one
    std::optional<protocol::PipelineCardReply> current;   // Stale (and other refusals that carry it)

    bool ok() const { return kind == Kind::Done; }
};

class OfficeClient {
public:
    OfficeClient(HttpTransport* http, std::string server_url) : m_http(http), m_server(std::move(server_url)) {}

    void set_token(std::string token) { m_token = std::move(token); }
    const std::string& token() const { return m_token; }
    const std::string& server_url() const { return m_server; }
    bool has_transport() const { return m_http != nullptr; }

    void login(const std::string& username, const std::string& password,
               std::function<void(Outcome, protocol::LoginReply)> done);
    void session(std::function<void(Outcome, protocol::SessionReply)> done);
    void logout(std::function<void(Outcome)> done);
    // Every card the account may list, page by page until the last (1,000 a page).
    void list_cards(std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done);
    // "Mine kort" (issue 15): the cards between triage and closing, for a director those of their
    // themes (mine=1), longest in their state first; every page, as list_cards.
    void my_cards(std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done);
    void pipeline(const std::string& card_id, std::function<void(Outcome, protocol::PipelineCardReply)> done);
    void transition(const std::string& card_id, const protocol::TransitionRequest& request,
                    std::function<void(Outcome, protocol::PipelineCardReply)> done);
    // The dashboard's figures for `year` (0: the server's this year), narrowed to `theme` when
    // given; and the same as the server's CSV, for the export.
    void dashboard(std::int64_t year, const std::string& theme, std::function<void(Outcome, protocol::DashboardReply)> done);
    void dashboard_csv(std::int64_t year, const std::string& theme, std::function<void(Outcome, std::string csv)> done);

    // The screening meeting (issue 15): plan one, poll it, a director's scores, the chair's decision.
    void plan_meeting(const protocol::MeetingRequest& request, std::function<void(Outcome, protocol::MeetingReply)> done);
    // The meetings this account may see, the latest date first (from: YYYY-MM-DD, or empty).
    void meetings(const std::string& from, std::function<void(Outcome, protocol::MeetingListReply)> done);
    void meeting(const std::string& meeting_id, std::function<void(Outcome, protocol::MeetingReply)> done);
    void put_scores(const std::string& meeting_id, const std::string& card_id, const protocol::ScoresRequest& request,
                    std::function<void(Outcome, protocol::ScoresReply)> done);
    void decide(const std::string& meeting_id, const std::string& card_id, const protocol::TransitionRequest& request,
                std::function<void(Outcome, protocol::PipelineCardReply)> done);

    // Money committed per theme and step in `year` against the budgets (the test card editor).
    void ledger(int year, std::function<void(Outcome, protocol::LedgerReply)> done);

private:
    using Answer = std::function<void(Outcome, const std::string& body)>;
    void exchange(const std::string& method, const std::string& path, std::string body, Answer done);
    void list_page(std::string query, std::string cursor, std::shared_ptr<std::vector<protocol::StoredCardEntry>> so_far,
                   std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done);

    HttpTransport* m_http;
    std::string m_server;
    std::string m_token;
};

// What a reply says, as an Outcome (exposed for tests of the words).
Outcome outcome_of(const HttpResponse& response);

} // namespace idekort::office

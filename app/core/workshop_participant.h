// WorkshopParticipant: a participant of a live workshop (issue 16) on this device, without an
// account: joining by the code, keeping the participant token in the device store so a reload is
// the same participant (the dots are not doubled), the participant's short cards sent through a
// small durable outbox, the workshop's visible cards by polling `changes?since=R`, and the dot
// vote. No ImGui here: app/capture draws it (workshop_screen.h).
//
// Why an outbox of its own and not the SyncEngine's: a workshop card is another message
// (WorkshopCardRequest) to another route with another credential (the participant token), and it
// needs no receipt code. The guarantees are the same: the card is committed to the device store
// before anything is sent, it is sent under the id it got on the device on every retry (the
// server answers 200 `duplicate` for the same card again), a row leaves the outbox's "waiting"
// only on the server's answer, and a refusal (422, 409) is kept and said, never retried in a loop.
//
// Device store tables (the runner's SqlExecutor, beside the capture app's own):
//   workshop_identity  code -> participant id and token: the only thing kept about a participant
//   workshop_outbox    the participant's cards: request JSON, sent or refused
#pragma once

#include "app/core/http_transport.h"
#include "app/core/sql_executor.h"
#include "common/protocol/workshop.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

// Where joining stands.
enum class WorkshopJoin {
    None,       // no code yet
    Joining,    // reading the store, then asking the server
    Joined,     // a participant token is held (from the store or the server)
    Failed,     // see problem()
};

// What the screen must say (assets/strings: workshop.problem.*).
enum class WorkshopProblem {
    None,
    BadCode,        // what was typed cannot be a code (nothing was sent)
    NoWorkshop,     // 404: no workshop has this code
    Offline,        // no answer, or not idekort-server's
    NoServer,       // this device knows no server to ask
    NoStore,        // the device store failed: nothing could be kept
    VotingClosed,   // 409 voting_closed
    TooManyDots,    // 409 too_many_dots
    Refused,        // another 4xx (words from the server in problem_words())
    Server,         // 5xx
};
std::string_view to_string(WorkshopProblem problem);

// One of this participant's cards on the device.
struct WorkshopOutboxCard {
    std::string card_id;
    std::string title;
    std::string request;            // WorkshopCardRequest JSON, sent as it is on every try
    enum class State { Waiting, Sent, Refused } state = State::Waiting;
    std::string refused_field;      // the member a 422 named
    int attempts = 0;
    double next_try = 0;            // runner time
    bool in_flight = false;         // one exchange per card at a time
};

class WorkshopParticipant {
public:
    // Both may be null (a runner without them): joining then fails with NoStore / NoServer.
    WorkshopParticipant(SqlExecutor* store, HttpTransport* http) : m_store(store), m_http(http) {}

    // `server_url` without the trailing slash; empty: this device knows no server.
    void set_server(std::string server_url);
    const std::string& server() const { return m_server; }

    // Joins the workshop `typed` names (any case, spaces, dashes): the stored identity for that
    // code if this device has one, else a new one from the server, kept before it is used.
    void join(std::string_view typed);
    // Leaves the workshop on this screen (the identity stays in the store for a return).
    void close();

    // Writes the card to the device store, then sends it; `saved` is called once it is committed
    // (or the store failed). Validation is the caller's (the card's own rules).
    void write_card(protocol::WorkshopCardRequest card, std::function<void(Status)> saved);
    // Sets this participant's dots on `card_id` (the server keeps the sum within the budget).
    void vote(const std::string& card_id, std::int64_t dots);

    // Polls and retries when due; returns the seconds until it needs to run again.
    double update(double now);
    // The platform's online event: waiting cards and the poll go at once.
    void network_changed(bool online);

    WorkshopJoin join_state() const { return m_join; }
    WorkshopProblem problem() const { return m_problem; }
    const std::string& problem_words() const { return m_problem_words; }
    const std::string& code() const { return m_code; }
    const std::string& participant_id() const { return m_participant_id; }
    // The workshop as last read (empty before the first answer).
    const std::optional<protocol::WorkshopInfo>& info() const { return m_info; }
    // The cards the server showed this participant, by id, in their current state.
    const std::map<std::string, protocol::WallCard>& cards() const { return m_cards; }
    // The shown cards, most dots first (ties: the order they arrived in).
    std::vector<const protocol::WallCard*> ranking() const;
    std::int64_t dots_left() const { return m_dots_left; }
    std::int64_t my_dots(const std::string& card_id) const;
    const std::vector<WorkshopOutboxCard>& outbox() const { return m_outbox; }
    std::int64_t polls() const { return m_polls; }   // answers applied (tests wait on it)
    bool connected() const { return m_connected; }   // the last exchange reached the server
    bool voting() const { return m_vote_in_flight; }

    static constexpr double poll_interval_seconds = 2.0;
    static constexpr double retry_cap_seconds = 30.0;

private:
    void run(std::vector<SqlStatement> batch, std::function<void(Expected<SqlBatchResult>)> done);
    void send(const std::string& method, const std::string& path, std::string body,
              std::function<void(const HttpResponse&)> done);
    void fail(WorkshopProblem problem, std::string words = {});
    void loaded(const std::string& code, const SqlBatchResult& rows);
    void ask_for_identity();
    void poll();
    void send_card(WorkshopOutboxCard& card);
    WorkshopProblem problem_of(const HttpResponse& r, std::string* words) const;
    WorkshopOutboxCard* find_outbox(const std::string& card_id);

    SqlExecutor* m_store;
    HttpTransport* m_http;
    std::string m_server;
    std::string m_code;
    std::string m_participant_id, m_token;
    WorkshopJoin m_join = WorkshopJoin::None;
    WorkshopProblem m_problem = WorkshopProblem::None;
    std::string m_problem_words;
    bool m_tables_made = false;
    std::optional<protocol::WorkshopInfo> m_info;
    std::map<std::string, protocol::WallCard> m_cards;
    std::map<std::string, std::int64_t> m_arrival;   // card id -> order first seen
    std::map<std::string, std::int64_t> m_my_votes;
    std::int64_t m_revision = 0;
    std::int64_t m_dots_left = 0;
    std::int64_t m_polls = 0;
    std::vector<WorkshopOutboxCard> m_outbox;
    double m_now = 0;
    double m_next_poll = 0;
    bool m_polling = false;
    bool m_connected = false;
    bool m_vote_in_flight = false;
    std::uint64_t m_session = 0;                     // a join; answers to an older one are dropped
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace idekort

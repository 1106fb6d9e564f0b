// WorkshopParticipant (see workshop_participant.h).
#include "app/core/workshop_participant.h"

#include "app/core/sync_protocol.h"
#include "common/card_id.h"
#include "common/clock.h"
#include "common/protocol/errors.h"
#include "common/protocol/message.h"

#include <algorithm>
#include <limits>

namespace idekort {

namespace {

const std::string prefix = protocol::workshop_route::prefix;

SqlStatement stmt(std::string sql, std::vector<SqlValue> params = {}) { return SqlStatement{std::move(sql), std::move(params)}; }
std::string text_at(const SqlRow& row, std::size_t i) { return i < row.size() ? row[i].text : std::string(); }

// The wait before the n-th retry of a card: 1, 2, 4 ... seconds, capped.
double backoff(int attempts) {
    double wait = 1;
    for (int i = 1; i < attempts && wait < WorkshopParticipant::retry_cap_seconds; ++i) wait *= 2;
    return std::min(wait, WorkshopParticipant::retry_cap_seconds);
}

} // namespace

std::string_view to_string(WorkshopProblem problem) {
    switch (problem) {
    case WorkshopProblem::None: return "none";
    case WorkshopProblem::BadCode: return "bad_code";
    case WorkshopProblem::NoWorkshop: return "no_workshop";
    case WorkshopProblem::Offline: return "offline";
    case WorkshopProblem::NoServer: return "no_server";
    case WorkshopProblem::NoStore: return "no_store";
    case WorkshopProblem::VotingClosed: return "voting_closed";
    case WorkshopProblem::TooManyDots: return "too_many_dots";
    case WorkshopProblem::Refused: return "refused";
    case WorkshopProblem::Server: return "server";
    }
    return "none";
}

void WorkshopParticipant::set_server(std::string server_url) {
    while (!server_url.empty() && server_url.back() == '/') server_url.pop_back();
    m_server = std::move(server_url);
}

void WorkshopParticipant::fail(WorkshopProblem problem, std::string words) {
    m_problem = problem;
    m_problem_words = std::move(words);
}

void WorkshopParticipant::run(std::vector<SqlStatement> batch, std::function<void(Expected<SqlBatchResult>)> done) {
    if (!m_tables_made) {
        // The tables first, in the same transaction: a device that never joined has none.
        batch.insert(batch.begin(), {stmt("CREATE TABLE IF NOT EXISTS workshop_identity (code TEXT PRIMARY KEY, "
                                          "participant_id TEXT NOT NULL, token TEXT NOT NULL, joined_at TEXT NOT NULL)"),
                                     stmt("CREATE TABLE IF NOT EXISTS workshop_outbox (card_id TEXT PRIMARY KEY, code TEXT NOT NULL, "
                                          "title TEXT NOT NULL, request TEXT NOT NULL, saved_at TEXT NOT NULL, "
                                          "state TEXT NOT NULL DEFAULT 'waiting', refused_field TEXT NOT NULL DEFAULT '')")});
        std::weak_ptr<int> alive = m_alive;
        m_store->run(std::move(batch), [this, alive, done = std::move(done)](Expected<SqlBatchResult> r) {
            if (alive.expired()) return;
            if (r) {
                m_tables_made = true;
                r.value().erase(r.value().begin(), r.value().begin() + 2);
            }
            done(std::move(r));
        });
        return;
    }
    std::weak_ptr<int> alive = m_alive;
    m_store->run(std::move(batch), [alive, done = std::move(done)](Expected<SqlBatchResult> r) {
        if (!alive.expired()) done(std::move(r));
    });
}

void WorkshopParticipant::send(const std::string& method, const std::string& path, std::string body,
                               std::function<void(const HttpResponse&)> done) {
    HttpRequest request = sync::api_request(method, m_server + path, m_token, std::move(body), 15);
    std::weak_ptr<int> alive = m_alive;
    const std::uint64_t session = m_session;
    m_http->send(std::move(request), [this, alive, session, done = std::move(done)](HttpResponse response) {
        if (alive.expired() || session != m_session) return;   // another workshop meanwhile
        m_connected = response.status != 0 && sync::from_our_server(response);
        done(response);
    });
}

WorkshopProblem WorkshopParticipant::problem_of(const HttpResponse& r, std::string* words) const {
    // Only idekort-server's answers count: a Wi-Fi portal's page is as good as no answer.
    if (r.status == 0 || !sync::from_our_server(r)) return WorkshopProblem::Offline;
    if (r.status >= 200 && r.status < 300) return WorkshopProblem::None;
    auto e = protocol::from_json<protocol::ErrorReply>(r.body);
    if (words && e) *words = e.value().message;
    if (r.status == 404) return WorkshopProblem::NoWorkshop;
    if (r.status == 409 && e && e.value().error == protocol::workshop_error::voting_closed) return WorkshopProblem::VotingClosed;
    if (r.status == 409 && e && e.value().error == protocol::workshop_error::too_many_dots) return WorkshopProblem::TooManyDots;
    if (r.status >= 500 || r.status == 429) return WorkshopProblem::Server;
    return WorkshopProblem::Refused;
}

void WorkshopParticipant::join(std::string_view typed) {
    const std::string code = protocol::normalise_join_code(typed);
    ++m_session;
    m_code.clear();
    m_participant_id.clear();
    m_token.clear();
    m_info.reset();
    m_cards.clear();
    m_arrival.clear();
    m_my_votes.clear();
    m_outbox.clear();
    m_revision = m_dots_left = 0;
    m_polling = m_vote_in_flight = false;
    m_problem = WorkshopProblem::None;
    m_problem_words.clear();
    if (code.empty()) {
        m_join = WorkshopJoin::Failed;
        return fail(WorkshopProblem::BadCode);
    }
    m_code = code;
    if (!m_store) {
        m_join = WorkshopJoin::Failed;
        return fail(WorkshopProblem::NoStore);
    }
    if (!m_http || m_server.empty()) {
        m_join = WorkshopJoin::Failed;
        return fail(WorkshopProblem::NoServer);
    }
    m_join = WorkshopJoin::Joining;
    const std::uint64_t session = m_session;
    run({stmt("SELECT participant_id, token FROM workshop_identity WHERE code = ?1", {SqlValue::of(code)}),
         stmt("SELECT card_id, title, request, state, refused_field FROM workshop_outbox WHERE code = ?1 ORDER BY saved_at",
              {SqlValue::of(code)})},
        [this, session, code](Expected<SqlBatchResult> r) {
            if (session != m_session) return;
            if (!r) {
                m_join = WorkshopJoin::Failed;
                return fail(WorkshopProblem::NoStore, r.error().message);
            }
            loaded(code, r.value());
        });
}

void WorkshopParticipant::loaded(const std::string& code, const SqlBatchResult& rows) {
    for (const SqlRow& row : rows.at(1)) {
        WorkshopOutboxCard card;
        card.card_id = text_at(row, 0);
        card.title = text_at(row, 1);
        card.request = text_at(row, 2);
        const std::string state = text_at(row, 3);
        card.state = state == "sent" ? WorkshopOutboxCard::State::Sent
                     : state == "refused" ? WorkshopOutboxCard::State::Refused : WorkshopOutboxCard::State::Waiting;
        card.refused_field = text_at(row, 4);
        m_outbox.push_back(std::move(card));
    }
    if (!rows.at(0).empty()) {
        // This device joined before: the same participant, with the dots already given.
        m_participant_id = text_at(rows.at(0).front(), 0);
        m_token = text_at(rows.at(0).front(), 1);
        m_join = WorkshopJoin::Joined;
        m_next_poll = 0;
        return;
    }
    (void)code;
    ask_for_identity();
}

void WorkshopParticipant::ask_for_identity() {
    send("POST", prefix + "/" + m_code + "/participants", {}, [this](const HttpResponse& r) {
        std::string words;
        WorkshopProblem p = problem_of(r, &words);
        auto reply = r.status == 201 && p == WorkshopProblem::None ? protocol::from_json<protocol::JoinReply>(r.body)
                                                                     : Expected<protocol::JoinReply>(Error{"", ""});
        if (p == WorkshopProblem::None && !reply) p = WorkshopProblem::Server;
        if (p != WorkshopProblem::None) {
            m_join = WorkshopJoin::Failed;
            return fail(p, words);
        }
        // Kept before it is used: a reload after this commit is the same participant.
        const std::string id = reply.value().participant_id, token = reply.value().token;
        const std::uint64_t session = m_session;
        run({stmt("INSERT INTO workshop_identity (code, participant_id, token, joined_at) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT (code) DO NOTHING",
                  {SqlValue::of(m_code), SqlValue::of(id), SqlValue::of(token), SqlValue::of(utc_now())}),
             stmt("SELECT participant_id, token FROM workshop_identity WHERE code = ?1", {SqlValue::of(m_code)})},
            [this, session](Expected<SqlBatchResult> s) {
                if (session != m_session) return;
                if (!s || s.value().at(1).empty()) {
                    m_join = WorkshopJoin::Failed;
                    return fail(WorkshopProblem::NoStore, s ? std::string() : s.error().message);
                }
                // Another tab may have joined first: its identity is the one kept.
                m_participant_id = text_at(s.value().at(1).front(), 0);
                m_token = text_at(s.value().at(1).front(), 1);
                m_join = WorkshopJoin::Joined;
                m_problem = WorkshopProblem::None;
                m_next_poll = 0;
            });
    });
}

void WorkshopParticipant::close() {
    ++m_session;
    m_join = WorkshopJoin::None;
    m_code.clear();
    m_token.clear();
    m_info.reset();
    m_cards.clear();
    m_outbox.clear();
    m_problem = WorkshopProblem::None;
}

void WorkshopParticipant::write_card(protocol::WorkshopCardRequest card, std::function<void(Status)> saved) {
    if (m_join != WorkshopJoin::Joined || !m_store) {
        if (saved) saved(Error{"not joined to a workshop", "workshop"});
        return;
    }
    WorkshopOutboxCard row;
    row.card_id = to_string(new_uuid());
    row.title = card.title;
    row.request = protocol::to_json(card);
    const std::uint64_t session = m_session;
    run({stmt("INSERT INTO workshop_outbox (card_id, code, title, request, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)",
              {SqlValue::of(row.card_id), SqlValue::of(m_code), SqlValue::of(row.title), SqlValue::of(row.request),
               SqlValue::of(utc_now())})},
        [this, session, row, saved](Expected<SqlBatchResult> r) {
            if (r && session == m_session) {
                m_outbox.push_back(row);   // sent by the next update(), now
                m_outbox.back().next_try = 0;
            }
            if (saved) saved(r ? Status{} : Status{r.error()});
        });
}

WorkshopOutboxCard* WorkshopParticipant::find_outbox(const std::string& card_id) {
    for (WorkshopOutboxCard& c : m_outbox)
        if (c.card_id == card_id) return &c;
    return nullptr;
}

void WorkshopParticipant::send_card(WorkshopOutboxCard& card) {
    card.in_flight = true;
    ++card.attempts;
    const std::string id = card.card_id;
    send("PUT", prefix + "/" + m_code + "/cards/" + id, card.request, [this, id](const HttpResponse& r) {
        WorkshopOutboxCard* c = find_outbox(id);
        if (!c) return;
        std::string words;
        const WorkshopProblem p = problem_of(r, &words);
        std::string state;
        if (p == WorkshopProblem::None) {
            state = "sent";   // 201, or 200 duplicate: the server has it once either way
        } else if (p == WorkshopProblem::Refused || p == WorkshopProblem::NoWorkshop) {
            // A person must look (the text is too long, another card has this id): kept, not retried.
            state = "refused";
            if (auto e = protocol::from_json<protocol::ErrorReply>(r.body)) c->refused_field = e.value().field;
        } else {
            c->in_flight = false;
            c->next_try = m_now + backoff(c->attempts);
            return;
        }
        const std::string field = c->refused_field;
        run({stmt("UPDATE workshop_outbox SET state = ?2, refused_field = ?3 WHERE card_id = ?1",
                  {SqlValue::of(id), SqlValue::of(state), SqlValue::of(field)})},
            [this, id, state](Expected<SqlBatchResult> s) {
                WorkshopOutboxCard* row = find_outbox(id);
                if (!row) return;
                // Still in flight until the device stored the answer (no second PUT meanwhile);
                // shown as sent only then. A failed write is sent again (the server says 200 duplicate).
                row->in_flight = false;
                if (s) row->state = state == "sent" ? WorkshopOutboxCard::State::Sent : WorkshopOutboxCard::State::Refused;
                else row->next_try = m_now + 1;
            });
        m_next_poll = 0;   // the card on the list at once
    });
}

void WorkshopParticipant::poll() {
    m_polling = true;
    send("GET", prefix + "/" + m_code + "/changes?since=" + std::to_string(m_revision), {}, [this](const HttpResponse& r) {
        m_polling = false;
        m_next_poll = m_now + poll_interval_seconds;
        std::string words;
        WorkshopProblem p = problem_of(r, &words);
        auto changes = p == WorkshopProblem::None ? protocol::from_json<protocol::WorkshopChanges>(r.body)
                                                  : Expected<protocol::WorkshopChanges>(Error{"", ""});
        if (p == WorkshopProblem::None && !changes) p = WorkshopProblem::Server;
        if (p != WorkshopProblem::None) {
            // The list stays as last seen; a vote's own problem is not overwritten by a poll's.
            if (m_problem == WorkshopProblem::None || m_problem == WorkshopProblem::Offline || m_problem == WorkshopProblem::Server)
                fail(p, words);
            return;
        }
        const protocol::WorkshopChanges& c = changes.value();
        if (c.workshop) m_info = *c.workshop;
        for (const protocol::WallCard& card : c.cards) {
            if (!m_arrival.count(card.card_id)) m_arrival[card.card_id] = static_cast<std::int64_t>(m_arrival.size());
            m_cards[card.card_id] = card;
        }
        if (c.dots_left) m_dots_left = *c.dots_left;
        if (c.dots_left) {
            // Every answer carries the participant's votes whole.
            m_my_votes.clear();
            for (const protocol::VoteRequest& v : c.my_votes) m_my_votes[v.card_id] = v.dots;
        }
        m_revision = std::max(m_revision, c.revision);
        ++m_polls;
        if (m_problem == WorkshopProblem::Offline || m_problem == WorkshopProblem::Server) fail(WorkshopProblem::None);
    });
}

void WorkshopParticipant::vote(const std::string& card_id, std::int64_t dots) {
    if (m_join != WorkshopJoin::Joined || m_vote_in_flight) return;
    m_vote_in_flight = true;
    protocol::VoteRequest request{card_id, std::max<std::int64_t>(0, dots)};
    send("PUT", prefix + "/" + m_code + "/votes", protocol::to_json(request), [this](const HttpResponse& r) {
        m_vote_in_flight = false;
        std::string words;
        const WorkshopProblem p = problem_of(r, &words);
        fail(p, words);
        m_next_poll = 0;   // the dots and the ranking as the server has them
    });
}

std::int64_t WorkshopParticipant::my_dots(const std::string& card_id) const {
    const auto it = m_my_votes.find(card_id);
    return it == m_my_votes.end() ? 0 : it->second;
}

std::vector<const protocol::WallCard*> WorkshopParticipant::ranking() const {
    std::vector<const protocol::WallCard*> shown;
    for (const auto& [id, card] : m_cards)
        if (card.status == "shown") shown.push_back(&card);
    std::stable_sort(shown.begin(), shown.end(), [&](const protocol::WallCard* a, const protocol::WallCard* b) {
        if (a->dots != b->dots) return a->dots > b->dots;
        return m_arrival.at(a->card_id) < m_arrival.at(b->card_id);
    });
    return shown;
}

void WorkshopParticipant::network_changed(bool online) {
    if (!online) return;
    for (WorkshopOutboxCard& c : m_outbox) c.next_try = 0;
    m_next_poll = 0;
}

double WorkshopParticipant::update(double now) {
    m_now = now;
    if (m_join != WorkshopJoin::Joined) return std::numeric_limits<double>::infinity();
    double due = std::numeric_limits<double>::infinity();
    for (WorkshopOutboxCard& c : m_outbox) {
        if (c.state != WorkshopOutboxCard::State::Waiting || c.in_flight) continue;
        if (now >= c.next_try) send_card(c);
        else due = std::min(due, c.next_try - now);
    }
    if (!m_polling && now >= m_next_poll) poll();
    due = std::min(due, m_polling ? poll_interval_seconds : std::max(0.0, m_next_poll - now));
    return due;
}

} // namespace idekort

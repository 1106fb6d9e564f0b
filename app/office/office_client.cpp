// OfficeClient (see office_client.h).
#include "app/office/office_client.h"

#include "app/core/sync_protocol.h"
#include "common/protocol/errors.h"
#include "common/protocol/message.h"
#include "common/protocol/wire.h"

#include <memory>

namespace idekort::office {

Outcome outcome_of(const HttpResponse& response) {
    Outcome o;
    // Only idekort-server's own answers count: a portal or a proxy's 502 has no identity header.
    const bool ours = response.header(protocol::lower_case(protocol::identity_header)).rfind(protocol::identity_prefix, 0) == 0;
    if (response.status == 0 || !ours) {
        o.kind = Outcome::Kind::Unreachable;
        o.message = response.status == 0 ? response.network_error : "HTTP " + std::to_string(response.status);
        return o;
    }
    if (response.status >= 200 && response.status < 300) return o;
    // A refusal of a transition carries the card as it is now; every other one is an ErrorReply.
    if (auto refusal = protocol::from_json<protocol::TransitionRefusalReply>(response.body)) {
        o.error = refusal.value().error;
        o.message = refusal.value().message;
        o.current = refusal.value().current;
    }
    if (response.status == 401) o.kind = o.error == protocol::error_code::invalid_credentials ? Outcome::Kind::Refused
                                                                                                : Outcome::Kind::SessionExpired;
    else if (response.status == 409) o.kind = o.current ? Outcome::Kind::Stale : Outcome::Kind::Refused;
    else if (response.status == 429 || response.status == 503) o.kind = Outcome::Kind::Busy;
    else o.kind = Outcome::Kind::Refused;
    if (o.message.empty()) o.message = "HTTP " + std::to_string(response.status);
    return o;
}

void OfficeClient::exchange(const std::string& method, const std::string& path, std::string body, Answer done) {
    if (!m_http) {
        Outcome o;
        o.kind = Outcome::Kind::Unreachable;
        o.message = "no network on this platform";
        return done(o, {});
    }
    m_http->send(sync::api_request(method, m_server + path, m_token, std::move(body), 20), [done](HttpResponse response) { done(outcome_of(response), response.body); });
}

namespace {
// A meeting's card route: both of its segments filled (the server's ids are URL-safe text).
std::string meeting_card_path(std::string pattern, const std::string& meeting_id, const std::string& card_id) {
    const auto fill = [&pattern](const std::string& name, const std::string& value) {
        const auto at = pattern.find(name);
        if (at != std::string::npos) pattern.replace(at, name.size(), value);
    };
    fill("{meeting}", meeting_id);
    fill("{uuid}", card_id);
    return pattern;
}
// A 2xx whose body is not the promised message is the server's fault, said as a refusal.
template <class Reply>
void read_reply(Outcome o, const std::string& body, const std::function<void(Outcome, Reply)>& done) {
    if (!o.ok()) return done(o, Reply{});
    auto reply = protocol::from_json<Reply>(body);
    if (!reply) {
        o.kind = Outcome::Kind::Refused;
        o.message = "unreadable reply: " + reply.error().describe();
        return done(o, Reply{});
    }
    done(o, std::move(reply).value());
}
} // namespace

void OfficeClient::login(const std::string& username, const std::string& password,
                         std::function<void(Outcome, protocol::LoginReply)> done) {
    const protocol::LoginRequest request{username, password};
    exchange("POST", protocol::route::login, protocol::to_json(request), [this, done](Outcome o, const std::string& body) {
        read_reply<protocol::LoginReply>(o, body, [this, done](Outcome o2, protocol::LoginReply reply) {
            if (o2.ok()) m_token = reply.token;
            done(o2, std::move(reply));
        });
    });
}

void OfficeClient::session(std::function<void(Outcome, protocol::SessionReply)> done) {
    exchange("GET", protocol::route::session, {},
             [done](Outcome o, const std::string& body) { read_reply<protocol::SessionReply>(o, body, done); });
}

void OfficeClient::logout(std::function<void(Outcome)> done) {
    exchange("POST", protocol::route::logout, {}, [done](Outcome o, const std::string&) { done(o); });
}

void OfficeClient::list_cards(std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done) {
    list_page("?limit=1000", {}, std::make_shared<std::vector<protocol::StoredCardEntry>>(), std::move(done));
}

void OfficeClient::my_cards(std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done) {
    list_page("?mine=1&sort=state_since&order=asc&limit=1000", {}, std::make_shared<std::vector<protocol::StoredCardEntry>>(), std::move(done));
}

void OfficeClient::list_page(std::string query, std::string cursor, std::shared_ptr<std::vector<protocol::StoredCardEntry>> so_far,
                             std::function<void(Outcome, std::vector<protocol::StoredCardEntry>)> done) {
    std::string path = std::string(protocol::route::cards) + query;
    if (!cursor.empty()) path += "&cursor=" + cursor;   // the server's cursors are URL-safe text
    exchange("GET", path, {}, [this, query, so_far, done](Outcome o, const std::string& body) {
        read_reply<protocol::CardListReply>(o, body, [this, query, so_far, done](Outcome o2, protocol::CardListReply page) {
            if (!o2.ok()) return done(o2, {});
            for (auto& card : page.cards) so_far->push_back(std::move(card));
            if (page.next_cursor && !page.next_cursor->empty()) return list_page(query, *page.next_cursor, so_far, done);
            done(o2, std::move(*so_far));
        });
    });
}

void OfficeClient::pipeline(const std::string& card_id, std::function<void(Outcome, protocol::PipelineCardReply)> done) {
    exchange("GET", protocol::path(protocol::route::card_pipeline, card_id), {},
             [done](Outcome o, const std::string& body) { read_reply<protocol::PipelineCardReply>(o, body, done); });
}

void OfficeClient::transition(const std::string& card_id, const protocol::TransitionRequest& request,
                              std::function<void(Outcome, protocol::PipelineCardReply)> done) {
    exchange("POST", protocol::path(protocol::route::card_transitions, card_id), protocol::to_json(request),
             [done](Outcome o, const std::string& body) { read_reply<protocol::PipelineCardReply>(o, body, done); });
}

void OfficeClient::plan_meeting(const protocol::MeetingRequest& request, std::function<void(Outcome, protocol::MeetingReply)> done) {
    exchange("POST", protocol::route::meetings, protocol::to_json(request),
             [done](Outcome o, const std::string& body) { read_reply<protocol::MeetingReply>(o, body, done); });
}

void OfficeClient::meetings(const std::string& from, std::function<void(Outcome, protocol::MeetingListReply)> done) {
    std::string path = protocol::route::meetings;
    if (!from.empty()) path += "?from=" + from;   // a date: digits and dashes, nothing to escape
    exchange("GET", path, {}, [done](Outcome o, const std::string& body) { read_reply<protocol::MeetingListReply>(o, body, done); });
}

void OfficeClient::meeting(const std::string& meeting_id, std::function<void(Outcome, protocol::MeetingReply)> done) {
    exchange("GET", protocol::path(protocol::route::meeting, meeting_id), {},
             [done](Outcome o, const std::string& body) { read_reply<protocol::MeetingReply>(o, body, done); });
}

void OfficeClient::put_scores(const std::string& meeting_id, const std::string& card_id, const protocol::ScoresRequest& request,
                              std::function<void(Outcome, protocol::ScoresReply)> done) {
    exchange("PUT", meeting_card_path(protocol::route::meeting_scores, meeting_id, card_id), protocol::to_json(request),
             [done](Outcome o, const std::string& body) { read_reply<protocol::ScoresReply>(o, body, done); });
}

void OfficeClient::decide(const std::string& meeting_id, const std::string& card_id, const protocol::TransitionRequest& request,
                          std::function<void(Outcome, protocol::PipelineCardReply)> done) {
    exchange("POST", meeting_card_path(protocol::route::meeting_decision, meeting_id, card_id), protocol::to_json(request),
             [done](Outcome o, const std::string& body) { read_reply<protocol::PipelineCardReply>(o, body, done); });
}

namespace {
std::string dashboard_path(std::int64_t year, const std::string& theme, const char* format) {
    std::string path = std::string(protocol::route::dashboard) + "?format=" + format;
    if (year > 0) path += "&year=" + std::to_string(year);
    if (!theme.empty()) path += "&theme=" + theme;   // the programme's theme ids are URL-safe
    return path;
}
} // namespace

void OfficeClient::dashboard(std::int64_t year, const std::string& theme, std::function<void(Outcome, protocol::DashboardReply)> done) {
    exchange("GET", dashboard_path(year, theme, "json"), {},
             [done](Outcome o, const std::string& body) { read_reply<protocol::DashboardReply>(o, body, done); });
}

void OfficeClient::dashboard_csv(std::int64_t year, const std::string& theme, std::function<void(Outcome, std::string csv)> done) {
    exchange("GET", dashboard_path(year, theme, "csv"), {}, [done](Outcome o, const std::string& body) {
        done(o, o.ok() ? body : std::string());
    });
}

void OfficeClient::ledger(int year, std::function<void(Outcome, protocol::LedgerReply)> done) {
    exchange("GET", std::string(protocol::route::ledger) + "?year=" + std::to_string(year), {},
             [done](Outcome o, const std::string& body) { read_reply<protocol::LedgerReply>(o, body, done); });
}

} // namespace idekort::office

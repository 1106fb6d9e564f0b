// CardFollow (see card_follow.h).
#include "app/core/card_follow.h"

#include "app/core/sync_protocol.h"
#include "common/card_id.h"
#include "common/json_guard.h"
#include "common/protocol/protocol.h"

namespace idekort {

std::string_view to_string(FollowOutcome outcome) {
    switch (outcome) {
    case FollowOutcome::None: return "none";
    case FollowOutcome::Asking: return "asking";
    case FollowOutcome::Found: return "found";
    case FollowOutcome::BadCode: return "bad_code";
    case FollowOutcome::Unknown: return "unknown";
    case FollowOutcome::NoServer: return "no_server";
    case FollowOutcome::Offline: return "offline";
    case FollowOutcome::TooMany: return "too_many";
    case FollowOutcome::ServerError: return "server_error";
    }
    return "none";
}

HttpRequest status_request(std::string_view base_url, std::string_view receipt, double timeout_seconds) {
    return sync::api_request("GET", sync::join_url(base_url, protocol::path(protocol::route::card_status, receipt)), {}, {},
                             timeout_seconds);
}

FollowAnswer classify_status_response(const HttpResponse& response, std::string receipt) {
    FollowAnswer a;
    a.receipt = std::move(receipt);
    a.http_status = response.status;
    // A portal's or proxy's page is no answer from the programme: said as no connection.
    if (!sync::from_our_server(response)) {
        a.outcome = FollowOutcome::Offline;
        return a;
    }
    if (response.status == 404) a.outcome = FollowOutcome::Unknown;
    else if (response.status == 429) a.outcome = FollowOutcome::TooMany;
    else if (response.status == 400) a.outcome = FollowOutcome::BadCode;   // the server's rules are stricter
    else if (response.status != 200) a.outcome = FollowOutcome::ServerError;
    else {
        JsonLimits limits;
        limits.max_bytes = 64 * 1024;
        limits.max_depth = 4;
        auto reply = protocol::from_json<protocol::CardStatusReply>(response.body, limits);
        // Our server, but not the reply the contract promises: a failure, not a stage.
        if (!reply || reply.value().receipt != a.receipt) a.outcome = FollowOutcome::ServerError;
        else {
            a.outcome = FollowOutcome::Found;
            a.status = std::move(reply).value();
        }
    }
    return a;
}

void CardFollow::ask(std::string_view typed, const std::string& base_url) {
    const std::uint64_t asked = ++m_asked;
    m_answer = FollowAnswer{};
    auto code = normalise_receipt_code(typed);
    if (!code) {
        m_answer.outcome = FollowOutcome::BadCode;
        return;
    }
    m_answer.receipt = code.value();
    if (base_url.empty() || !m_http) {
        m_answer.outcome = FollowOutcome::NoServer;
        return;
    }
    m_answer.outcome = FollowOutcome::Asking;
    std::weak_ptr<int> alive = m_alive;
    m_http->send(status_request(base_url, m_answer.receipt, 15), [this, alive, asked, receipt = m_answer.receipt](HttpResponse r) {
        if (alive.expired() || asked != m_asked) return;
        m_answer = classify_status_response(r, receipt);
    });
}

void CardFollow::forget() {
    ++m_asked;
    m_answer = FollowAnswer{};
}

} // namespace idekort

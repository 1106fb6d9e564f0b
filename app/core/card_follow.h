// CardFollow: "Følg din idé" (issue 15, the capture app's part). A receipt code a person typed,
// or one of this device's sent cards, is asked at the server's public status route
// (GET /api/v1/status/{receipt}, docs/API.md) and the answer sorted into what the screen says:
// the stage in words, what happens next and, once closed, the feedback; or why there is no
// answer (the code is not a code, no card has it yet, no connection, the server failed) so the
// person can try again with the code still typed. No ImGui here: app/capture draws it.
#pragma once

#include "app/core/http_transport.h"
#include "common/protocol/cards.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace idekort {

enum class FollowOutcome {
    None,          // nothing asked yet
    Asking,        // the request is out
    Found,         // 200: `status` holds the stage
    BadCode,       // what was typed is no receipt code (nothing was sent)
    Unknown,       // 404: no card has this code (yet: a card still waiting on a device)
    NoServer,      // this device has no server to ask (not enrolled, no --server)
    Offline,       // no answer, or not idekort-server's (a Wi-Fi portal, a proxy's page)
    TooMany,       // 429: the status route's limit per address
    ServerError,   // the server answered with a failure (5xx, or a reply it should not give)
};
std::string_view to_string(FollowOutcome outcome);

struct FollowAnswer {
    FollowOutcome outcome = FollowOutcome::None;
    std::string receipt;                 // the canonical code asked for ("7K3M-Q9XD")
    protocol::CardStatusReply status;    // Found
    int http_status = 0;                 // what the server answered, for the words of a failure
};

// The request for `receipt` (canonical) at `base_url`.
HttpRequest status_request(std::string_view base_url, std::string_view receipt, double timeout_seconds);
// What an answer to status_request() means.
FollowAnswer classify_status_response(const HttpResponse& response, std::string receipt);

class CardFollow {
public:
    // `http` may be null (a runner without HTTP): every ask then ends in NoServer.
    explicit CardFollow(HttpTransport* http) : m_http(http) {}

    // Normalises `typed` (common/card_id.h: lower case, O for 0, I and L for 1, spaces and
    // dashes) and asks `base_url`; an empty base URL means this device has no server. A newer
    // ask replaces an older one: a late answer to the older is dropped.
    void ask(std::string_view typed, const std::string& base_url);
    const FollowAnswer& answer() const { return m_answer; }
    // Forgets the code and the answer, and drops an answer still on its way (a kiosk's idle wipe).
    void forget();

private:
    HttpTransport* m_http;
    FollowAnswer m_answer;
    std::uint64_t m_asked = 0;                                   // the ask an answer belongs to
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);     // answers after destruction drop
};

} // namespace idekort

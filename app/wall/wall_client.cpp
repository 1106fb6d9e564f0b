// The wall's exchanges with idekort-server (see wall_client.h).
#include "app/wall/wall_client.h"

#include "app/core/sync_protocol.h"
#include "common/protocol/accounts.h"
#include "common/protocol/errors.h"
#include "common/protocol/message.h"
#include "common/protocol/wire.h"
#include "common/protocol/workshop.h"

namespace idekort::wall {

namespace {
const std::string prefix = protocol::workshop_route::prefix;
}

WallClient::WallClient(HttpTransport* http, std::string server_url, LiveChannel* live)
    : m_http(http), m_server(std::move(server_url)), m_live(live) {
    while (!m_server.empty() && m_server.back() == '/') m_server.pop_back();
}

std::string WallClient::join_url() const {
    const auto& info = m_board.workshop();
    return m_server + (info ? info->join_path : "/workshop/?workshop=" + m_code);
}

ProblemReport WallClient::problem_of(const HttpResponse& r) {
    ProblemReport p;
    p.status = r.status;
    if (r.status >= 200 && r.status < 300) return p;
    if (r.status == 0) p.kind = Problem::Offline;
    else if (r.status == 401) p.kind = Problem::SignIn;
    else if (r.status == 404) p.kind = Problem::NoWorkshop;
    else if (r.status >= 400 && r.status < 500) p.kind = Problem::Refused;
    else p.kind = Problem::Server;
    if (auto e = protocol::from_json<protocol::ErrorReply>(r.body)) p.field = e.value().field;
    return p;
}

void WallClient::send(const std::string& method, const std::string& path, std::string body, std::function<void(const HttpResponse&)> done) {
    if (!m_http) {
        HttpResponse none;
        none.network_error = "no HTTP on this platform";
        return done(none);
    }
    HttpRequest request = sync::api_request(method, m_server + path, m_token, std::move(body), 10);
    ++m_in_flight;
    m_http->send(std::move(request), [this, done = std::move(done)](HttpResponse response) {
        --m_in_flight;
        done(response);
    });
}

void WallClient::sign_in(const std::string& username, const std::string& password, Done done) {
    protocol::LoginRequest login{username, password};
    send("POST", "/api/v1/admin/login", protocol::to_json(login), [this, done](const HttpResponse& r) {
        ProblemReport p = problem_of(r);
        if (p.kind == Problem::Refused && r.status != 429) p.kind = Problem::SignIn;   // 403/422: the same words
        auto reply = r.status == 200 ? protocol::from_json<protocol::LoginReply>(r.body) : Expected<protocol::LoginReply>(Error{"", ""});
        if (r.status == 200 && reply) m_token = reply.value().token;
        else if (r.status == 200) p.kind = Problem::Server;   // a 200 that is no login answer (a portal page)
        m_problem = p;
        done(p);
    });
}

void WallClient::sign_out() {
    if (!m_token.empty()) send("POST", protocol::route::logout, {}, [](const HttpResponse&) {});
    if (m_live && m_live_open) m_live->close();
    m_live_open = m_live_up = false;
    m_token.clear();
    m_code.clear();
    m_board.clear();
    m_problem = {};
}

void WallClient::create(const protocol::CreateWorkshopRequest& settings, Done done) {
    send("POST", prefix, protocol::to_json(settings), [this, done](const HttpResponse& r) {
        ProblemReport p = problem_of(r);
        auto info = r.status == 201 ? protocol::from_json<protocol::WorkshopInfo>(r.body) : Expected<protocol::WorkshopInfo>(Error{"", ""});
        if (r.status == 201 && info) {
            m_board.clear();
            m_code = info.value().code;
            protocol::WorkshopChanges first;
            first.workshop = info.value();
            m_board.apply(first);
            poll_soon();
            start_live();
        } else if (r.status == 201) {
            p.kind = Problem::Server;
        }
        m_problem = p;
        done(p);
    });
}

void WallClient::open(const std::string& typed_code, Done done) {
    const std::string code = protocol::normalise_join_code(typed_code);
    if (code.empty()) {
        ProblemReport p{Problem::NoWorkshop, "code", 0};
        m_problem = p;
        return done(p);
    }
    // The facilitator's own changes answer tells whether this session runs the workshop.
    send("GET", prefix + "/" + code + "/changes?since=0", {}, [this, code, done](const HttpResponse& r) {
        ProblemReport p = problem_of(r);
        auto changes = r.status == 200 ? protocol::from_json<protocol::WorkshopChanges>(r.body) : Expected<protocol::WorkshopChanges>(Error{"", ""});
        if (r.status == 200 && changes) {
            m_board.clear();
            m_code = code;
            m_board.apply(changes.value());
            ++m_polls;
            m_next_poll = m_now + poll_interval_seconds;
            start_live();
        } else if (r.status == 200) {
            p.kind = Problem::Server;
        }
        m_problem = p;
        done(p);
    });
}

// The WebSocket (docs/API.md, "Live channel"): subscribed from the board's revision, every
// "changes" message applied by id like a poll's answer, so a reconnect has no gap and no double.
void WallClient::start_live() {
    if (!m_live || m_code.empty() || m_token.empty()) return;
    std::string url = m_server;
    if (url.rfind("http://", 0) == 0) url = "ws://" + url.substr(7);
    else if (url.rfind("https://", 0) == 0) url = "wss://" + url.substr(8);
    protocol::LiveSubscribe subscribe{m_token, m_board.revision()};
    m_live_open = true;
    m_live_up = false;
    const std::string code = m_code;
    m_live->open(url + prefix + "/" + code + protocol::live_suffix, protocol::to_json(subscribe),
                 {[this](const std::string& text) { live_message(text); },
                  [this](const std::string&) {
                      // Closed or never opened (a proxy that blocks WebSocket): poll, try again later.
                      m_live_open = m_live_up = false;
                      m_live_retry = m_now + live_retry_seconds;
                      poll_soon();
                  }});
}

void WallClient::live_message(const std::string& text) {
    json::ObjectReader reader(text, protocol::message_limits());
    const std::string type = reader.text("type");
    if (type != "changes") return;   // an error is followed by the close
    auto changes = protocol::from_json<protocol::WorkshopChanges>(reader.json_text("changes"));
    if (!changes) return;
    m_board.apply(changes.value());
    m_live_up = true;
    ++m_live_messages;
    m_problem = {};
}

double WallClient::update(double now) {
    m_now = now;
    if (m_code.empty() || m_token.empty()) return std::numeric_limits<double>::infinity();
    if (m_live && !m_live_open && now >= m_live_retry) start_live();
    if (m_live_up) return m_live_retry > now ? m_live_retry - now : std::numeric_limits<double>::infinity();
    if (m_polling) return poll_interval_seconds;
    if (now < m_next_poll) return m_next_poll - now;
    m_polling = true;
    const std::string code = m_code;
    send("GET", prefix + "/" + code + "/changes?since=" + std::to_string(m_board.revision()), {}, [this, code](const HttpResponse& r) {
        m_polling = false;
        m_next_poll = m_now + poll_interval_seconds;
        if (code != m_code) return;   // another workshop was opened meanwhile
        auto changes = r.status == 200 ? protocol::from_json<protocol::WorkshopChanges>(r.body) : Expected<protocol::WorkshopChanges>(Error{"", ""});
        if (r.status == 200 && changes) {
            m_board.apply(changes.value());
            ++m_polls;
            m_problem = {};
        } else {
            m_problem = problem_of(r);
            if (m_problem.kind == Problem::None) m_problem.kind = Problem::Server;
        }
    });
    return poll_interval_seconds;
}

void WallClient::action(const std::string& path, std::string body) {
    send("POST", prefix + "/" + m_code + path, std::move(body), [this](const HttpResponse& r) {
        m_problem = problem_of(r);
        poll_soon();
    });
}

void WallClient::make_cluster(const std::string& name, const std::string& colour, const std::string& theme) {
    protocol::ClusterRequest request;
    request.name = name;
    request.colour = colour;
    request.theme = theme;
    action("/clusters", protocol::to_json(request));
}

void WallClient::move_to_cluster(const std::string& card_id, const std::string& cluster_id) {
    protocol::CardMoveRequest request;
    request.cluster_id = cluster_id;
    action("/cards/" + card_id + "/move", protocol::to_json(request));
}

void WallClient::set_hidden(const std::string& card_id, bool hidden) {
    protocol::CardMoveRequest request;
    request.hidden = hidden;
    action("/cards/" + card_id + "/move", protocol::to_json(request));
}

void WallClient::merge(const std::string& card_id, const std::string& into_card_id) {
    protocol::CardMoveRequest request;
    request.merge_into = into_card_id;
    action("/cards/" + card_id + "/move", protocol::to_json(request));
}

void WallClient::set_voting(bool open) {
    protocol::VotingRequest request;
    request.open = open;
    action("/voting", protocol::to_json(request));
}

void WallClient::fetch_export(const std::string& format, const std::string& language, Exported done) {
    const std::string code = m_code;
    send("GET", prefix + "/" + code + "/export?format=" + format + "&lang=" + language, {}, [this, code, format, done](const HttpResponse& r) {
        ProblemReport p = problem_of(r);
        m_problem = p;
        // The summary is a page to print (HTML); the others keep their format's ending.
        const std::string name = "workshop-" + code + (format == "summary" ? "-summary.html" : "." + format);
        done(p, name, p.kind == Problem::None ? r.body : std::string());
    });
}

void WallClient::promote(const protocol::PromoteRequest& what, Promoted done) {
    send("POST", prefix + "/" + m_code + "/promote", protocol::to_json(what), [this, done](const HttpResponse& r) {
        ProblemReport p = problem_of(r);
        // 201: a new inbox card; 200: promoted before (by this wall or an earlier one), the same card.
        const bool promoted = r.status == 201 || r.status == 200;
        auto reply = promoted ? protocol::from_json<protocol::PromoteReply>(r.body) : Expected<protocol::PromoteReply>(Error{"", ""});
        if (promoted && !reply) p.kind = Problem::Server;
        m_problem = p;
        done(p, promoted && reply ? &reply.value() : nullptr);
    });
}

} // namespace idekort::wall

// The live workshop's routes (see workshop_api.h).
#include "server/api/workshop_api.h"

#include "server/api/workshop_summary.h"

#include "common/card_fields.h"
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/protocol/errors.h"
#include "common/protocol/message.h"
#include "common/protocol/protocol.h"
#include "common/rfc3339.h"
#include "common/text.h"
#include "server/api/card_export.h"
#include "server/api/crypto.h"
#include "server/http/http_server.h"

#include <algorithm>
#include <map>
#include <memory>

namespace idekort::server {

namespace {

namespace code = protocol::error_code;
const std::string prefix = protocol::workshop_route::prefix;

std::string bearer(std::string_view header) {
    if (header.size() < 7) return {};
    std::string scheme(header.substr(0, 7));
    for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return scheme == "bearer " ? std::string(text::trim(header.substr(7))) : std::string();
}

// A refusal as the API's error body, for an answer now or one sent later to every waiting asker.
std::string refusal_body(const WorkshopRefusal& r) { return protocol::error_body(r.error, r.message, r.field); }

// A participant's text: control characters out, valid UTF-8, within the card's own limits.
std::optional<WorkshopRefusal> check_text(std::string& value, const char* field, bool required) {
    if (!text::is_valid_utf8(value)) return WorkshopRefusal{422, code::validation, std::string(field) + " is not valid UTF-8 text", field};
    value = std::string(text::trim(text::strip_control_characters(value, true)));
    if (required && value.empty()) return WorkshopRefusal{422, code::validation, std::string(field) + " is required", field};
    const CardField* spec = find_card_field(field);
    if (spec && spec->max_chars && text::count_characters(value) > spec->max_chars)
        return WorkshopRefusal{422, code::validation,
                       std::string(field) + " is longer than " + std::to_string(spec->max_chars) + " characters", field};
    return std::nullopt;
}

} // namespace

struct WorkshopApi::Call {
    const ApiRequest& request;
    std::shared_ptr<Respond> respond;
    std::string method;
    std::vector<std::string> segments;            // after the prefix, decoded
    std::map<std::string, std::string> query;
    std::string route;                            // the pattern, for metrics and logs
    bool answered = false;

    void reply(ApiResponse r) {
        if (answered) return;
        answered = true;
        r.route = method + " " + route;
        (*respond)(std::move(r));
    }
    void json(int status, std::string body) { reply(ApiResponse{status, protocol::json_content_type, std::move(body), {}, {}}); }
    template <class Message>
    void send(int status, const Message& m) { json(status, protocol::to_json(m)); }
    void refuse(const WorkshopRefusal& r) { json(r.status, refusal_body(r)); }
    // The reply for this route as one that is answered later (the ingest queue's thread).
    ApiResponse later(int status, std::string body) const {
        ApiResponse r{status, protocol::json_content_type, std::move(body), {}, {}};
        r.route = method + " " + route;
        return r;
    }
    void error(int status, std::string error, std::string message, std::string field = {}) {
        refuse(WorkshopRefusal{status, std::move(error), std::move(message), std::move(field)});
    }
    // The body as a message, or a refusal already sent.
    // After the caller's token was checked, as on the card API's routes: who may not call a
    // route learns nothing about its body.
    template <class Message>
    std::optional<Message> body() {
        if (!request.body.empty() && request.content_type.rfind("application/json", 0) != 0) {
            error(415, code::unsupported_media_type, "the body must be JSON sent as Content-Type: application/json");
            return std::nullopt;
        }
        JsonLimits limits;
        limits.max_bytes = 64 * 1024;
        auto parsed = protocol::from_request_body<Message>(request.body, limits);
        if (parsed) return parsed.value();
        if (protocol::is_document_error(parsed.error())) error(400, code::invalid_json, parsed.error().describe(), "body");
        else error(422, code::validation, parsed.error().describe(), parsed.error().where);
        return std::nullopt;
    }
};

WorkshopApi::WorkshopApi(WorkshopStore& store, Storage& accounts, IngestQueue& ingest, const ProgrammeConfig& programme,
                         const StatusWords& words, Clock clock)
    : m_store(store), m_accounts(accounts), m_ingest(ingest), m_programme(programme), m_words(words), m_clock(std::move(clock)) {}

void WorkshopApi::subscribe(const std::string& code, std::weak_ptr<LiveSubscriber> subscriber) {
    std::lock_guard lock(m_subscribers_mutex);
    auto& list = m_subscribers[code];
    list.erase(std::remove_if(list.begin(), list.end(), [](const auto& s) { return s.expired(); }), list.end());
    list.push_back(std::move(subscriber));
}

void WorkshopApi::changed(const std::string& code) {
    if (m_listener) m_listener(code);
    std::vector<std::shared_ptr<LiveSubscriber>> live;
    {
        std::lock_guard lock(m_subscribers_mutex);
        auto it = m_subscribers.find(code);
        if (it == m_subscribers.end()) return;
        for (const auto& weak : it->second)
            if (auto s = weak.lock()) live.push_back(std::move(s));
    }
    for (const auto& s : live) s->workshop_changed();
}

bool WorkshopApi::owns(std::string_view target) {
    const std::string_view path = target.substr(0, target.find('?'));
    return path == prefix || path.rfind(prefix + "/", 0) == 0;
}

std::vector<RouteInfo> WorkshopApi::routes() {
    const std::vector<Role> runners{Role::Facilitator, Role::Admin};
    const auto route = [](const char* method, const std::string& pattern, Access access, bool limited = false) {
        return RouteInfo{method, prefix + pattern, access, {}, limited};
    };
    std::vector<RouteInfo> out{
        {"POST", prefix, Access::Session, runners, false},
        route("GET", "/{code}", Access::Public),
        route("POST", "/{code}/participants", Access::Public, true),
        route("PUT", "/{code}/cards/{uuid}", Access::Participant),
        route("POST", "/{code}/cards/{uuid}/move", Access::Participant),
        route("POST", "/{code}/clusters", Access::Participant),
        route("POST", "/{code}/voting", Access::Participant),
        route("PUT", "/{code}/votes", Access::Participant),
        route("GET", "/{code}/changes", Access::Participant),
        route("GET", "/{code}/export", Access::Participant),
        route("POST", "/{code}/promote", Access::Participant)};
    return out;
}

bool WorkshopApi::is_join(std::string_view method, std::string_view target) {
    const std::string_view path = target.substr(0, target.find('?'));
    constexpr std::string_view tail = "/participants";
    return method == "POST" && owns(path) && path.size() > prefix.size() + tail.size() &&
           path.substr(path.size() - tail.size()) == tail && path.find('/', prefix.size() + 1) == path.size() - tail.size();
}

Outcome<Viewer> WorkshopApi::viewer_for(const WorkshopRow& w, const std::string& token) {
    if (token.empty()) return WorkshopRefusal{401, code::unauthorized, "join the workshop and send Authorization: Bearer <participant token>", {}};
    const std::string hash = crypto::token_hash(token);
    auto participant = m_store.participant(w, hash);
    if (!participant.ok()) return participant.refusal;
    if (*participant.value) return Viewer{false, *participant.value};
    auto session = m_accounts.session_by_token_hash(hash);
    if (!session) return WorkshopRefusal{500, code::internal, "the store could not be read", {}};
    if (!session.value() || session.value()->expires_ms <= m_clock())
        return WorkshopRefusal{401, code::unauthorized, "this token belongs to no participant of this workshop and no session; join again", {}};
    const Session& s = *session.value();
    if (s.role == Role::Admin || (s.role == Role::Facilitator && s.user_id == w.facilitator_user_id)) return Viewer{true, 0};
    return WorkshopRefusal{403, code::forbidden, "only the facilitator who made this workshop, or an administrator, runs it", {}};
}

Outcome<Viewer> WorkshopApi::facilitator(const WorkshopRow& w, Call& call) {
    auto viewer = viewer_for(w, bearer(call.request.authorization));
    if (viewer.ok() && !viewer.value->facilitator)
        return WorkshopRefusal{403, code::forbidden, "participants cannot do this; it is the facilitator's", {}};
    return viewer;
}

void WorkshopApi::handle(const ApiRequest& request, Respond respond) {
    Call call{request, std::make_shared<Respond>(std::move(respond)), request.method == "HEAD" ? "GET" : request.method, {}, {}, prefix, false};
    const std::string_view target = request.target;
    const std::size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    for (std::string_view rest = path.substr(prefix.size()); !rest.empty();) {
        rest.remove_prefix(1);
        const std::size_t slash = rest.find('/');
        auto segment = text::percent_decode(rest.substr(0, slash), false);
        if (!segment) return call.error(400, code::validation, "the path has a broken %-escape", "path");
        call.segments.push_back(*segment);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    }
    if (q != std::string_view::npos) {
        for (std::string_view rest = target.substr(q + 1); !rest.empty();) {
            const std::size_t amp = rest.find('&');
            const std::string_view pair = rest.substr(0, amp);
            const std::size_t eq = pair.find('=');
            auto name = text::percent_decode(pair.substr(0, eq), true);
            auto value = text::percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
            if (!name || !value) return call.error(400, code::validation, "the query has a broken %-escape", "query");
            call.query[*name] = *value;
            rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        }
    }
    const auto& seg = call.segments;
    const std::int64_t now = m_clock();

    if (seg.empty()) {   // POST /api/v1/workshops
        if (call.method != "POST") return call.error(405, code::method_not_allowed, "use POST to create a workshop");
        const std::string token = bearer(request.authorization);
        auto session = token.empty() ? Expected<std::optional<Session>>(std::optional<Session>()) : m_accounts.session_by_token_hash(crypto::token_hash(token));
        if (!session) return call.error(500, code::internal, "the store could not be read");
        if (!session.value())
            return call.error(401, code::unauthorized, "log in as a facilitator and send Authorization: Bearer <session token>");
        if (session.value()->expires_ms <= now)
            return call.error(401, code::session_expired, "the session has expired; log in again");
        if (session.value()->role != Role::Facilitator && session.value()->role != Role::Admin)
            return call.error(403, code::forbidden, "this needs the role facilitator or admin");
        auto body = call.body<protocol::CreateWorkshopRequest>();
        if (!body) return;
        if (auto bad = check_text(body->title, "title", true)) return call.refuse(*bad);
        for (std::size_t i = 0; i < body->themes.size(); ++i)
            if (!m_programme.theme(body->themes[i]))
                return call.error(422, code::validation, "the programme has no theme \"" + body->themes[i] + "\"", "themes[" + std::to_string(i) + "]");
        if (body->time_box_minutes < 1 || body->time_box_minutes > 24 * 60)
            return call.error(422, code::validation, "time_box_minutes must be between 1 and 1440", "time_box_minutes");
        if (body->dots_per_participant < 1 || body->dots_per_participant > 20)
            return call.error(422, code::validation, "dots_per_participant must be between 1 and 20", "dots_per_participant");
        auto made = m_store.create(*body, session.value()->user_id, now);
        if (!made.ok()) return call.refuse(made.refusal);
        log_line("info", "workshop created", {{"workshop", made.value->code}});
        return call.send(201, m_store.info(*made.value));
    }

    const std::string join_code = protocol::normalise_join_code(seg[0]);
    call.route = prefix + "/{code}";
    if (join_code.empty())
        return call.error(404, code::not_found, "\"" + text::strip_control_characters(seg[0].substr(0, 40), false) +
                                                    "\" is not a workshop code (8 letters and digits, no 0, O, 1 or I)", "code");
    auto found = m_store.by_code(join_code);
    if (!found.ok()) return call.refuse(found.refusal);
    const WorkshopRow& w = *found.value;
    const std::string what = seg.size() > 1 ? seg[1] : std::string();
    auto expect = [&](const char* method, std::string pattern) {
        call.route = prefix + "/{code}" + pattern;
        if (call.method == method) return true;
        call.error(405, code::method_not_allowed, std::string("use ") + method);
        return false;
    };
    auto participant = [&]() -> std::int64_t {
        auto viewer = viewer_for(w, bearer(request.authorization));
        if (!viewer.ok()) return call.refuse(viewer.refusal), 0;
        if (viewer.value->facilitator) return call.error(403, code::forbidden, "join as a participant to write cards and vote"), 0;
        return viewer.value->participant_id;
    };

    if (seg.size() == 1) {
        if (!expect("GET", "")) return;
        return call.send(200, m_store.info(w));
    }
    if (seg.size() == 2 && what == "participants") {
        if (!expect("POST", "/participants")) return;
        protocol::JoinReply reply;
        reply.token = crypto::random_token(32);
        auto id = m_store.join(w, crypto::token_hash(reply.token), now);
        if (!id.ok()) return call.refuse(id.refusal);
        reply.participant_id = "p" + std::to_string(*id.value);
        return call.send(201, reply);
    }
    if (seg.size() == 3 && what == "cards") {
        if (!expect("PUT", "/cards/{uuid}")) return;
        if (!is_uuid_v4(seg[2])) return call.error(400, code::validation, "the path must end in the card's id, a lower-case UUID v4", "card_id");
        const std::int64_t who = participant();
        if (!who) return;
        auto body = call.body<protocol::WorkshopCardRequest>();
        if (!body) return;
        if (auto bad = check_text(body->title, "title", true)) return call.refuse(*bad);
        if (auto bad = check_text(body->challenge, "challenge", false)) return call.refuse(*bad);
        if (auto bad = check_text(body->idea, "idea", false)) return call.refuse(*bad);
        if (!body->theme.empty() && std::find(w.themes.begin(), w.themes.end(), body->theme) == w.themes.end())
            return call.error(422, code::validation, "the workshop has no theme \"" + body->theme + "\"", "theme");
        auto stored = m_store.add_card(w, who, seg[2], *body, now);
        if (!stored.ok()) return call.refuse(stored.refusal);
        if (*stored.value) changed(w.code);
        json::Writer out;
        out.begin_object().member("card_id", seg[2]).member("duplicate", !*stored.value).end_object();
        return call.json(*stored.value ? 201 : 200, out.take());
    }
    if (seg.size() == 4 && what == "cards" && seg[3] == "move") {
        if (!expect("POST", "/cards/{uuid}/move")) return;
        if (auto f = facilitator(w, call); !f.ok()) return call.refuse(f.refusal);
        auto body = call.body<protocol::CardMoveRequest>();
        if (!body) return;
        auto moved = m_store.move_card(w, seg[2], *body);
        if (!moved.ok()) return call.refuse(moved.refusal);
        changed(w.code);
        return call.send(200, *moved.value);
    }
    if (seg.size() == 2 && what == "clusters") {
        if (!expect("POST", "/clusters")) return;
        if (auto f = facilitator(w, call); !f.ok()) return call.refuse(f.refusal);
        auto body = call.body<protocol::ClusterRequest>();
        if (!body) return;
        if (auto bad = check_text(body->name, "title", true)) return call.refuse(WorkshopRefusal{bad->status, bad->error, "the cluster's name: " + bad->message, "name"});
        const bool colour_ok = body->colour.size() == 7 && body->colour[0] == '#' &&
                               std::all_of(body->colour.begin() + 1, body->colour.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)) != 0; });
        if (!colour_ok) return call.error(422, code::validation, "colour must be #rrggbb", "colour");
        auto made = m_store.add_cluster(w, *body);
        if (!made.ok()) return call.refuse(made.refusal);
        changed(w.code);
        return call.send(201, *made.value);
    }
    if (seg.size() == 2 && what == "voting") {
        if (!expect("POST", "/voting")) return;
        if (auto f = facilitator(w, call); !f.ok()) return call.refuse(f.refusal);
        auto body = call.body<protocol::VotingRequest>();
        if (!body) return;
        auto set = m_store.set_voting(w, body->open);
        if (!set.ok()) return call.refuse(set.refusal);
        changed(w.code);
        auto fresh = m_store.by_code(w.code);
        return fresh.ok() ? call.send(200, m_store.info(*fresh.value)) : call.refuse(fresh.refusal);
    }
    if (seg.size() == 2 && what == "votes") {
        if (!expect("PUT", "/votes")) return;
        const std::int64_t who = participant();
        if (!who) return;
        auto body = call.body<protocol::VoteRequest>();
        if (!body) return;
        auto left = m_store.vote(w, who, *body);
        if (!left.ok()) return call.refuse(left.refusal);
        changed(w.code);
        json::Writer out;
        out.begin_object().member("card_id", body->card_id).member("dots", body->dots).member("dots_left", *left.value).end_object();
        return call.json(200, out.take());
    }
    if (seg.size() == 2 && what == "changes") {
        if (!expect("GET", "/changes")) return;
        auto viewer = viewer_for(w, bearer(request.authorization));
        if (!viewer.ok()) return call.refuse(viewer.refusal);
        std::int64_t since = 0;
        if (auto it = call.query.find("since"); it != call.query.end()) {
            char* end = nullptr;
            since = std::strtoll(it->second.c_str(), &end, 10);
            if (it->second.empty() || *end != '\0' || since < 0)
                return call.error(400, code::validation, "since must be a revision number (0 or more)", "since");
        }
        auto changes = m_store.changes(w, since, *viewer.value);
        if (!changes.ok()) return call.refuse(changes.refusal);
        return call.send(200, *changes.value);
    }
    if (seg.size() == 2 && what == "export") {
        if (!expect("GET", "/export")) return;
        if (auto f = facilitator(w, call); !f.ok()) return call.refuse(f.refusal);
        auto all = m_store.changes(w, 0, Viewer{true, 0});
        if (!all.ok()) return call.refuse(all.refusal);
        auto& cards = all.value->cards;
        // The ranking: most dots first, then the order they arrived.
        std::stable_sort(cards.begin(), cards.end(), [](const auto& a, const auto& b) { return a.dots > b.dots; });
        std::map<std::string, const protocol::WorkshopCluster*> clusters;
        for (const auto& c : all.value->clusters) clusters[c.cluster_id] = &c;
        const std::string format = call.query.count("format") ? call.query["format"] : "json";
        if (format == "json") {
            json::Writer out;
            out.begin_object().key("workshop");
            m_store.info(w).write(out);
            out.member("revision", all.value->revision).key("clusters").begin_array();
            for (const auto& c : all.value->clusters) c.write(out);
            out.end_array().key("cards").begin_array();
            for (const auto& c : cards) c.write(out);
            out.end_array().end_object();
            return call.json(200, out.take());
        }
        if (format == "csv") {
            std::string csv = "\xEF\xBB\xBF";
            for (const char* h : {"rank", "card_id", "title", "challenge", "idea", "theme", "status", "cluster", "dots", "merged_into"})
                csv += std::string(csv.size() > 3 ? "," : "") + csv_cell(h);
            csv += "\r\n";
            int rank = 0;
            for (const auto& c : cards) {
                const std::string cluster = c.cluster_id && clusters.count(*c.cluster_id) ? clusters[*c.cluster_id]->name : "";
                const std::string cells[] = {c.status == "shown" ? std::to_string(++rank) : "", c.card_id, c.title, c.challenge, c.idea,
                                             c.theme, c.status, cluster, std::to_string(c.dots), c.merged_into.value_or("")};
                std::string row;
                for (const auto& cell : cells) row += (row.empty() ? "" : ",") + csv_cell(cell);
                csv += row + "\r\n";
            }
            ApiResponse r{200, "text/csv; charset=utf-8", std::move(csv), {}, {}};
            r.headers.emplace_back("Content-Disposition", "attachment; filename=\"workshop-" + w.code + ".csv\"");
            return call.reply(std::move(r));
        }
        if (format == "summary") {
            // Printable: an A4 page of the clusters and their cards ranked by dots, in the wall's
            // language (?lang=en, else Danish). A download, and a page that may run nothing: the
            // cards' words are the participants'.
            const std::string language = call.query.count("lang") && call.query["lang"] == "en" ? "en" : "da";
            ApiResponse r{200, "text/html; charset=utf-8",
                          workshop_summary_html(m_store.info(w), all.value->clusters, cards, m_programme, m_words, language), {}, {}};
            r.headers.emplace_back("Content-Disposition", "attachment; filename=\"workshop-" + w.code + "-summary.html\"");
            r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            return call.reply(std::move(r));
        }
        return call.error(400, code::validation, "format must be json, csv or summary", "format");
    }
    if (seg.size() == 2 && what == "promote") {
        if (!expect("POST", "/promote")) return;
        if (auto f = facilitator(w, call); !f.ok()) return call.refuse(f.refusal);
        return promote(call, w);
    }
    call.route = "unmatched";
    call.error(404, code::not_found, "no such workshop route");
}

// A card or a cluster becomes a card in the office's inbox: a new idea card, from the workshop
// channel, through the ingest queue like any other, and the promotion is kept with its sources.
void WorkshopApi::promote(Call& call, const WorkshopRow& w) {
    auto body = call.body<protocol::PromoteRequest>();
    if (!body) return;
    // Exactly once, as every card: the same cluster or card asked again answers with the card
    // it already became (200), so a second touch or a wall opened anew makes no duplicate. Asked
    // again while the first is still on its way into the inbox, it waits for that one's outcome
    // (checked and reserved under one lock: two asks in the same instant make one card).
    const std::string key = std::to_string(w.id) + (body->cluster_id ? " cluster " + *body->cluster_id : " card " + body->card_id.value_or(""));
    std::optional<protocol::PromoteReply> earlier;
    {
        std::lock_guard lock(m_promoting_mutex);
        if (auto on_its_way = m_promoting.find(key); on_its_way != m_promoting.end()) {
            call.answered = true;
            on_its_way->second.push_back(call.respond);
            return;
        }
        earlier = m_store.earlier_promotion(w, *body);
        if (!earlier || !parse_uuid(earlier->inbox_card_id)) {
            earlier.reset();
            m_promoting[key];   // reserved until end_promotion
        }
    }
    if (earlier) {
        earlier->receipt = receipt_code(parse_uuid(earlier->inbox_card_id).value());
        earlier->workshop = w.code;
        return call.send(200, *earlier);
    }
    call.answered = true;   // from here every answer goes through end_promotion
    auto source = m_store.promotion_source(w, *body);
    if (!source.ok())
        return end_promotion(key, call.respond, call.later(source.refusal.status, refusal_body(source.refusal)));
    const PromotionSource& s = *source.value;
    const std::int64_t now = m_clock();

    IdeaCard card;
    const Uuid id = new_uuid();
    card.id = to_string(id);
    card.created_at = card.updated_at = format_utc_ms(now);
    card.origin.channel = Channel::Workshop;
    card.origin.workshop = w.code;
    const protocol::WallCard* lead = nullptr;
    for (const auto& r : s.cards)
        if (r.card.status == "shown" && (!lead || r.card.dots > lead->dots)) lead = &r.card;
    if (!lead) lead = &s.cards.front().card;
    card.title = s.cluster ? s.cluster->name : lead->title;
    card.theme = s.cluster && !s.cluster->theme.empty() ? s.cluster->theme : lead->theme;
    if (card.theme.empty() && !w.themes.empty()) card.theme = w.themes.front();
    // In the card's language (Danish), from the strings files: the office reads it as written.
    const std::string provenance = m_words.provenance(card.language, w.title, w.code, s.cluster ? s.cluster->name : std::string(),
                                                      s.cards.size(), s.dots);
    if (s.cluster) {
        std::set<std::string> challenges;   // a room often names one challenge many times: once is enough
        for (const auto& r : s.cards) {
            if (r.card.status != "shown") continue;
            if (!r.card.challenge.empty() && challenges.insert(r.card.challenge).second)
                card.challenge += (card.challenge.empty() ? "" : "\n") + ("- " + r.card.challenge);
            card.idea += "- " + r.card.title + (r.card.idea.empty() ? "" : ": " + r.card.idea) + " (" + std::to_string(r.card.dots) + ")\n";
        }
    } else {
        card.challenge = lead->challenge;
        card.idea = lead->idea + (lead->idea.empty() ? "" : "\n");
        for (const auto& r : s.cards)
            if (r.card.card_id == lead->card_id && (!r.contact_name.empty() || !r.contact_email.empty())) {
                card.has_contact = true;
                card.contact.name = r.contact_name;
                card.contact.email = r.contact_email;
            }
    }
    card.idea += "\n" + provenance;

    protocol::PromoteReply reply;
    reply.inbox_card_id = card.id;
    reply.receipt = receipt_code(id);
    reply.workshop = w.code;
    if (s.cluster) reply.cluster_id = s.cluster->cluster_id;
    for (const auto& r : s.cards) reply.source_cards.push_back(r.card.card_id);
    reply.dots = s.dots;

    IngestItem item;
    item.card_id = card.id;
    item.receipt = reply.receipt;
    item.theme = m_programme.theme(card.theme) ? card.theme : std::string();
    set_card_parts(item, card);   // the contact goes to its own table (issue 14)
    item.sender = "workshop:" + w.code;
    item.received_ms = now;
    // Answered from the group commit's answerer thread once the card is durable.
    auto respond = call.respond;
    const ApiResponse answer = call.later(201, protocol::to_json(reply));
    m_ingest.submit(std::move(item), [this, key, respond, answer, reply, w, now](Expected<IngestOutcome> outcome) {
        ApiResponse r = answer;
        if (!outcome || outcome.value().result != IngestResult::Created) {
            r.status = 500;
            r.body = protocol::error_body(code::internal, outcome ? "the inbox refused the promoted card; promote it again"
                                                                  : "the card could not be stored; promote it again");
        } else if (auto recorded = m_store.record_promotion(w, reply, now); !recorded) {
            log_line("error", "promotion not recorded", {{"error", recorded.error().describe()}});
        }
        end_promotion(key, respond, std::move(r));
    });
}

// A promotion's outcome, to its asker and to every asker of the same promotion that came while
// it was on its way: the same card (200, "promoted before"), or the same refusal. Recorded before
// the reservation goes, so an ask after this one finds the earlier promotion.
void WorkshopApi::end_promotion(const std::string& key, const std::shared_ptr<Respond>& first, ApiResponse answer) {
    std::vector<std::shared_ptr<Respond>> waiting;
    {
        std::lock_guard lock(m_promoting_mutex);
        if (auto it = m_promoting.find(key); it != m_promoting.end()) {
            waiting = std::move(it->second);
            m_promoting.erase(it);
        }
    }
    ApiResponse again = answer;
    if (again.status == 201) again.status = 200;
    (*first)(std::move(answer));
    for (const auto& asker : waiting) (*asker)(again);
}

} // namespace idekort::server

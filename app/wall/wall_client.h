// WallClient: the facilitator's wall talking to idekort-server through the runner's HTTP
// capability (app/core/http_transport.h): sign in, create or open a workshop, follow it by
// the live WebSocket where the runner offers one (AppEnvironment::live) and, whenever it is not
// open, by polling GET .../changes?since=R (which works through any proxy); and the facilitator's
// moves (clusters, moving, hiding, merging, voting); and at the end the exports and the
// promotion of a cluster or a card into the central office's inbox. Answers arrive on the frame
// thread; every move is followed by a poll, so the board shows what the server stored.
//
// A failure never loses the board: it stays as last seen, the problem is kept for the screen
// to say, and polling goes on.
#pragma once

#include "app/core/http_transport.h"
#include "app/core/live_channel.h"
#include "app/wall/wall_board.h"
#include "common/protocol/workshop.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

namespace idekort::wall {

// What went wrong, for the screen to put in words (assets/strings: wall.problem.*).
enum class Problem { None, Offline, SignIn, NoWorkshop, Refused, Server };

struct ProblemReport {
    Problem kind = Problem::None;
    std::string field;    // the member a 422 named
    int status = 0;
};

class WallClient {
public:
    using Done = std::function<void(const ProblemReport&)>;
    // `server_url` without a trailing slash ("http://127.0.0.1:8080").
    WallClient(HttpTransport* http, std::string server_url, LiveChannel* live = nullptr);

    void sign_in(const std::string& username, const std::string& password, Done done);
    // A session token the facilitator already has (the wall started with one).
    void use_session(std::string token) { m_token = std::move(token); }
    bool signed_in() const { return !m_token.empty(); }
    const std::string& token() const { return m_token; }
    // Signing out: the server forgets the session (an unreachable one lets it expire), and the
    // wall forgets it and the workshop it showed.
    void sign_out();

    // A new workshop with the facilitator's settings (title, themes, time box, moderation, dots).
    void create(const protocol::CreateWorkshopRequest& settings, Done done);
    void open(const std::string& typed_code, Done done);
    const std::string& code() const { return m_code; }
    // The link the room scans: the server's address and the workshop's join path.
    std::string join_url() const;

    // Polls when due; returns the seconds until the next poll.
    double update(double now);
    void poll_soon() { m_next_poll = 0; }

    void make_cluster(const std::string& name, const std::string& colour, const std::string& theme);
    void move_to_cluster(const std::string& card_id, const std::string& cluster_id);
    void set_hidden(const std::string& card_id, bool hidden);
    void merge(const std::string& card_id, const std::string& into_card_id);
    void set_voting(bool open);

    // The workshop's export in `format` ("csv", "json" or "summary", docs/API.md; the summary's
    // words in `language`, "da" or "en"): the file's name and bytes, or the problem (the board
    // is untouched either way).
    using Exported = std::function<void(const ProblemReport&, const std::string& file_name, std::string bytes)>;
    void fetch_export(const std::string& format, const std::string& language, Exported done);
    // A cluster (or one card) becomes a card in the office's inbox, with its provenance.
    using Promoted = std::function<void(const ProblemReport&, const protocol::PromoteReply*)>;
    void promote(const protocol::PromoteRequest& what, Promoted done);

    const WallBoard& board() const { return m_board; }
    const ProblemReport& problem() const { return m_problem; }
    bool busy() const { return m_in_flight > 0; }
    // How many change answers were applied (tests wait on it, the screen does not care).
    std::int64_t polls() const { return m_polls; }
    // Whether the WebSocket is open and subscribed (polling rests meanwhile), and its messages.
    bool live() const { return m_live_up; }
    std::int64_t live_messages() const { return m_live_messages; }

    static constexpr double poll_interval_seconds = 1.0;
    static constexpr double live_retry_seconds = 3.0;

private:
    void send(const std::string& method, const std::string& path, std::string body, std::function<void(const HttpResponse&)> done);
    static ProblemReport problem_of(const HttpResponse& r);
    void action(const std::string& path, std::string body);
    void start_live();
    void live_message(const std::string& text);

    HttpTransport* m_http;
    std::string m_server;
    std::string m_token;
    std::string m_code;
    WallBoard m_board;
    ProblemReport m_problem;
    double m_next_poll = 0;
    double m_now = 0;
    bool m_polling = false;
    int m_in_flight = 0;
    std::int64_t m_polls = 0;
    LiveChannel* m_live = nullptr;
    bool m_live_open = false;     // opened (maybe still connecting)
    bool m_live_up = false;       // a changes message came: subscribed
    double m_live_retry = 0;      // when to open it again after it closed
    std::int64_t m_live_messages = 0;
};

} // namespace idekort::wall

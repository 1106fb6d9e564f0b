// The live workshop on the wire (issue 16): what a facilitator sends to create and run a
// workshop, what a participant sends to join, write and vote, and what the wall and the phones
// read back. Every reply body is written by json::Writer through these types.
//
// Live updates are state, not events: every card, cluster and the workshop itself carry the
// revision of their last change, and "changes since R" is every entity whose revision is above
// R, in its current state. A client that applies them by id and remembers the reply's
// `revision` has no gaps and no duplicates whatever it missed (a dropped WebSocket, a phone
// asleep for a minute): it asks again from the last revision it saw.
//
// Contact details travel only inward (WorkshopCardRequest); no reply type has a member for them.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idekort::protocol {

namespace workshop_route {
inline constexpr const char* prefix = "/api/v1/workshops";   // every route below starts with it
}

// Error codes of the workshop routes, beside wire.h's (validation, not_found, conflict, ...).
namespace workshop_error {
inline constexpr char voting_closed[] = "voting_closed";   // 409: a vote while the facilitator has not opened voting
inline constexpr char too_many_dots[] = "too_many_dots";   // 409: the participant's dots would exceed dots_per_participant
}

// Join codes: 8 characters a person can read aloud and type; no 0/O or 1/I.
inline constexpr const char* join_code_alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
inline constexpr std::size_t join_code_length = 8;
// The code as typed ("abcd efgh", "ABCD-EFGH") in its canonical form, or empty when it cannot be
// one (wrong length, a character outside the alphabet).
std::string normalise_join_code(std::string_view typed);

enum class Moderation { Open, Moderated };   // cards shown at once, or after the facilitator's yes
std::string_view to_string(Moderation m);
bool parse_moderation(std::string_view text, Moderation& out);

struct CreateWorkshopRequest {
    std::string title;
    std::vector<std::string> themes;          // programme theme ids, may be empty
    std::int64_t time_box_minutes = 60;
    std::string moderation = "open";          // "open" | "moderated"
    std::int64_t dots_per_participant = 3;
    void write(json::Writer& w) const;
    static CreateWorkshopRequest read(json::ObjectReader& r);
};

struct WorkshopInfo {
    std::string code;
    std::string title;
    std::vector<std::string> themes;
    std::int64_t time_box_minutes = 0;
    std::string moderation;
    std::int64_t dots_per_participant = 0;
    bool voting_open = false;
    std::string created_at;
    std::string join_path;                    // "/workshop/?workshop=CODE": the QR code's link, on this server
    std::int64_t revision = 0;                // the workshop's own last change (voting, settings)
    void write(json::Writer& w) const;
    static WorkshopInfo read(json::ObjectReader& r);
};

struct JoinReply {
    std::string participant_id;               // opaque, per workshop
    std::string token;                        // the browser keeps it; Authorization: Bearer <token>
    void write(json::Writer& w) const;
    static JoinReply read(json::ObjectReader& r);
};

// A participant's short card. The id is made on the device (UUID v4), so sending it again after
// a lost answer stores it once.
struct WorkshopCardRequest {
    std::string title, challenge, idea;
    std::string theme;                        // optional: one of the workshop's themes
    std::optional<std::string> contact_name, contact_email;   // kept for promotion, never shown
    void write(json::Writer& w) const;
    static WorkshopCardRequest read(json::ObjectReader& r);
};

// A card as the wall and the phones see it. `text_hidden`: a hidden or not yet approved card as
// a participant sees it (no title, challenge or idea).
struct WallCard {
    std::string card_id;
    std::string title, challenge, idea, theme;
    std::string status;                       // "pending" | "shown" | "hidden" | "merged"
    std::optional<std::string> cluster_id;
    std::optional<std::string> merged_into;
    std::int64_t dots = 0;                    // every participant's dots on it
    bool mine = false;                        // written by the participant who asks
    std::int64_t revision = 0;
    void write(json::Writer& w) const;
    static WallCard read(json::ObjectReader& r);
};

struct WorkshopCluster {
    std::string cluster_id;
    std::string name, colour, theme;          // colour "#rrggbb"
    std::int64_t revision = 0;
    void write(json::Writer& w) const;
    static WorkshopCluster read(json::ObjectReader& r);
};

struct ClusterRequest {
    std::string name;
    std::string colour = "#1f6feb";
    std::string theme;
    void write(json::Writer& w) const;
    static ClusterRequest read(json::ObjectReader& r);
};

// The facilitator's moves on one card: any member given is applied, all in one revision.
struct CardMoveRequest {
    std::optional<std::string> cluster_id;    // "" takes it out of its cluster
    std::optional<bool> hidden;               // true hides (moderation), false shows / approves
    std::optional<std::string> merge_into;    // a duplicate: its dots go to that card
    void write(json::Writer& w) const;
    static CardMoveRequest read(json::ObjectReader& r);
};

struct VotingRequest {
    bool open = false;
    void write(json::Writer& w) const;
    static VotingRequest read(json::ObjectReader& r);
};

// A participant's dots on one card, set (not added): sending it twice, or after a reload, never
// doubles them. The sum over their cards stays within dots_per_participant.
struct VoteRequest {
    std::string card_id;
    std::int64_t dots = 0;
    void write(json::Writer& w) const;
    static VoteRequest read(json::ObjectReader& r);
};

// GET .../changes?since=R (and the WebSocket's update message): everything changed after R.
struct WorkshopChanges {
    std::int64_t revision = 0;                // the newest revision: ask from here next time
    std::optional<WorkshopInfo> workshop;     // when it changed after R
    std::vector<WorkshopCluster> clusters;
    std::vector<WallCard> cards;
    std::optional<std::int64_t> dots_left;    // for a participant
    std::vector<VoteRequest> my_votes;       // for a participant: their dots per card
    void write(json::Writer& w) const;
    static WorkshopChanges read(json::ObjectReader& r);
};

struct PromoteRequest {
    std::optional<std::string> card_id;       // exactly one of the two
    std::optional<std::string> cluster_id;
    void write(json::Writer& w) const;
    static PromoteRequest read(json::ObjectReader& r);
};

// What a promotion put into the office's inbox, and where it came from.
struct PromoteReply {
    std::string inbox_card_id;
    std::string receipt;
    std::string workshop;                     // the join code
    std::optional<std::string> cluster_id;
    std::vector<std::string> source_cards;
    std::int64_t dots = 0;
    void write(json::Writer& w) const;
    static PromoteReply read(json::ObjectReader& r);
};

// The live channel: a WebSocket at GET /api/v1/workshops/{code}/live. The client speaks first,
// once: {"type":"subscribe","token":T,"since":R} (the token in the message: a browser's WebSocket
// cannot set headers). The server answers {"type":"changes","changes":WorkshopChanges} at once
// and again after every change, each time from the revision it sent last, so a connection sees
// every change once. A refusal is {"type":"error","error":ErrorReply} and the server closes. A
// client that lost the connection opens a new one with `since` = the last revision it applied.
struct LiveSubscribe {
    std::string token;
    std::int64_t since = 0;
    void write(json::Writer& w) const;
    static LiveSubscribe read(json::ObjectReader& r);
};
inline constexpr const char* live_suffix = "/live";

} // namespace idekort::protocol

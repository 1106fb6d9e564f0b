// WorkshopStore: the live workshops (issue 16) in their own SQLite file beside the card store
// (`workshops.db` in the data directory), so the workshop's fast-changing rows (votes, clusters)
// never contend with the card store's group commit, and the card store's schema stays the
// office's. A card promoted from a workshop enters the card store through the ingest queue, as
// every card does.
//
// Every change runs in one transaction that takes the workshop's next revision and stamps it on
// the rows it changed; changes(since) is then every row stamped after `since` (workshop.h says
// why state, not events). One connection behind a mutex: a workshop is a room of people, and
// each write is a few rows.
#pragma once

#include "common/protocol/workshop.h"
#include "common/status.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace idekort::server {

// Why a request was not done: the HTTP status, the error code and words that name the problem.
struct WorkshopRefusal {
    int status = 500;
    std::string error;
    std::string message;
    std::string field;
};

template <class T>
struct Outcome {
    std::optional<T> value;
    WorkshopRefusal refusal;
    Outcome(T v) : value(std::move(v)) {}
    Outcome(WorkshopRefusal r) : refusal(std::move(r)) {}
    bool ok() const { return value.has_value(); }
};

struct WorkshopRow {
    std::int64_t id = 0;
    std::string code;
    std::string title;
    std::vector<std::string> themes;
    std::int64_t time_box_minutes = 0;
    protocol::Moderation moderation = protocol::Moderation::Open;
    std::int64_t dots_per_participant = 0;
    bool voting_open = false;
    std::int64_t created_ms = 0;
    std::int64_t facilitator_user_id = 0;
    std::int64_t info_revision = 0;
    std::int64_t revision = 0;          // the newest revision of anything in it
};

// Whoever reads the workshop: the facilitator's wall sees every card; a participant sees shown
// cards, and of the rest only that they are hidden (no text), except their own.
struct Viewer {
    bool facilitator = false;
    std::int64_t participant_id = 0;
};

// A workshop card with everything the store has, contact included: only for promotion.
struct WorkshopCardRow {
    protocol::WallCard card;
    std::string contact_name, contact_email;
    std::int64_t created_ms = 0;
};

struct PromotionSource {
    WorkshopRow workshop;
    std::optional<protocol::WorkshopCluster> cluster;
    std::vector<WorkshopCardRow> cards;  // the card, or the cluster's shown cards (merged ones counted in)
    std::int64_t dots = 0;
};

class WorkshopStore {
public:
    static Expected<std::unique_ptr<WorkshopStore>> open(const std::string& path);
    ~WorkshopStore();

    Outcome<WorkshopRow> create(const protocol::CreateWorkshopRequest& request, std::int64_t facilitator_user_id,
                                std::int64_t now_ms);
    Outcome<WorkshopRow> by_code(const std::string& code);
    Outcome<std::int64_t> join(const WorkshopRow& w, const std::string& token_hash, std::int64_t now_ms);
    // The participant with this token in this workshop, or 0.
    Outcome<std::int64_t> participant(const WorkshopRow& w, const std::string& token_hash);

    // true: stored now; false: this id was stored before with the same text (a repeat).
    Outcome<bool> add_card(const WorkshopRow& w, std::int64_t participant_id, const std::string& card_id,
                           const protocol::WorkshopCardRequest& card, std::int64_t now_ms);
    Outcome<protocol::WorkshopCluster> add_cluster(const WorkshopRow& w, const protocol::ClusterRequest& request);
    Outcome<protocol::WallCard> move_card(const WorkshopRow& w, const std::string& card_id, const protocol::CardMoveRequest& move);
    Outcome<bool> set_voting(const WorkshopRow& w, bool open);
    Outcome<std::int64_t> vote(const WorkshopRow& w, std::int64_t participant_id, const protocol::VoteRequest& vote);

    Outcome<protocol::WorkshopChanges> changes(const WorkshopRow& w, std::int64_t since, const Viewer& viewer);
    Outcome<PromotionSource> promotion_source(const WorkshopRow& w, const protocol::PromoteRequest& request);
    Status record_promotion(const WorkshopRow& w, const protocol::PromoteReply& reply, std::int64_t now_ms);
    // The promotion made earlier from the same cluster (or the same card alone), if any: asked
    // again (a second touch, a wall opened anew), the answer is that one, not a second inbox card.
    // Its `receipt` and `workshop` are left for the caller to fill.
    std::optional<protocol::PromoteReply> earlier_promotion(const WorkshopRow& w, const protocol::PromoteRequest& request);

    protocol::WorkshopInfo info(const WorkshopRow& w) const;

private:
    WorkshopStore(sqlite3* db, sqlite3* reader) : m_db(db), m_reader(reader) {}
    Outcome<WorkshopRow> read_workshop(sqlite3* db, const char* where, const std::string& key);
    std::int64_t next_revision(std::int64_t workshop_id);
    std::vector<protocol::WallCard> read_cards(sqlite3* db, std::int64_t workshop_id, std::int64_t since, const Viewer& viewer,
                                               const std::string& extra_where = {}, const std::string& extra_value = {});
    sqlite3* m_db;                 // the writer
    std::mutex m_mutex;
    // Live sessions read here (WAL: a reader never waits for the writer's fsync), one at a time.
    sqlite3* m_reader;
    std::mutex m_reader_mutex;
};

} // namespace idekort::server

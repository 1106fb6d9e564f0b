// The live workshops' SQLite store (see workshop_store.h).
#include "server/store/workshop_store.h"

#include "common/protocol/wire.h"
#include "common/rfc3339.h"
#include "server/api/crypto.h"
#include "sqlite/durable_database.h"

#include <sqlite3.h>

#include <set>

namespace idekort::server {

namespace {

namespace code = protocol::error_code;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS workshops (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    themes TEXT NOT NULL,                 -- theme ids, one per line
    time_box_minutes INTEGER NOT NULL,
    moderation TEXT NOT NULL,
    dots_per_participant INTEGER NOT NULL,
    voting_open INTEGER NOT NULL DEFAULT 0,
    created_ms INTEGER NOT NULL,
    facilitator INTEGER NOT NULL,         -- the account that made it
    info_revision INTEGER NOT NULL,
    revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id),
    token_hash TEXT NOT NULL UNIQUE,      -- BLAKE2b of the token the browser keeps; no name, no account
    joined_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workshop_cards (
    card_id TEXT PRIMARY KEY,             -- UUID v4 made on the device: a repeat is stored once
    workshop_id INTEGER NOT NULL REFERENCES workshops(id),
    participant_id INTEGER NOT NULL,
    title TEXT NOT NULL, challenge TEXT NOT NULL, idea TEXT NOT NULL, theme TEXT NOT NULL,
    contact_name TEXT NOT NULL, contact_email TEXT NOT NULL,   -- for promotion only, never read out
    status TEXT NOT NULL,                 -- pending | shown | hidden | merged
    cluster_id TEXT, merged_into TEXT,
    created_ms INTEGER NOT NULL,
    revision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workshop_cards_by_revision ON workshop_cards(workshop_id, revision);
CREATE TABLE IF NOT EXISTS workshop_clusters (
    cluster_id TEXT PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id),
    name TEXT NOT NULL, colour TEXT NOT NULL, theme TEXT NOT NULL,
    revision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workshop_clusters_by_revision ON workshop_clusters(workshop_id, revision);
CREATE TABLE IF NOT EXISTS workshop_votes (
    participant_id INTEGER NOT NULL,
    card_id TEXT NOT NULL,
    dots INTEGER NOT NULL,
    PRIMARY KEY (participant_id, card_id)
);
CREATE INDEX IF NOT EXISTS workshop_votes_by_card ON workshop_votes(card_id);
CREATE TABLE IF NOT EXISTS workshop_promotions (
    inbox_card_id TEXT PRIMARY KEY,
    workshop_id INTEGER NOT NULL,
    cluster_id TEXT,
    source_cards TEXT NOT NULL,           -- card ids, one per line
    dots INTEGER NOT NULL,
    promoted_ms INTEGER NOT NULL
);
)sql";

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) { m_rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& bind(int i, const std::string& v) { sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
    Statement& bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); return *this; }
    Statement& bind(int i, const std::optional<std::string>& v) {
        if (v && !v->empty()) bind(i, *v); else sqlite3_bind_null(m_stmt, i);
        return *this;
    }
    int step() { return m_rc == SQLITE_OK ? sqlite3_step(m_stmt) : m_rc; }
    bool run() { const int rc = step(); return rc == SQLITE_DONE || rc == SQLITE_ROW; }
    std::string text(int col) const {
        const auto* p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    std::optional<std::string> optional_text(int col) const {
        if (sqlite3_column_type(m_stmt, col) == SQLITE_NULL) return std::nullopt;
        return text(col);
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc;
};

bool exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

WorkshopRefusal store_failed(sqlite3* db) {
    return WorkshopRefusal{500, code::internal, std::string("the workshop store failed: ") + sqlite3_errmsg(db), {}};
}
WorkshopRefusal not_found(std::string what, std::string field) { return WorkshopRefusal{404, code::not_found, std::move(what), std::move(field)}; }
WorkshopRefusal invalid(std::string what, std::string field) { return WorkshopRefusal{422, code::validation, std::move(what), std::move(field)}; }

// BEGIN IMMEDIATE ... COMMIT around `body`; ROLLBACK when it refuses.
template <class T, class Body>
Outcome<T> transaction(sqlite3* db, Body&& body) {
    if (!exec(db, "BEGIN IMMEDIATE")) return store_failed(db);
    Outcome<T> result = body();
    if (!result.ok()) {
        exec(db, "ROLLBACK");
        return result;
    }
    if (!exec(db, "COMMIT")) {
        WorkshopRefusal r = store_failed(db);
        exec(db, "ROLLBACK");
        return r;
    }
    return result;
}

std::string join_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
    return out;
}
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

std::string new_join_code() {
    // 8 of 32 characters: 40 bits, drawn from libsodium's random tokens' bytes.
    const std::string alphabet = protocol::join_code_alphabet;
    const std::string bytes = crypto::random_token(protocol::join_code_length);
    std::string out;
    for (std::size_t i = 0; i < protocol::join_code_length; ++i) out.push_back(alphabet[static_cast<unsigned char>(bytes[i]) % 32]);
    return out;
}

constexpr const char* card_select =
    "SELECT c.card_id, c.title, c.challenge, c.idea, c.theme, c.status, c.cluster_id, c.merged_into,"
    " (SELECT COALESCE(SUM(v.dots), 0) FROM workshop_votes v WHERE v.card_id = c.card_id), c.participant_id, c.revision,"
    " c.contact_name, c.contact_email, c.created_ms FROM workshop_cards c";

protocol::WallCard read_wall_card(const Statement& q, const Viewer& viewer) {
    protocol::WallCard c;
    c.card_id = q.text(0);
    c.status = q.text(5);
    c.mine = !viewer.facilitator && q.integer(9) == viewer.participant_id;
    // A participant reads the text of shown cards and of their own; the rest only as "there".
    if (viewer.facilitator || c.mine || c.status == "shown" || c.status == "merged") {
        c.title = q.text(1);
        c.challenge = q.text(2);
        c.idea = q.text(3);
    }
    c.theme = q.text(4);
    c.cluster_id = q.optional_text(6);
    c.merged_into = q.optional_text(7);
    c.dots = q.integer(8);
    c.revision = q.integer(10);
    return c;
}

} // namespace

Expected<std::unique_ptr<WorkshopStore>> WorkshopStore::open(const std::string& path) {
    auto db = sqlite::open_durable(path, {false, false, false, 5000});
    if (!db) return db.error();
    if (!exec(db.value(), schema)) {
        Error e{sqlite3_errmsg(db.value()), "sqlite: workshop schema in " + path};
        sqlite3_close(db.value());
        return e;
    }
    auto reader = sqlite::open_durable(path, {true, false, false, 5000});
    if (!reader) {
        sqlite3_close(db.value());
        return reader.error();
    }
    return std::unique_ptr<WorkshopStore>(new WorkshopStore(db.value(), reader.value()));
}

WorkshopStore::~WorkshopStore() {
    sqlite3_close(m_reader);
    sqlite3_close(m_db);
}

protocol::WorkshopInfo WorkshopStore::info(const WorkshopRow& w) const {
    protocol::WorkshopInfo i;
    i.code = w.code;
    i.title = w.title;
    i.themes = w.themes;
    i.time_box_minutes = w.time_box_minutes;
    i.moderation = std::string(protocol::to_string(w.moderation));
    i.dots_per_participant = w.dots_per_participant;
    i.voting_open = w.voting_open;
    i.created_at = format_utc_ms(w.created_ms);
    i.join_path = "/workshop/?workshop=" + w.code;   // the participant's page (app/capture/workshop_door.h)
    i.revision = w.info_revision;
    return i;
}

Outcome<WorkshopRow> WorkshopStore::read_workshop(sqlite3* db, const char* where, const std::string& key) {
    Statement q(db, std::string("SELECT id, code, title, themes, time_box_minutes, moderation, dots_per_participant,"
                                  " voting_open, created_ms, facilitator, info_revision, revision FROM workshops WHERE ") + where);
    q.bind(1, key);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return not_found("no workshop has the code " + key, "code");
    if (rc != SQLITE_ROW) return store_failed(db);
    WorkshopRow w;
    w.id = q.integer(0);
    w.code = q.text(1);
    w.title = q.text(2);
    w.themes = split_lines(q.text(3));
    w.time_box_minutes = q.integer(4);
    protocol::parse_moderation(q.text(5), w.moderation);
    w.dots_per_participant = q.integer(6);
    w.voting_open = q.integer(7) != 0;
    w.created_ms = q.integer(8);
    w.facilitator_user_id = q.integer(9);
    w.info_revision = q.integer(10);
    w.revision = q.integer(11);
    return w;
}

std::int64_t WorkshopStore::next_revision(std::int64_t workshop_id) {
    Statement q(m_db, "UPDATE workshops SET revision = revision + 1 WHERE id = ? RETURNING revision");
    q.bind(1, workshop_id);
    return q.step() == SQLITE_ROW ? q.integer(0) : 0;
}

Outcome<WorkshopRow> WorkshopStore::create(const protocol::CreateWorkshopRequest& request, std::int64_t facilitator_user_id,
                                           std::int64_t now_ms) {
    protocol::Moderation moderation;
    if (!protocol::parse_moderation(request.moderation, moderation))
        return invalid("moderation must be \"open\" or \"moderated\", not \"" + request.moderation + "\"", "moderation");
    std::lock_guard lock(m_mutex);
    for (int attempt = 0; attempt < 8; ++attempt) {
        const std::string code = new_join_code();
        Statement q(m_db, "INSERT INTO workshops (code, title, themes, time_box_minutes, moderation, dots_per_participant,"
                          " created_ms, facilitator, info_revision, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1)");
        q.bind(1, code).bind(2, request.title).bind(3, join_lines(request.themes)).bind(4, request.time_box_minutes)
            .bind(5, std::string(protocol::to_string(moderation))).bind(6, request.dots_per_participant).bind(7, now_ms)
            .bind(8, facilitator_user_id);
        const int rc = q.step();
        if (rc == SQLITE_DONE) return read_workshop(m_db, "code = ?", code);
        if (rc != SQLITE_CONSTRAINT) return store_failed(m_db);   // else: the code is taken, draw again
    }
    return store_failed(m_db);
}

Outcome<WorkshopRow> WorkshopStore::by_code(const std::string& code) {
    std::lock_guard lock(m_mutex);
    return read_workshop(m_db, "code = ?", code);
}

Outcome<std::int64_t> WorkshopStore::join(const WorkshopRow& w, const std::string& token_hash, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Statement q(m_db, "INSERT INTO participants (workshop_id, token_hash, joined_ms) VALUES (?, ?, ?) RETURNING id");
    q.bind(1, w.id).bind(2, token_hash).bind(3, now_ms);
    if (q.step() != SQLITE_ROW) return store_failed(m_db);
    return q.integer(0);
}

Outcome<std::int64_t> WorkshopStore::participant(const WorkshopRow& w, const std::string& token_hash) {
    std::lock_guard lock(m_mutex);
    Statement q(m_db, "SELECT id FROM participants WHERE workshop_id = ? AND token_hash = ?");
    q.bind(1, w.id).bind(2, token_hash);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return q.integer(0);
    if (rc == SQLITE_DONE) return std::int64_t{0};
    return store_failed(m_db);
}

Outcome<bool> WorkshopStore::add_card(const WorkshopRow& w, std::int64_t participant_id, const std::string& card_id,
                                      const protocol::WorkshopCardRequest& card, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    return transaction<bool>(m_db, [&]() -> Outcome<bool> {
        Statement old(m_db, "SELECT workshop_id, title, challenge, idea FROM workshop_cards WHERE card_id = ?");
        old.bind(1, card_id);
        const int rc = old.step();
        if (rc == SQLITE_ROW) {
            if (old.integer(0) == w.id && old.text(1) == card.title && old.text(2) == card.challenge && old.text(3) == card.idea)
                return false;
            return WorkshopRefusal{409, code::conflict, "another card is stored under this id; make a new id", "card_id"};
        }
        if (rc != SQLITE_DONE) return store_failed(m_db);
        const std::int64_t revision = next_revision(w.id);
        Statement q(m_db, "INSERT INTO workshop_cards (card_id, workshop_id, participant_id, title, challenge, idea, theme,"
                          " contact_name, contact_email, status, created_ms, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, card_id).bind(2, w.id).bind(3, participant_id).bind(4, card.title).bind(5, card.challenge).bind(6, card.idea)
            .bind(7, card.theme).bind(8, card.contact_name.value_or("")).bind(9, card.contact_email.value_or(""))
            .bind(10, std::string(w.moderation == protocol::Moderation::Open ? "shown" : "pending")).bind(11, now_ms)
            .bind(12, revision);
        if (!revision || !q.run()) return store_failed(m_db);
        return true;
    });
}

Outcome<protocol::WorkshopCluster> WorkshopStore::add_cluster(const WorkshopRow& w, const protocol::ClusterRequest& request) {
    std::lock_guard lock(m_mutex);
    return transaction<protocol::WorkshopCluster>(m_db, [&]() -> Outcome<protocol::WorkshopCluster> {
        protocol::WorkshopCluster c;
        c.cluster_id = "c-" + crypto::random_token(9);
        c.name = request.name;
        c.colour = request.colour;
        c.theme = request.theme;
        c.revision = next_revision(w.id);
        Statement q(m_db, "INSERT INTO workshop_clusters (cluster_id, workshop_id, name, colour, theme, revision) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, c.cluster_id).bind(2, w.id).bind(3, c.name).bind(4, c.colour).bind(5, c.theme).bind(6, c.revision);
        if (!c.revision || !q.run()) return store_failed(m_db);
        return c;
    });
}

Outcome<protocol::WallCard> WorkshopStore::move_card(const WorkshopRow& w, const std::string& card_id,
                                                     const protocol::CardMoveRequest& move) {
    std::lock_guard lock(m_mutex);
    auto status_of = [&](const std::string& id) -> std::optional<std::string> {
        Statement q(m_db, "SELECT status FROM workshop_cards WHERE card_id = ? AND workshop_id = ?");
        q.bind(1, id).bind(2, w.id);
        if (q.step() != SQLITE_ROW) return std::nullopt;
        return q.text(0);
    };
    return transaction<protocol::WallCard>(m_db, [&]() -> Outcome<protocol::WallCard> {
        const auto status = status_of(card_id);
        if (!status) return not_found("this workshop has no card " + card_id, "card_id");
        if (*status == "merged") return invalid("the card was merged into another; move that one", "card_id");
        const std::int64_t revision = next_revision(w.id);
        if (!revision) return store_failed(m_db);
        if (move.cluster_id) {
            if (!move.cluster_id->empty()) {
                Statement c(m_db, "SELECT 1 FROM workshop_clusters WHERE cluster_id = ? AND workshop_id = ?");
                c.bind(1, *move.cluster_id).bind(2, w.id);
                if (c.step() != SQLITE_ROW) return not_found("this workshop has no cluster " + *move.cluster_id, "cluster_id");
            }
            Statement q(m_db, "UPDATE workshop_cards SET cluster_id = ?, revision = ? WHERE card_id = ?");
            q.bind(1, move.cluster_id).bind(2, revision).bind(3, card_id);
            if (!q.run()) return store_failed(m_db);
        }
        if (move.hidden) {
            Statement q(m_db, "UPDATE workshop_cards SET status = ?, revision = ? WHERE card_id = ?");
            q.bind(1, std::string(*move.hidden ? "hidden" : "shown")).bind(2, revision).bind(3, card_id);
            // A hidden card's dots go back to the participants who gave them.
            Statement refund(m_db, "DELETE FROM workshop_votes WHERE card_id = ?");
            refund.bind(1, card_id);
            if (!q.run() || (*move.hidden && !refund.run())) return store_failed(m_db);
        }
        if (move.merge_into) {
            const std::string& into = *move.merge_into;
            if (into == card_id) return invalid("a card cannot be merged into itself", "merge_into");
            const auto target = status_of(into);
            if (!target) return not_found("this workshop has no card " + into, "merge_into");
            if (*target != "shown" && *target != "pending")
                return invalid("cards can be merged only into a card that is on the wall (that one is " + *target + ")", "merge_into");
            // The duplicate's dots move to the card it joins, per participant, so nobody's total changes.
            Statement add(m_db, "INSERT INTO workshop_votes (participant_id, card_id, dots) SELECT participant_id, ?, dots"
                                " FROM workshop_votes WHERE card_id = ? AND true"
                                " ON CONFLICT (participant_id, card_id) DO UPDATE SET dots = dots + excluded.dots");
            add.bind(1, into).bind(2, card_id);
            Statement drop(m_db, "DELETE FROM workshop_votes WHERE card_id = ?");
            drop.bind(1, card_id);
            Statement merged(m_db, "UPDATE workshop_cards SET status = 'merged', merged_into = ?, revision = ? WHERE card_id = ?");
            merged.bind(1, into).bind(2, revision).bind(3, card_id);
            Statement stamp(m_db, "UPDATE workshop_cards SET revision = ? WHERE card_id = ?");
            stamp.bind(1, revision).bind(2, into);
            // Cards merged into this one follow it.
            Statement follow(m_db, "UPDATE workshop_cards SET merged_into = ?, revision = ? WHERE merged_into = ?");
            follow.bind(1, into).bind(2, revision).bind(3, card_id);
            if (!add.run() || !drop.run() || !merged.run() || !stamp.run() || !follow.run()) return store_failed(m_db);
        }
        auto cards = read_cards(m_db, w.id, 0, Viewer{true, 0}, "c.card_id = ?", card_id);
        if (cards.empty()) return store_failed(m_db);
        return cards.front();
    });
}

Outcome<bool> WorkshopStore::set_voting(const WorkshopRow& w, bool open) {
    std::lock_guard lock(m_mutex);
    return transaction<bool>(m_db, [&]() -> Outcome<bool> {
        const std::int64_t revision = next_revision(w.id);
        Statement q(m_db, "UPDATE workshops SET voting_open = ?, info_revision = ? WHERE id = ?");
        q.bind(1, std::int64_t{open ? 1 : 0}).bind(2, revision).bind(3, w.id);
        if (!revision || !q.run()) return store_failed(m_db);
        return open;
    });
}

Outcome<std::int64_t> WorkshopStore::vote(const WorkshopRow& w, std::int64_t participant_id, const protocol::VoteRequest& vote) {
    if (vote.dots < 0) return invalid("dots must be 0 or more", "dots");
    std::lock_guard lock(m_mutex);
    return transaction<std::int64_t>(m_db, [&]() -> Outcome<std::int64_t> {
        Statement open(m_db, "SELECT voting_open, dots_per_participant FROM workshops WHERE id = ?");
        open.bind(1, w.id);
        if (open.step() != SQLITE_ROW) return store_failed(m_db);
        if (open.integer(0) == 0)
            return WorkshopRefusal{409, protocol::workshop_error::voting_closed, "voting has not been opened by the facilitator", {}};
        const std::int64_t limit = open.integer(1);
        Statement card(m_db, "SELECT status FROM workshop_cards WHERE card_id = ? AND workshop_id = ?");
        card.bind(1, vote.card_id).bind(2, w.id);
        if (card.step() != SQLITE_ROW) return not_found("this workshop has no card " + vote.card_id, "card_id");
        if (card.text(0) != "shown") return invalid("only cards on the wall take dots (this one is " + card.text(0) + ")", "card_id");
        Statement used(m_db, "SELECT COALESCE(SUM(dots), 0) FROM workshop_votes WHERE participant_id = ? AND card_id <> ?");
        used.bind(1, participant_id).bind(2, vote.card_id);
        if (used.step() != SQLITE_ROW) return store_failed(m_db);
        const std::int64_t elsewhere = used.integer(0);
        if (elsewhere + vote.dots > limit)
            return WorkshopRefusal{409, protocol::workshop_error::too_many_dots,
                           "each participant has " + std::to_string(limit) + " dots; " + std::to_string(limit - elsewhere) +
                               " are left for this card",
                           "dots"};
        const std::int64_t revision = next_revision(w.id);
        Statement set(m_db, "INSERT INTO workshop_votes (participant_id, card_id, dots) VALUES (?, ?, ?)"
                            " ON CONFLICT (participant_id, card_id) DO UPDATE SET dots = excluded.dots");
        set.bind(1, participant_id).bind(2, vote.card_id).bind(3, vote.dots);
        Statement stamp(m_db, "UPDATE workshop_cards SET revision = ? WHERE card_id = ?");
        stamp.bind(1, revision).bind(2, vote.card_id);
        if (!revision || !set.run() || !stamp.run()) return store_failed(m_db);
        return limit - elsewhere - vote.dots;
    });
}

std::vector<protocol::WallCard> WorkshopStore::read_cards(sqlite3* db, std::int64_t workshop_id, std::int64_t since, const Viewer& viewer,
                                                          const std::string& extra_where, const std::string& extra_value) {
    std::string sql = std::string(card_select) + " WHERE c.workshop_id = ? AND c.revision > ?";
    if (!extra_where.empty()) sql += " AND " + extra_where;
    sql += " ORDER BY c.revision, c.card_id";
    Statement q(db, sql);
    q.bind(1, workshop_id).bind(2, since);
    if (!extra_where.empty()) q.bind(3, extra_value);
    std::vector<protocol::WallCard> out;
    while (q.step() == SQLITE_ROW) out.push_back(read_wall_card(q, viewer));
    return out;
}

Outcome<protocol::WorkshopChanges> WorkshopStore::changes(const WorkshopRow& w, std::int64_t since, const Viewer& viewer) {
    std::lock_guard lock(m_reader_mutex);
    // One read transaction: the revision and the rows agree.
    if (!exec(m_reader, "BEGIN")) return store_failed(m_reader);
    auto fresh = read_workshop(m_reader, "id = ?", std::to_string(w.id));
    Outcome<protocol::WorkshopChanges> result = [&]() -> Outcome<protocol::WorkshopChanges> {
        if (!fresh.ok()) return fresh.refusal;
        protocol::WorkshopChanges c;
        c.revision = fresh.value->revision;
        if (fresh.value->info_revision > since) c.workshop = info(*fresh.value);
        Statement clusters(m_reader, "SELECT cluster_id, name, colour, theme, revision FROM workshop_clusters"
                                 " WHERE workshop_id = ? AND revision > ? ORDER BY revision, cluster_id");
        clusters.bind(1, w.id).bind(2, since);
        while (clusters.step() == SQLITE_ROW)
            c.clusters.push_back({clusters.text(0), clusters.text(1), clusters.text(2), clusters.text(3), clusters.integer(4)});
        c.cards = read_cards(m_reader, w.id, since, viewer);
        if (!viewer.facilitator) {
            Statement mine(m_reader, "SELECT card_id, dots FROM workshop_votes WHERE participant_id = ? AND dots > 0 ORDER BY card_id");
            mine.bind(1, viewer.participant_id);
            std::int64_t used = 0;
            while (mine.step() == SQLITE_ROW) {
                c.my_votes.push_back({mine.text(0), mine.integer(1)});
                used += mine.integer(1);
            }
            c.dots_left = fresh.value->dots_per_participant - used;
        }
        return c;
    }();
    exec(m_reader, "COMMIT");
    return result;
}

Outcome<PromotionSource> WorkshopStore::promotion_source(const WorkshopRow& w, const protocol::PromoteRequest& request) {
    if (request.card_id.has_value() == request.cluster_id.has_value())
        return invalid("promote either a card_id or a cluster_id", request.card_id ? "cluster_id" : "card_id");
    std::lock_guard lock(m_mutex);
    PromotionSource source;
    source.workshop = w;
    std::string where;
    std::string key;
    if (request.cluster_id) {
        Statement c(m_db, "SELECT cluster_id, name, colour, theme, revision FROM workshop_clusters WHERE cluster_id = ? AND workshop_id = ?");
        c.bind(1, *request.cluster_id).bind(2, w.id);
        if (c.step() != SQLITE_ROW) return not_found("this workshop has no cluster " + *request.cluster_id, "cluster_id");
        source.cluster = protocol::WorkshopCluster{c.text(0), c.text(1), c.text(2), c.text(3), c.integer(4)};
        where = "((c.status = 'shown' AND c.cluster_id = ?1) OR (c.status = 'merged' AND c.merged_into IN"
                " (SELECT card_id FROM workshop_cards WHERE cluster_id = ?1 AND status = 'shown')))";
        key = *request.cluster_id;
    } else {
        where = "(c.card_id = ?1 OR c.merged_into = ?1)";
        key = *request.card_id;
    }
    Statement q(m_db, std::string(card_select) + " WHERE c.workshop_id = ?2 AND " + where + " ORDER BY c.created_ms, c.card_id");
    q.bind(1, key).bind(2, w.id);
    while (q.step() == SQLITE_ROW) {
        WorkshopCardRow row;
        row.card = read_wall_card(q, Viewer{true, 0});
        row.contact_name = q.text(11);
        row.contact_email = q.text(12);
        row.created_ms = q.integer(13);
        if (row.card.status != "merged") source.dots += row.card.dots;
        source.cards.push_back(std::move(row));
    }
    if (source.cards.empty())
        return request.cluster_id ? invalid("the cluster has no card on the wall to promote", "cluster_id")
                                  : not_found("this workshop has no card " + key, "card_id");
    for (const auto& r : source.cards)
        if (r.card.card_id == key && r.card.status != "shown")
            return invalid("only a card on the wall can be promoted (this one is " + r.card.status + ")", "card_id");
    return source;
}

std::optional<protocol::PromoteReply> WorkshopStore::earlier_promotion(const WorkshopRow& w, const protocol::PromoteRequest& request) {
    std::lock_guard lock(m_mutex);
    // A cluster by its id; a card alone by being among the source cards of a promotion with no
    // cluster (with the duplicates merged into it, in the order they arrived: one id a line).
    Statement q(m_db, request.cluster_id
                          ? "SELECT inbox_card_id, cluster_id, source_cards, dots FROM workshop_promotions"
                            " WHERE workshop_id = ?1 AND cluster_id = ?2 ORDER BY promoted_ms LIMIT 1"
                          : "SELECT inbox_card_id, cluster_id, source_cards, dots FROM workshop_promotions"
                            " WHERE workshop_id = ?1 AND cluster_id IS NULL"
                            " AND instr(char(10) || source_cards || char(10), char(10) || ?2 || char(10)) > 0 ORDER BY promoted_ms LIMIT 1");
    q.bind(1, w.id).bind(2, request.cluster_id.value_or(request.card_id.value_or("")));
    if (q.step() != SQLITE_ROW) return std::nullopt;
    protocol::PromoteReply reply;
    reply.inbox_card_id = q.text(0);
    if (!q.text(1).empty()) reply.cluster_id = q.text(1);
    reply.source_cards = split_lines(q.text(2));
    reply.dots = q.integer(3);
    return reply;
}

Status WorkshopStore::record_promotion(const WorkshopRow& w, const protocol::PromoteReply& reply, std::int64_t now_ms) {
    std::lock_guard lock(m_mutex);
    Statement q(m_db, "INSERT INTO workshop_promotions (inbox_card_id, workshop_id, cluster_id, source_cards, dots, promoted_ms)"
                      " VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, reply.inbox_card_id).bind(2, w.id).bind(3, reply.cluster_id).bind(4, join_lines(reply.source_cards))
        .bind(5, reply.dots).bind(6, now_ms);
    if (!q.run()) return Error{sqlite3_errmsg(m_db), "sqlite: workshop promotion"};
    return {};
}

} // namespace idekort::server

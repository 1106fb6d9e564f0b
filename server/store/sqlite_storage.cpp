// SQLite storage (see sqlite_storage.h).
#include "server/store/sqlite_storage.h"

#include "common/card_json.h"
#include "common/json_writer.h"
#include "common/protocol/devices.h"

#include "sqlite/durable_database.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>

namespace idekort::server {

namespace {

// Migration N is migrations[N - 1]. Never edit one that has shipped; add the next.
const char* const migrations[] = {
    // 1: cards, devices with their enrollment codes, administrator accounts and sessions.
    R"sql(
    CREATE TABLE cards (
        seq          INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL UNIQUE,
        receipt      TEXT NOT NULL UNIQUE,
        received_ms  INTEGER NOT NULL,
        sender       TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'received',
        theme        TEXT NOT NULL,
        body         TEXT NOT NULL
    );
    CREATE INDEX cards_by_theme ON cards (theme, seq);
    CREATE INDEX cards_by_time ON cards (received_ms);
    CREATE INDEX cards_by_sender ON cards (sender);
    CREATE TABLE devices (
        device_id    TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        token_hash   TEXT NOT NULL UNIQUE,
        enrolled_ms  INTEGER NOT NULL,
        revoked_ms   INTEGER
    );
    CREATE TABLE enrollment_codes (
        code_hash    TEXT PRIMARY KEY,
        created_ms   INTEGER NOT NULL,
        expires_ms   INTEGER,
        created_by   TEXT NOT NULL,
        used_ms      INTEGER,
        device_id    TEXT REFERENCES devices (device_id)
    );
    CREATE TABLE users (
        user_id          INTEGER PRIMARY KEY,
        username         TEXT NOT NULL UNIQUE,
        role             TEXT NOT NULL CHECK (role IN ('admin', 'triage', 'director', 'facilitator')),
        password_hash    TEXT NOT NULL,
        created_ms       INTEGER NOT NULL,
        failed_logins    INTEGER NOT NULL DEFAULT 0,
        locked_until_ms  INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sessions (
        token_hash   TEXT PRIMARY KEY,
        user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
        created_ms   INTEGER NOT NULL,
        expires_ms   INTEGER NOT NULL
    );
    )sql",
    // 2 (issue 14): the card's place in the pipeline and its version, the append-only transition
    // log, and the themes a director answers for. Existing cards keep their rows and start at
    // version 0 in the state they had.
    R"sql(
    ALTER TABLE cards ADD COLUMN pipeline_step INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cards ADD COLUMN pipeline_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cards ADD COLUMN close_reason TEXT;
    ALTER TABLE cards ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';
    ALTER TABLE cards ADD COLUMN feedback TEXT NOT NULL DEFAULT '';
    ALTER TABLE cards ADD COLUMN changed_ms INTEGER;
    CREATE INDEX cards_by_state ON cards (state, theme, seq);
    CREATE TABLE card_transitions (
        seq          INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL REFERENCES cards (card_id),
        version      INTEGER NOT NULL,
        action       TEXT NOT NULL,
        from_state   TEXT NOT NULL,
        to_state     TEXT NOT NULL,
        step         INTEGER NOT NULL,
        by_account   TEXT NOT NULL,
        role         TEXT NOT NULL,
        at_ms        INTEGER NOT NULL,
        why          TEXT NOT NULL DEFAULT '',
        UNIQUE (card_id, version)
    );
    -- Who decided what, and when, is evidence: the log only grows.
    CREATE TRIGGER card_transitions_no_update BEFORE UPDATE ON card_transitions
    BEGIN SELECT RAISE(ABORT, 'card_transitions is append-only'); END;
    CREATE TRIGGER card_transitions_no_delete BEFORE DELETE ON card_transitions
    BEGIN SELECT RAISE(ABORT, 'card_transitions is append-only'); END;
    CREATE TABLE account_themes (
        user_id      INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
        theme        TEXT NOT NULL,
        PRIMARY KEY (user_id, theme)
    );
    )sql",
    // 3 (issue 14): screening meetings: date, themes, participants, an agenda with time boxes,
    // each director's scores per criterion, and the decisions with the scores' tally.
    R"sql(
    CREATE TABLE meetings (
        meeting_id   TEXT PRIMARY KEY,
        held_on      TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        created_ms   INTEGER NOT NULL,
        revision     INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE meeting_themes (
        meeting_id   TEXT NOT NULL REFERENCES meetings (meeting_id),
        theme        TEXT NOT NULL,
        PRIMARY KEY (meeting_id, theme)
    );
    CREATE TABLE meeting_participants (
        meeting_id   TEXT NOT NULL REFERENCES meetings (meeting_id),
        username     TEXT NOT NULL,
        PRIMARY KEY (meeting_id, username)
    );
    CREATE TABLE meeting_agenda (
        meeting_id   TEXT NOT NULL REFERENCES meetings (meeting_id),
        position     INTEGER NOT NULL,
        card_id      TEXT NOT NULL REFERENCES cards (card_id),
        minutes      INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, card_id)
    );
    CREATE TABLE meeting_scores (
        meeting_id   TEXT NOT NULL REFERENCES meetings (meeting_id),
        card_id      TEXT NOT NULL,
        director     TEXT NOT NULL,
        criterion    TEXT NOT NULL,
        score        TEXT NOT NULL CHECK (score IN ('yes', 'partly', 'no')),
        note         TEXT NOT NULL DEFAULT '',
        at_ms        INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, card_id, director, criterion)
    );
    CREATE TABLE meeting_decisions (
        meeting_id   TEXT NOT NULL REFERENCES meetings (meeting_id),
        card_id      TEXT NOT NULL,
        decision     TEXT NOT NULL,
        by_account   TEXT NOT NULL,
        at_ms        INTEGER NOT NULL,
        yes          INTEGER NOT NULL,
        partly       INTEGER NOT NULL,
        no           INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, card_id)
    );
    )sql",
    // 4 (issue 14): a test card per funded step, with its learning, and the money ledger. The
    // ledger, like the transition log, only grows.
    R"sql(
    CREATE TABLE test_cards (
        card_id            TEXT NOT NULL REFERENCES cards (card_id),
        step               INTEGER NOT NULL,
        hypothesis         TEXT NOT NULL,
        test               TEXT NOT NULL,
        measure            TEXT NOT NULL,
        success_criterion  TEXT NOT NULL,
        period_from        TEXT NOT NULL,
        period_to          TEXT NOT NULL,
        budget_dkk         INTEGER NOT NULL,
        owner              TEXT NOT NULL,
        created_ms         INTEGER NOT NULL,
        believed           TEXT NOT NULL DEFAULT '',
        observed           TEXT NOT NULL DEFAULT '',
        learned            TEXT NOT NULL DEFAULT '',
        learning_decision  TEXT NOT NULL DEFAULT '',
        learned_ms         INTEGER,
        PRIMARY KEY (card_id, step)
    );
    CREATE TABLE money_ledger (
        seq          INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL REFERENCES cards (card_id),
        theme        TEXT NOT NULL,
        step         INTEGER NOT NULL,
        year         INTEGER NOT NULL,
        amount_dkk   INTEGER NOT NULL,
        at_ms        INTEGER NOT NULL,
        by_account   TEXT NOT NULL
    );
    CREATE INDEX money_ledger_by_theme_year ON money_ledger (theme, year);
    CREATE TRIGGER money_ledger_no_update BEFORE UPDATE ON money_ledger
    BEGIN SELECT RAISE(ABORT, 'money_ledger is append-only'); END;
    CREATE TRIGGER money_ledger_no_delete BEFORE DELETE ON money_ledger
    BEGIN SELECT RAISE(ABORT, 'money_ledger is append-only'); END;
    )sql",
    // 5 (issue 14): erasures of contact details (GDPR Art. 5): when, by whom, why. The erasure
    // itself is logged and the log only grows.
    R"sql(
    CREATE TABLE contact_erasures (
        card_id      TEXT PRIMARY KEY REFERENCES cards (card_id),
        by_account   TEXT NOT NULL,
        reason       TEXT NOT NULL,
        at_ms        INTEGER NOT NULL
    );
    CREATE TRIGGER contact_erasures_no_update BEFORE UPDATE ON contact_erasures
    BEGIN SELECT RAISE(ABORT, 'contact_erasures is append-only'); END;
    CREATE TRIGGER contact_erasures_no_delete BEFORE DELETE ON contact_erasures
    BEGIN SELECT RAISE(ABORT, 'contact_erasures is append-only'); END;
    )sql",
    // 6 (issue 14): the dashboard's figures without scanning the log. Each transition records how
    // long the card stayed in the state it left (in_state_ms) and the card's theme then; a card
    // records when the directors first decided on it after screening. Older rows are filled in
    // here, the only time the log's rows are written to after their insert: the trigger that
    // keeps the log append-only is lifted for the fill and put back in the same transaction.
    // The indexes serve the dashboard (year, theme, state) and the office's inbox and waiting list.
    R"sql(
    ALTER TABLE card_transitions ADD COLUMN in_state_ms INTEGER;
    ALTER TABLE card_transitions ADD COLUMN theme TEXT NOT NULL DEFAULT '';
    ALTER TABLE cards ADD COLUMN first_decision_ms INTEGER;
    DROP TRIGGER card_transitions_no_update;
    UPDATE card_transitions SET
        in_state_ms = at_ms - COALESCE((SELECT p.at_ms FROM card_transitions p WHERE p.card_id = card_transitions.card_id
                                        AND p.version = card_transitions.version - 1),
                                       (SELECT c.received_ms FROM cards c WHERE c.card_id = card_transitions.card_id)),
        theme = (SELECT c.theme FROM cards c WHERE c.card_id = card_transitions.card_id);
    CREATE TRIGGER card_transitions_no_update BEFORE UPDATE ON card_transitions
    BEGIN SELECT RAISE(ABORT, 'card_transitions is append-only'); END;
    UPDATE cards SET first_decision_ms = (SELECT MIN(t.at_ms) FROM card_transitions t WHERE t.card_id = cards.card_id
                                          AND t.from_state = 'in_screening');
    CREATE INDEX cards_by_year ON cards (received_ms, theme, state, first_decision_ms);
    CREATE INDEX cards_by_state_since ON cards (COALESCE(changed_ms, received_ms));
    CREATE INDEX cards_waiting ON cards (COALESCE(changed_ms, received_ms)) WHERE state <> 'closed';
    CREATE INDEX card_transitions_by_time ON card_transitions (at_ms, theme, from_state, in_state_ms);
    )sql",
    // 7 (issue 14): a card's sparring partner (an account, or a named person) and its advice log,
    // which like the transition log only grows.
    R"sql(
    CREATE TABLE card_sparring (
        card_id      TEXT PRIMARY KEY REFERENCES cards (card_id),
        account      TEXT NOT NULL DEFAULT '',
        name         TEXT NOT NULL DEFAULT '',
        organisation TEXT NOT NULL DEFAULT '',
        set_by       TEXT NOT NULL,
        set_ms       INTEGER NOT NULL
    );
    CREATE TABLE card_advice (
        seq          INTEGER PRIMARY KEY,
        card_id      TEXT NOT NULL REFERENCES cards (card_id),
        given_on     TEXT NOT NULL,
        agreed       TEXT NOT NULL,
        next_step    TEXT NOT NULL DEFAULT '',
        by_account   TEXT NOT NULL,
        at_ms        INTEGER NOT NULL
    );
    CREATE INDEX card_advice_by_card ON card_advice (card_id, seq);
    CREATE TRIGGER card_advice_no_update BEFORE UPDATE ON card_advice
    BEGIN SELECT RAISE(ABORT, 'card_advice is append-only'); END;
    CREATE TRIGGER card_advice_no_delete BEFORE DELETE ON card_advice
    BEGIN SELECT RAISE(ABORT, 'card_advice is append-only'); END;
    )sql",
    // 8 (issue 14, GDPR Art. 5 and 25): contact details in their own table, apart from the idea,
    // so that who may see them is one join and erasing them is one DELETE. The SQL makes the
    // table; move_contacts_out_of_bodies() moves each stored card's contact in the same transaction.
    R"sql(
    CREATE TABLE card_contacts (
        card_id            TEXT PRIMARY KEY REFERENCES cards (card_id),
        name               TEXT NOT NULL DEFAULT '',
        workplace          TEXT NOT NULL DEFAULT '',
        email              TEXT NOT NULL DEFAULT '',
        phone              TEXT NOT NULL DEFAULT '',
        consent_to_contact INTEGER NOT NULL DEFAULT 0
    );
    )sql",
    // 9 (issue 14): the outbox of stage-change e-mails. A row is written in the transition's own
    // transaction, one per (card, version), so a stage change has exactly one mail, kept across
    // restarts until the relay takes it. No address is copied here: it is read when sending.
    R"sql(
    CREATE TABLE mail_outbox (
        seq              INTEGER PRIMARY KEY,
        card_id          TEXT NOT NULL REFERENCES cards (card_id),
        version          INTEGER NOT NULL,
        to_state         TEXT NOT NULL,
        step             INTEGER NOT NULL,
        created_ms       INTEGER NOT NULL,
        attempts         INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms  INTEGER NOT NULL,
        last_error       TEXT NOT NULL DEFAULT '',
        done_ms          INTEGER,
        outcome          TEXT NOT NULL DEFAULT '',
        UNIQUE (card_id, version)
    );
    CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE done_ms IS NULL;
    )sql",
    // 10 (issue 14): the dashboard's summaries, so that a year's figures are a few hundred rows
    // instead of the year's cards and log (p99 <= 50 ms over 100,000 cards, docs/BENCHMARKS.md).
    // Per UTC year: cards received per theme and current state; cards' days to their first
    // decision, and stays that ended, as histograms of counts per bucket (to the nearest hour
    // under 14 days, to the nearest day from then on: docs/API.md says what that does to a
    // median). Triggers keep them in the same transaction as every insert and change of a card
    // and every logged transition, whatever code path writes; the migration fills them from the
    // rows already there. @BUCKET(ms) is bucket_sql() below, the one definition of a bucket
    // (tests recompute the tables from the cards and the log, and compare); @COUNT_NEW and
    // @UNCOUNT_OLD are a card's part of the funnel and first decisions, added and taken back.
    R"sql(
    CREATE TABLE dashboard_funnel (
        year         INTEGER NOT NULL,
        theme        TEXT NOT NULL,
        state        TEXT NOT NULL,
        cards        INTEGER NOT NULL,
        PRIMARY KEY (year, theme, state)
    ) WITHOUT ROWID;
    CREATE TABLE dashboard_first_decisions (
        year         INTEGER NOT NULL,
        theme        TEXT NOT NULL,
        bucket_ms    INTEGER NOT NULL,
        cards        INTEGER NOT NULL,
        PRIMARY KEY (year, theme, bucket_ms)
    ) WITHOUT ROWID;
    CREATE TABLE dashboard_stays (
        year         INTEGER NOT NULL,
        theme        TEXT NOT NULL,
        state        TEXT NOT NULL,
        bucket_ms    INTEGER NOT NULL,
        stays        INTEGER NOT NULL,
        PRIMARY KEY (year, theme, state, bucket_ms)
    ) WITHOUT ROWID;
    INSERT INTO dashboard_funnel (year, theme, state, cards)
        SELECT CAST(strftime('%Y', received_ms / 1000, 'unixepoch') AS INTEGER), theme, state, COUNT(*) FROM cards GROUP BY 1, 2, 3;
    INSERT INTO dashboard_first_decisions (year, theme, bucket_ms, cards)
        SELECT CAST(strftime('%Y', received_ms / 1000, 'unixepoch') AS INTEGER), theme, @BUCKET(first_decision_ms - received_ms), COUNT(*)
        FROM cards WHERE first_decision_ms IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO dashboard_stays (year, theme, state, bucket_ms, stays)
        SELECT CAST(strftime('%Y', at_ms / 1000, 'unixepoch') AS INTEGER), theme, from_state, @BUCKET(in_state_ms), COUNT(*)
        FROM card_transitions WHERE in_state_ms IS NOT NULL GROUP BY 1, 2, 3, 4;
    -- The dashboard's other two reads: one theme's waiting cards without a table lookup per
    -- waiting card (tens of thousands over 100,000 cards), and the year's ledger by an index.
    CREATE INDEX cards_waiting_by_theme ON cards (theme, COALESCE(changed_ms, received_ms)) WHERE state <> 'closed';
    CREATE INDEX money_ledger_by_year ON money_ledger (year, theme, step, card_id, amount_dkk);
    CREATE TRIGGER dashboard_card_in AFTER INSERT ON cards
    BEGIN
        @COUNT_NEW;
    END;
    CREATE TRIGGER dashboard_card_out AFTER DELETE ON cards
    BEGIN
        @UNCOUNT_OLD;
    END;
    CREATE TRIGGER dashboard_card_moved AFTER UPDATE OF received_ms, theme, state, first_decision_ms ON cards
    WHEN OLD.received_ms IS NOT NEW.received_ms OR OLD.theme IS NOT NEW.theme OR OLD.state IS NOT NEW.state
         OR OLD.first_decision_ms IS NOT NEW.first_decision_ms
    BEGIN
        @UNCOUNT_OLD;
        @COUNT_NEW;
    END;
    CREATE TRIGGER dashboard_stay_ended AFTER INSERT ON card_transitions WHEN NEW.in_state_ms IS NOT NULL
    BEGIN
        INSERT INTO dashboard_stays (year, theme, state, bucket_ms, stays)
            VALUES (CAST(strftime('%Y', NEW.at_ms / 1000, 'unixepoch') AS INTEGER), NEW.theme, NEW.from_state, @BUCKET(NEW.in_state_ms), 1)
            ON CONFLICT (year, theme, state, bucket_ms) DO UPDATE SET stays = stays + 1;
    END;
    )sql",
};
constexpr int contacts_table_migration = 8;

// The dashboard's histogram bucket of a stay of `ms` milliseconds (migration 10), as SQL: the
// stay rounded to the nearest hour under 14 days (what median_hours shows), to the nearest day
// from 14 days on (median_days; a chart does not tell 14 days from 14 days and 3 hours apart).
// A negative stay (a clock set back) keeps its own value. Each bucket is named by the stay it
// stands for, in milliseconds, so a median over buckets reads like one over stays.
std::string bucket_sql(const std::string& ms) {
    const std::string x = "(" + ms + ")";
    return "(CASE WHEN " + x + " < 0 THEN " + x + " WHEN " + x + " < 1209600000 THEN ((" + x + " + 1800000) / 3600000) * 3600000" +
           " ELSE ((" + x + " + 43200000) / 86400000) * 86400000 END)";
}

// Migration 10's triggers: the card's row (NEW) counted into the funnel and first decisions, and
// the row as it was (OLD) taken out of them; an emptied cell is removed, so a theme that no
// longer has cards does not show as a column of zeros.
const char* const count_new_card = R"sql(
        INSERT INTO dashboard_funnel (year, theme, state, cards)
            VALUES (CAST(strftime('%Y', NEW.received_ms / 1000, 'unixepoch') AS INTEGER), NEW.theme, NEW.state, 1)
            ON CONFLICT (year, theme, state) DO UPDATE SET cards = cards + 1;
        INSERT INTO dashboard_first_decisions (year, theme, bucket_ms, cards)
            SELECT CAST(strftime('%Y', NEW.received_ms / 1000, 'unixepoch') AS INTEGER), NEW.theme,
                   @BUCKET(NEW.first_decision_ms - NEW.received_ms), 1
            WHERE NEW.first_decision_ms IS NOT NULL
            ON CONFLICT (year, theme, bucket_ms) DO UPDATE SET cards = cards + 1)sql";
const char* const uncount_old_card = R"sql(
        UPDATE dashboard_funnel SET cards = cards - 1
            WHERE year = CAST(strftime('%Y', OLD.received_ms / 1000, 'unixepoch') AS INTEGER) AND theme = OLD.theme AND state = OLD.state;
        UPDATE dashboard_first_decisions SET cards = cards - 1
            WHERE OLD.first_decision_ms IS NOT NULL AND year = CAST(strftime('%Y', OLD.received_ms / 1000, 'unixepoch') AS INTEGER)
            AND theme = OLD.theme AND bucket_ms = @BUCKET(OLD.first_decision_ms - OLD.received_ms);
        DELETE FROM dashboard_funnel WHERE cards = 0 AND year = CAST(strftime('%Y', OLD.received_ms / 1000, 'unixepoch') AS INTEGER)
            AND theme = OLD.theme AND state = OLD.state;
        DELETE FROM dashboard_first_decisions WHERE cards = 0 AND OLD.first_decision_ms IS NOT NULL
            AND year = CAST(strftime('%Y', OLD.received_ms / 1000, 'unixepoch') AS INTEGER) AND theme = OLD.theme
            AND bucket_ms = @BUCKET(OLD.first_decision_ms - OLD.received_ms))sql";

void replace_all(std::string& text, const std::string& mark, const std::string& with) {
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + with.size())) text.replace(at, mark.size(), with);
}

// Migration v's SQL with @COUNT_NEW and @UNCOUNT_OLD written out, then each @BUCKET(expression)
// by bucket_sql().
std::string migration_sql(int v) {
    std::string sql = migrations[v - 1];
    replace_all(sql, "@COUNT_NEW", count_new_card);
    replace_all(sql, "@UNCOUNT_OLD", uncount_old_card);
    const std::string mark = "@BUCKET(";
    for (std::size_t at = sql.find(mark); at != std::string::npos; at = sql.find(mark, at)) {
        const std::size_t close = sql.find(')', at);
        const std::string expanded = bucket_sql(sql.substr(at + mark.size(), close - at - mark.size()));
        sql.replace(at, close + 1 - at, expanded);
        at += expanded.size();
    }
    return sql;
}
constexpr int migration_count = static_cast<int>(sizeof migrations / sizeof migrations[0]);

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Error sql_error(sqlite3* db, const std::string& what) { return Error{std::string(sqlite3_errmsg(db)), "sqlite: " + what}; }

// A prepared statement that finalises itself; binds and reads by 1-based / 0-based index.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { m_rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return m_rc == SQLITE_OK; }
    sqlite3_stmt* handle() const { return m_stmt; }
    Statement& bind(int i, const std::string& v) { sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); return *this; }
    Statement& bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); return *this; }
    Statement& bind(int i, std::optional<std::int64_t> v) {
        if (v) sqlite3_bind_int64(m_stmt, i, *v); else sqlite3_bind_null(m_stmt, i);
        return *this;
    }
    Statement& reset() { sqlite3_reset(m_stmt); sqlite3_clear_bindings(m_stmt); return *this; }
    // SQLITE_ROW, SQLITE_DONE, or an error code.
    int step() { return prepared() ? sqlite3_step(m_stmt) : m_rc; }
    std::string text(int col) const {
        const auto* p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
    }
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    std::optional<std::int64_t> optional_integer(int col) const {
        if (sqlite3_column_type(m_stmt, col) == SQLITE_NULL) return std::nullopt;
        return integer(col);
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc;
};

Status exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error e{message ? message : "failed", std::string("sqlite: ") + std::string(sql).substr(0, 40)};
        sqlite3_free(message);
        return e;
    }
    return {};
}

// Runs `body` in a transaction (BEGIN IMMEDIATE: the write lock is taken at once, so two
// writers queue on the busy timeout instead of failing at the first write).
template <class T, class Body>
Expected<T> in_transaction(sqlite3* db, Body&& body) {
    if (auto s = exec(db, "BEGIN IMMEDIATE"); !s) return s.error();
    Expected<T> result = body();
    if (!result) {
        exec(db, "ROLLBACK");
        return result;
    }
    if (auto s = exec(db, "COMMIT"); !s) {
        exec(db, "ROLLBACK");
        return s.error();
    }
    return result;
}

// WAL, synchronous=FULL, foreign keys and the busy timeout: sqlite/durable_database.h.
Expected<sqlite3*> open_connection(const std::string& path, bool read_only) {
    sqlite::OpenOptions options;
    options.read_only = read_only;
    return sqlite::open_durable(path, options);
}

// The contact columns of card_contacts from `first` on; none when the join found no row.
std::optional<CardContact> read_contact(const Statement& q, int first) {
    if (!q.optional_integer(first + 4)) return std::nullopt;
    CardContact c;
    c.name = q.text(first);
    c.workplace = q.text(first + 1);
    c.email = q.text(first + 2);
    c.phone = q.text(first + 3);
    c.consent_to_contact = q.integer(first + 4) != 0;
    return c;
}
constexpr const char* contact_columns = "k.name, k.workplace, k.email, k.phone, k.consent_to_contact";

constexpr const char* contact_insert_sql =
    "INSERT INTO card_contacts (card_id, name, workplace, email, phone, consent_to_contact) VALUES (?, ?, ?, ?, ?, ?)";

// The contact's row on a prepared `contact_insert_sql`. The strings outlive the step, so they
// are bound without a copy.
Status insert_contact(sqlite3* db, sqlite3_stmt* q, const std::string& card_id, const CardContact& c) {
    const auto bind_text = [q](int i, const std::string& v) { sqlite3_bind_text(q, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC); };
    bind_text(1, card_id);
    bind_text(2, c.name);
    bind_text(3, c.workplace);
    bind_text(4, c.email);
    bind_text(5, c.phone);
    sqlite3_bind_int64(q, 6, c.consent_to_contact ? 1 : 0);
    const int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) return sql_error(db, "store contact");
    return {};
}

Status insert_contact(sqlite3* db, const std::string& card_id, const CardContact& c) {
    Statement q(db, contact_insert_sql);
    if (!q.prepared()) return sql_error(db, "prepare contact insert");
    return insert_contact(db, q.handle(), card_id, c);
}

// Migration 8's data step: each card whose body still holds a contact gets a card_contacts row
// and its body rewritten without it, by the same writer the API uses (card_to_json), so a
// resend of the card compares equal. A card erased before (its body minified by json_remove)
// is rewritten canonically too. A body that does not read back keeps its contact where it is
// rather than losing it, and the migration says so by failing: nothing is half-moved.
Status move_contacts_out_of_bodies(sqlite3* db) {
    Statement q(db, "SELECT card_id, body FROM cards WHERE json_type(body, '$.contact') IS NOT NULL "
                    "OR card_id IN (SELECT card_id FROM contact_erasures)");
    std::vector<std::pair<std::string, std::string>> rows;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) rows.emplace_back(q.text(0), q.text(1));
    if (rc != SQLITE_DONE) return sql_error(db, "read cards with contacts");
    Statement rewrite(db, "UPDATE cards SET body = ? WHERE card_id = ?");
    for (const auto& [card_id, body] : rows) {
        auto card = card_from_json(body);
        if (!card) return Error{"card " + card_id + " does not read back (" + card.error().describe() + "); its contact stays in its body", "migration 8"};
        IdeaCard idea = card.value();
        if (idea.has_contact) {
            if (auto s = insert_contact(db, card_id, idea.contact); !s) return s;
        }
        idea.has_contact = false;
        idea.contact = {};
        rewrite.reset().bind(1, card_to_json(idea)).bind(2, card_id);
        if (rewrite.step() != SQLITE_DONE) return sql_error(db, "rewrite card body");
    }
    return {};
}

StoredCard read_card(const Statement& q) {
    StoredCard c;
    c.seq = q.integer(0);
    c.card_id = q.text(1);
    c.receipt = q.text(2);
    c.received_ms = q.integer(3);
    c.sender = q.text(4);
    // A state this build does not know would come from a newer server's rows; it still lists.
    c.state = parse_card_state(q.text(5)).value_or(CardState::Received);
    c.theme = q.text(6);
    c.body = q.text(7);
    c.version = q.integer(8);
    c.state_since_ms = q.integer(9);
    c.contact = read_contact(q, 10);
    return c;
}
// Read as "SELECT <card_columns> <card_source> WHERE ...".
constexpr const char* card_columns =
    "seq, card_id, receipt, received_ms, sender, state, theme, body, pipeline_version, COALESCE(changed_ms, received_ms), "
    "k.name, k.workplace, k.email, k.phone, k.consent_to_contact";
constexpr const char* card_source = " FROM cards LEFT JOIN card_contacts k USING (card_id)";

Device read_device(const Statement& q) {
    Device d;
    d.device_id = q.text(0);
    d.name = q.text(1);
    d.enrolled_ms = q.integer(2);
    d.revoked_ms = q.optional_integer(3);
    d.cards = q.integer(4);
    return d;
}
constexpr const char* device_query =
    "SELECT d.device_id, d.name, d.enrolled_ms, d.revoked_ms,"
    " (SELECT COUNT(*) FROM cards WHERE sender = 'device:' || d.device_id) FROM devices d";

} // namespace

int SqliteStorage::latest_schema_version() { return migration_count; }

Expected<std::unique_ptr<SqliteStorage>> SqliteStorage::open(const std::string& path, int schema) {
    const int target = schema > 0 && schema < migration_count ? schema : migration_count;
    std::unique_ptr<SqliteStorage> store(new SqliteStorage());
    store->m_path = path;
    auto writer = open_connection(path, false);
    if (!writer) return writer.error();
    store->m_write = writer.value();

    // Erased contact details (issue 14) must not linger in free pages: deleted content is zeroed.
    if (auto s = exec(store->m_write, "PRAGMA secure_delete=ON"); !s) return Error{s.error().message, path};
    if (auto s = exec(store->m_write, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)"); !s)
        return Error{s.error().message, path};
    auto version = store->schema_version();
    if (!version) return version.error();
    if (version.value() > migration_count)
        return Error{"the database has schema version " + std::to_string(version.value()) + ", newer than this build knows (" +
                         std::to_string(migration_count) + "); use a newer idekort-server",
                     path};
    for (int v = version.value() + 1; v <= target; ++v) {
        auto applied = in_transaction<bool>(store->m_write, [&]() -> Expected<bool> {
            if (auto s = exec(store->m_write, migration_sql(v).c_str()); !s) return s.error();
            if (v == contacts_table_migration) {
                if (auto s = move_contacts_out_of_bodies(store->m_write); !s) return s.error();
            }
            Statement q(store->m_write, "INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)");
            q.bind(1, static_cast<std::int64_t>(v)).bind(2, now_ms());
            if (q.step() != SQLITE_DONE) return sql_error(store->m_write, "record migration");
            return true;
        });
        if (!applied) return Error{"migration " + std::to_string(v) + " failed: " + applied.error().describe(), path};
    }
    if (path != ":memory:" && path.rfind("file::memory:", 0) != 0) {
        auto reader = open_connection(path, true);
        if (!reader) return reader.error();
        store->m_read = reader.value();
        auto checkpointer = open_connection(path, false);
        if (!checkpointer) return checkpointer.error();
        store->m_checkpoint = checkpointer.value();
        sqlite3_wal_autocheckpoint(store->m_write, 0);
        // The commit hook reports the WAL's size after each commit.
        sqlite3_wal_hook(store->m_write, [](void* self, sqlite3* db, const char*, int pages) {
            auto* s = static_cast<SqliteStorage*>(self);
            s->m_wal_pages = pages;
            const int wake_at = s->m_checkpoint_pages;
            if (pages >= wake_at) s->m_checkpoint_wake.notify_one();
            // Under writes without a pause the thread's passes never catch up: each copies what
            // was committed when it began while new commits append, the WAL never restarts from
            // its beginning, and it grew without bound (377 MB after 45,000 cards, every commit's
            // fdatasync extending the file). At twice the wake-up size the writer copies the rest
            // itself, between its own commits, where nothing can append: usually only what came
            // in during the thread's last pass. Its next commit then starts the WAL over.
            if (pages >= 2 * wake_at) s->copy_wal_back(db);
            return SQLITE_OK;
        }, store.get());
        store->m_checkpointer = std::thread([s = store.get()] { s->checkpoint_loop(); });
    }
    return store;
}

void SqliteStorage::checkpoint_loop() {
    std::unique_lock<std::mutex> lock(m_checkpoint_mutex);
    for (;;) {
        m_checkpoint_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_closing || m_wal_pages >= m_checkpoint_pages; });
        if (m_closing) return;
        // Idle: a second's worth of small commits is not worth a pass (a wake-up size below 100
        // pages, which only tests set, must not make this loop spin).
        if (m_wal_pages < std::min(100, m_checkpoint_pages.load())) continue;
        lock.unlock();
        copy_wal_back(m_checkpoint);
        lock.lock();
    }
}

void SqliteStorage::copy_wal_back(sqlite3* db) {
    // One pass at a time: the writer's comes after the thread's, not BUSY beside it.
    std::lock_guard<std::mutex> pass(m_checkpoint_pass);
    int log = 0, done = 0;
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    // The WAL restarts from its beginning once every frame is copied and no reader needs it. A
    // pass that could not run says -1 for both: the count is taken as zero until the next commit
    // reports it, so the thread waits for that commit instead of retrying at once.
    if (log == done) m_wal_pages = 0;
}

SqliteStorage::~SqliteStorage() {
    {
        std::lock_guard<std::mutex> lock(m_checkpoint_mutex);
        m_closing = true;
    }
    m_checkpoint_wake.notify_one();
    if (m_checkpointer.joinable()) m_checkpointer.join();
    sqlite3_close(m_checkpoint);
    std::lock_guard<std::mutex> w(m_write_mutex);
    std::lock_guard<std::mutex> r(m_read_mutex);
    sqlite3_close(m_read);
    // Unfinalized statements would keep the connection open.
    sqlite3_finalize(m_insert_card);
    sqlite3_finalize(m_insert_contact);
    // A clean close checkpoints the WAL into the main file and removes it.
    sqlite3_close(m_write);
}

Expected<int> SqliteStorage::schema_version() {
    Statement q(m_write, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (q.step() != SQLITE_ROW) return sql_error(m_write, "schema version");
    return static_cast<int>(q.integer(0));
}

namespace {
bool same_contact(const CardContact& a, const CardContact& b) {
    return a.name == b.name && a.workplace == b.workplace && a.email == b.email && a.phone == b.phone &&
           a.consent_to_contact == b.consent_to_contact;
}

// A resend is the same card when the idea is the same and so is the contact. Once the contact
// is erased the idea alone decides: the device that sends the card again still holds the
// contact, and must be told "already received", not "a different card".
bool same_card(sqlite3* db, const StoredCard& stored, const IngestItem& item) {
    if (stored.body != item.body) return false;
    if (stored.contact && item.contact) return same_contact(*stored.contact, *item.contact);
    if (!stored.contact && !item.contact) return true;
    if (stored.contact) return false;
    Statement erased(db, "SELECT 1 FROM contact_erasures WHERE card_id = ?");
    erased.bind(1, stored.card_id);
    return erased.step() == SQLITE_ROW;
}
} // namespace

Expected<std::vector<IngestOutcome>> SqliteStorage::ingest(const std::vector<IngestItem>& batch) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<std::vector<IngestOutcome>>(m_write, [&]() -> Expected<std::vector<IngestOutcome>> {
        std::vector<IngestOutcome> out;
        out.reserve(batch.size());
        // The common case, a new card, is one INSERT; the unique indexes on card_id and receipt
        // say when it is not, and only then is the stored row read to tell which case it is.
        if (!m_insert_card &&
            sqlite3_prepare_v3(m_write, "INSERT INTO cards (card_id, receipt, received_ms, sender, theme, body) VALUES (?, ?, ?, ?, ?, ?) "
                                        "ON CONFLICT DO NOTHING", -1, SQLITE_PREPARE_PERSISTENT, &m_insert_card, nullptr) != SQLITE_OK)
            return sql_error(m_write, "prepare card insert");
        // The item outlives the step, so its text is bound without a copy (SQLITE_STATIC).
        const auto bind_text = [&](int i, const std::string& v) {
            sqlite3_bind_text(m_insert_card, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
        };
        const std::string select = std::string("SELECT ") + card_columns + card_source + " WHERE ";
        std::optional<Statement> by_id, by_receipt;
        for (const IngestItem& item : batch) {
            IngestOutcome outcome;
            bind_text(1, item.card_id);
            bind_text(2, item.receipt);
            sqlite3_bind_int64(m_insert_card, 3, item.received_ms);
            bind_text(4, item.sender);
            bind_text(5, item.theme);
            bind_text(6, item.body);
            if (sqlite3_step(m_insert_card) != SQLITE_DONE) {
                Error e = sql_error(m_write, "insert card");
                sqlite3_reset(m_insert_card);
                return e;
            }
            sqlite3_reset(m_insert_card);
            if (sqlite3_changes(m_write) == 1) {
                outcome.result = IngestResult::Created;
                outcome.stored = StoredCard{sqlite3_last_insert_rowid(m_write), item.card_id, item.receipt, item.received_ms,
                                            item.sender, CardState::Received, item.theme, item.body, item.contact};
                if (item.contact) {
                    // Prepared at the first contact: a file opened at an older schema (tests of
                    // the migrations) has no card_contacts table, and its cards carry none.
                    if (!m_insert_contact &&
                        sqlite3_prepare_v3(m_write, contact_insert_sql, -1, SQLITE_PREPARE_PERSISTENT, &m_insert_contact, nullptr) != SQLITE_OK)
                        return sql_error(m_write, "prepare contact insert");
                    if (auto s = insert_contact(m_write, m_insert_contact, item.card_id, *item.contact); !s) return s.error();
                }
                out.push_back(std::move(outcome));
                continue;
            }
            if (!by_id) by_id.emplace(m_write, (select + "card_id = ?").c_str());
            by_id->reset().bind(1, item.card_id);
            int rc = by_id->step();
            if (rc == SQLITE_ROW) {
                outcome.stored = read_card(*by_id);
                outcome.result = same_card(m_write, outcome.stored, item) ? IngestResult::Duplicate : IngestResult::Conflict;
                out.push_back(std::move(outcome));
                continue;
            }
            if (rc != SQLITE_DONE) return sql_error(m_write, "find card");
            if (!by_receipt) by_receipt.emplace(m_write, (select + "receipt = ?").c_str());
            by_receipt->reset().bind(1, item.receipt);
            rc = by_receipt->step();
            if (rc != SQLITE_ROW) return sql_error(m_write, "find receipt");
            outcome.stored = read_card(*by_receipt);
            outcome.result = IngestResult::ReceiptTaken;
            out.push_back(std::move(outcome));
        }
        return out;
    });
}

Expected<std::optional<StoredCard>> SqliteStorage::card_by_receipt(const std::string& receipt) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), (std::string("SELECT ") + card_columns + card_source + " WHERE receipt = ?").c_str());
    q.bind(1, receipt);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<StoredCard>(read_card(q));
    if (rc == SQLITE_DONE) return std::optional<StoredCard>();
    return sql_error(reader(), "card by receipt");
}

Expected<std::vector<StoredCard>> SqliteStorage::list_cards(const CardFilter& f) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    std::string sql = std::string("SELECT ") + card_columns + card_source + " WHERE seq > ?1";
    if (!f.theme.empty()) sql += " AND theme = ?2";
    if (f.state) sql += " AND state = ?3";
    if (f.since_ms) sql += " AND received_ms >= ?4";
    if (f.until_ms) sql += " AND received_ms < ?5";
    // The inbox's filters (issue 14). The search is a plain substring (LIKE, ASCII case-blind),
    // over the three texts an office worker means by "what the idea says".
    if (!f.search.empty())
        sql += " AND (json_extract(body, '$.title') LIKE ?7 ESCAPE '\\' OR json_extract(body, '$.challenge') LIKE ?7 ESCAPE '\\'"
               " OR json_extract(body, '$.idea') LIKE ?7 ESCAPE '\\')";
    if (!f.department.empty()) sql += " AND EXISTS (SELECT 1 FROM json_each(body, '$.departments') WHERE value = ?8)";
    if (f.waiting_before_ms) sql += " AND state <> 'closed' AND COALESCE(changed_ms, received_ms) < ?9";
    if (f.themes_any) sql += " AND theme IN (SELECT value FROM json_each(?11))";
    if (f.past_triage) sql += " AND state IN ('in_screening', 'invited_to_pitch', 'pitched', 'step_funded', 'learning_recorded')";
    const char* direction = f.descending ? " DESC" : "";
    switch (f.sort) {
    case CardFilter::Sort::ReceivedAt: sql += std::string(" ORDER BY seq") + direction; break;
    case CardFilter::Sort::StateSince: sql += std::string(" ORDER BY COALESCE(changed_ms, received_ms)") + direction + ", seq"; break;
    case CardFilter::Sort::Theme: sql += std::string(" ORDER BY theme") + direction + ", seq"; break;
    }
    if (f.limit > 0) sql += " LIMIT ?6";
    if (f.limit > 0 && f.sorted()) sql += " OFFSET ?10";
    Statement q(reader(), sql.c_str());
    q.bind(1, f.sorted() ? 0 : f.after_seq);
    if (!f.theme.empty()) q.bind(2, f.theme);
    if (f.state) q.bind(3, std::string(to_string(*f.state)));
    if (f.since_ms) q.bind(4, *f.since_ms);
    if (f.until_ms) q.bind(5, *f.until_ms);
    if (f.limit > 0) q.bind(6, static_cast<std::int64_t>(f.limit));
    if (!f.search.empty()) {
        std::string pattern = "%";
        for (char ch : f.search) {
            if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
            pattern.push_back(ch);
        }
        q.bind(7, pattern + "%");
    }
    if (!f.department.empty()) q.bind(8, f.department);
    if (f.waiting_before_ms) q.bind(9, *f.waiting_before_ms);
    if (f.limit > 0 && f.sorted()) q.bind(10, f.offset);
    if (f.themes_any) {
        std::string list = "[";
        for (const std::string& t : *f.themes_any) list += (list.size() > 1 ? "," : "") + json::quote(t);
        q.bind(11, list + "]");
    }
    std::vector<StoredCard> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_card(q));
    if (rc != SQLITE_DONE) return sql_error(reader(), "list cards");
    return out;
}

Expected<std::int64_t> SqliteStorage::card_count() {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT COUNT(*) FROM cards");
    if (q.step() != SQLITE_ROW) return sql_error(reader(), "count cards");
    return q.integer(0);
}

Status SqliteStorage::add_enrollment_code(const std::string& code_hash, std::int64_t now, std::optional<std::int64_t> expires_ms,
                                          const std::string& created_by) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "INSERT INTO enrollment_codes (code_hash, created_ms, expires_ms, created_by) VALUES (?, ?, ?, ?)");
    q.bind(1, code_hash).bind(2, now).bind(3, expires_ms).bind(4, created_by);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "add enrollment code");
    return {};
}

Expected<EnrollResult> SqliteStorage::enroll_device(const std::string& code_hash, std::int64_t now, const Device& device,
                                                    const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<EnrollResult>(m_write, [&]() -> Expected<EnrollResult> {
        // A code stored without an end (by a server before issue 13) ends at the maximum lifetime.
        Statement code(m_write, "SELECT coalesce(expires_ms, created_ms + ?), used_ms FROM enrollment_codes WHERE code_hash = ?");
        code.bind(1, protocol::enrollment_code_max_minutes * 60 * 1000).bind(2, code_hash);
        const int rc = code.step();
        if (rc == SQLITE_DONE) return EnrollResult::InvalidCode;
        if (rc != SQLITE_ROW) return sql_error(m_write, "find enrollment code");
        if (code.optional_integer(1)) return EnrollResult::UsedCode;
        if (auto expires = code.optional_integer(0); expires && *expires <= now) return EnrollResult::ExpiredCode;
        Statement add(m_write, "INSERT INTO devices (device_id, name, token_hash, enrolled_ms) VALUES (?, ?, ?, ?)");
        add.bind(1, device.device_id).bind(2, device.name).bind(3, token_hash).bind(4, now);
        if (add.step() != SQLITE_DONE) return sql_error(m_write, "add device");
        Statement use(m_write, "UPDATE enrollment_codes SET used_ms = ?, device_id = ? WHERE code_hash = ?");
        use.bind(1, now).bind(2, device.device_id).bind(3, code_hash);
        if (use.step() != SQLITE_DONE) return sql_error(m_write, "use enrollment code");
        return EnrollResult::Enrolled;
    });
}

Expected<std::optional<Device>> SqliteStorage::device_by_token_hash(const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT device_id, name, enrolled_ms, revoked_ms, 0 FROM devices WHERE token_hash = ?");
    q.bind(1, token_hash);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<Device>(read_device(q));
    if (rc == SQLITE_DONE) return std::optional<Device>();
    return sql_error(reader(), "device by token");
}

Expected<std::vector<Device>> SqliteStorage::list_devices() {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), (std::string(device_query) + " ORDER BY d.enrolled_ms, d.device_id").c_str());
    std::vector<Device> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(read_device(q));
    if (rc != SQLITE_DONE) return sql_error(reader(), "list devices");
    return out;
}

Expected<std::optional<Device>> SqliteStorage::revoke_device(const std::string& device_id, std::int64_t now) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement revoke(m_write, "UPDATE devices SET revoked_ms = COALESCE(revoked_ms, ?) WHERE device_id = ?");
    revoke.bind(1, now).bind(2, device_id);
    if (revoke.step() != SQLITE_DONE) return sql_error(m_write, "revoke device");
    Statement q(m_write, (std::string(device_query) + " WHERE d.device_id = ?").c_str());
    q.bind(1, device_id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<Device>(read_device(q));
    if (rc == SQLITE_DONE) return std::optional<Device>();
    return sql_error(m_write, "find device");
}

Expected<bool> SqliteStorage::create_user(const AdminUser& user) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "INSERT INTO users (username, role, password_hash, created_ms) VALUES (?, ?, ?, ?)");
    q.bind(1, user.username).bind(2, std::string(to_string(user.role))).bind(3, user.password_hash).bind(4, now_ms());
    const int rc = q.step();
    if (rc == SQLITE_DONE) return true;
    if (rc == SQLITE_CONSTRAINT) return false;
    return sql_error(m_write, "create user");
}

Expected<std::optional<AdminUser>> SqliteStorage::user_by_name(const std::string& username) {
    // The writer's connection: a login reads its own failure count right after writing it.
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "SELECT user_id, username, role, password_hash, failed_logins, locked_until_ms FROM users WHERE username = ?");
    q.bind(1, username);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<AdminUser>();
    if (rc != SQLITE_ROW) return sql_error(m_write, "find user");
    AdminUser u;
    u.user_id = q.integer(0);
    u.username = q.text(1);
    u.role = parse_role(q.text(2)).value_or(Role::Facilitator);
    u.password_hash = q.text(3);
    u.failed_logins = static_cast<int>(q.integer(4));
    u.locked_until_ms = q.integer(5);
    return std::optional<AdminUser>(u);
}

Status SqliteStorage::record_login_failure(std::int64_t user_id, int failed_logins, std::int64_t locked_until_ms) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "UPDATE users SET failed_logins = ?, locked_until_ms = ? WHERE user_id = ?");
    q.bind(1, static_cast<std::int64_t>(failed_logins)).bind(2, locked_until_ms).bind(3, user_id);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "record login failure");
    return {};
}

Status SqliteStorage::record_login_success(std::int64_t user_id) {
    return record_login_failure(user_id, 0, 0);
}

Status SqliteStorage::add_session(const std::string& token_hash, std::int64_t user_id, std::int64_t now, std::int64_t expires_ms) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    // Expired sessions are swept here, so the table never grows past the live ones.
    Statement sweep(m_write, "DELETE FROM sessions WHERE expires_ms <= ?");
    sweep.bind(1, now);
    if (sweep.step() != SQLITE_DONE) return sql_error(m_write, "sweep sessions");
    Statement q(m_write, "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES (?, ?, ?, ?)");
    q.bind(1, token_hash).bind(2, user_id).bind(3, now).bind(4, expires_ms);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "add session");
    return {};
}

Expected<std::optional<Session>> SqliteStorage::session_by_token_hash(const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT u.user_id, u.username, u.role, s.expires_ms FROM sessions s JOIN users u USING (user_id) WHERE s.token_hash = ?");
    q.bind(1, token_hash);
    const int rc = q.step();
    if (rc == SQLITE_DONE) return std::optional<Session>();
    if (rc != SQLITE_ROW) return sql_error(reader(), "find session");
    Session s;
    s.user_id = q.integer(0);
    s.username = q.text(1);
    s.role = parse_role(q.text(2)).value_or(Role::Facilitator);
    s.expires_ms = q.integer(3);
    return std::optional<Session>(s);
}

Status SqliteStorage::delete_session(const std::string& token_hash) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "DELETE FROM sessions WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "delete session");
    return {};
}

// [SECTION] The pipeline (issue 14)

namespace {
constexpr const char* pipeline_columns =
    "card_id, receipt, state, pipeline_step, theme, close_reason, merged_into, pipeline_version, feedback, received_ms, "
    "COALESCE(changed_ms, received_ms)";

CardPipeline read_pipeline(const Statement& q) {
    CardPipeline c;
    c.card_id = q.text(0);
    c.receipt = q.text(1);
    c.position.state = parse_card_state(q.text(2)).value_or(CardState::Received);
    c.position.step = static_cast<int>(q.integer(3));
    c.position.theme = q.text(4);
    if (const std::string reason = q.text(5); !reason.empty()) c.position.close_reason = parse_close_reason(reason);
    c.position.merged_into = q.text(6);
    c.position.version = q.integer(7);
    c.feedback = q.text(8);
    c.received_ms = q.integer(9);
    c.changed_ms = q.integer(10);
    return c;
}

Expected<std::optional<CardPipeline>> find_pipeline(sqlite3* db, const std::string& card_id) {
    Statement q(db, (std::string("SELECT ") + pipeline_columns + " FROM cards WHERE card_id = ?").c_str());
    q.bind(1, card_id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<CardPipeline>(read_pipeline(q));
    if (rc == SQLITE_DONE) return std::optional<CardPipeline>();
    return sql_error(db, "card pipeline");
}
} // namespace

Expected<std::optional<CardPipeline>> SqliteStorage::card_pipeline(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    return find_pipeline(reader(), card_id);
}

namespace {
// The transition inside a transaction the caller holds (transition, decide_in_meeting).
Status store_extras(sqlite3* db, const CardPipeline& before, const PipelinePosition& after, const TransitionRecord& record,
                    const TransitionExtras& extras);
std::optional<std::int64_t> over_budget(sqlite3* db, const PipelinePosition& after, const TransitionExtras& extras, Status& failed);

Expected<TransitionOutcome> apply_transition(sqlite3* m_write, const std::string& card_id, const PipelineDecider& decide,
                                             const TransitionRecord& record, const TransitionExtras& extras, bool queue_mail) {
    {
        auto found = find_pipeline(m_write, card_id);
        if (!found) return found.error();
        TransitionOutcome outcome;
        if (!found.value()) return outcome;
        CardPipeline card = *found.value();
        outcome.decision = decide(card);
        if (!outcome.decision) {
            outcome.card = std::move(card);
            return outcome;
        }
        const PipelinePosition& after = *outcome.decision.after;
        Status failed;
        if (auto remaining = over_budget(m_write, after, extras, failed)) {
            outcome.over_budget_remaining = remaining;
            outcome.card = std::move(card);
            return outcome;
        }
        if (!failed) return failed.error();
        // The version in the WHERE clause is the guard the decision relied on.
        Statement update(m_write, "UPDATE cards SET state = ?, pipeline_step = ?, theme = ?, close_reason = ?, merged_into = ?, "
                                  "pipeline_version = ?, feedback = CASE WHEN ? = '' THEN feedback ELSE ? END, changed_ms = ? "
                                  "WHERE card_id = ? AND pipeline_version = ?");
        update.bind(1, std::string(to_string(after.state))).bind(2, static_cast<std::int64_t>(after.step)).bind(3, after.theme);
        if (after.close_reason) update.bind(4, std::string(to_string(*after.close_reason)));
        update.bind(5, after.merged_into).bind(6, after.version).bind(7, record.feedback).bind(8, record.feedback);
        update.bind(9, record.at_ms).bind(10, card_id).bind(11, card.position.version);
        if (update.step() != SQLITE_DONE) return sql_error(m_write, "update card pipeline");
        if (sqlite3_changes(m_write) != 1) return Error{"the card's version moved inside the transaction", "sqlite: transition"};
        // in_state_ms and theme: the dashboard's time in each state, per theme (migration 6).
        Statement log(m_write, "INSERT INTO card_transitions (card_id, version, action, from_state, to_state, step, by_account, role, "
                               "at_ms, why, in_state_ms, theme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        log.bind(1, card_id).bind(2, after.version).bind(3, std::string(to_string(record.action)))
            .bind(4, std::string(to_string(card.position.state))).bind(5, std::string(to_string(after.state)))
            .bind(6, static_cast<std::int64_t>(after.step)).bind(7, record.by).bind(8, std::string(to_string(record.role)))
            .bind(9, record.at_ms).bind(10, record.why).bind(11, record.at_ms - card.changed_ms).bind(12, after.theme);
        if (log.step() != SQLITE_DONE) return sql_error(m_write, "log transition");
        if (card.position.state == CardState::InScreening) {
            // The directors' first decision after screening: the dashboard's "days to a decision".
            Statement first(m_write, "UPDATE cards SET first_decision_ms = ? WHERE card_id = ? AND first_decision_ms IS NULL");
            first.bind(1, record.at_ms).bind(2, card_id);
            if (first.step() != SQLITE_DONE) return sql_error(m_write, "first decision");
        }
        if (auto stored = store_extras(m_write, card, after, record, extras); !stored) return stored.error();
        if (queue_mail) {
            // Only a card whose author consented and gave an address; the rest queue nothing.
            Statement mail(m_write, "INSERT INTO mail_outbox (card_id, version, to_state, step, created_ms, next_attempt_ms) "
                                    "SELECT card_id, ?, ?, ?, ?, ? FROM card_contacts WHERE card_id = ? AND consent_to_contact = 1 "
                                    "AND email <> ''");
            mail.bind(1, after.version).bind(2, std::string(to_string(after.state))).bind(3, static_cast<std::int64_t>(after.step))
                .bind(4, record.at_ms).bind(5, record.at_ms).bind(6, card_id);
            if (mail.step() != SQLITE_DONE) return sql_error(m_write, "queue stage mail");
        }
        card.position = after;
        if (!record.feedback.empty()) card.feedback = record.feedback;
        card.changed_ms = record.at_ms;
        outcome.card = std::move(card);
        return outcome;
    }
}
} // namespace

Expected<TransitionOutcome> SqliteStorage::transition(const std::string& card_id, const PipelineDecider& decide,
                                                      const TransitionRecord& record, const TransitionExtras& extras) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<TransitionOutcome>(m_write, [&] { return apply_transition(m_write, card_id, decide, record, extras, m_stage_mail); });
}

Expected<std::vector<Expected<TransitionOutcome>>> SqliteStorage::transition_group(const std::vector<TransitionJob>& jobs) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    std::vector<Expected<TransitionOutcome>> outcomes;
    outcomes.reserve(jobs.size());
    auto committed = in_transaction<bool>(m_write, [&]() -> Expected<bool> {
        for (const TransitionJob& job : jobs) {
            // A job that fails half-way (a constraint, a full disk) takes back only its own rows.
            if (auto s = exec(m_write, "SAVEPOINT one_transition"); !s) return s.error();
            auto outcome = apply_transition(m_write, job.card_id, job.decide, job.record, job.extras, m_stage_mail);
            if (!outcome) {
                if (auto s = exec(m_write, "ROLLBACK TO one_transition"); !s) return s.error();
            }
            if (auto s = exec(m_write, "RELEASE one_transition"); !s) return s.error();
            outcomes.push_back(std::move(outcome));
        }
        return true;
    });
    if (!committed) return committed.error();
    return outcomes;
}

namespace {
// Money already committed to the theme this year, read inside the transition's transaction, so
// two decisions cannot both spend the last of a budget.
std::optional<std::int64_t> over_budget(sqlite3* db, const PipelinePosition& after, const TransitionExtras& extras, Status& failed) {
    failed = {};
    if (!extras.test_card || !extras.yearly_budget_dkk) return std::nullopt;
    Statement q(db, "SELECT COALESCE(SUM(amount_dkk), 0) FROM money_ledger WHERE theme = ? AND year = ?");
    q.bind(1, after.theme).bind(2, static_cast<std::int64_t>(extras.year));
    if (q.step() != SQLITE_ROW) {
        failed = sql_error(db, "sum ledger");
        return std::nullopt;
    }
    const std::int64_t remaining = *extras.yearly_budget_dkk - q.integer(0);
    if (extras.test_card->budget_dkk > remaining) return std::max<std::int64_t>(remaining, 0);
    return std::nullopt;
}

Status store_extras(sqlite3* db, const CardPipeline& before, const PipelinePosition& after, const TransitionRecord& record,
                    const TransitionExtras& extras) {
    if (extras.test_card) {
        const TestCard& t = *extras.test_card;
        Statement add(db, "INSERT INTO test_cards (card_id, step, hypothesis, test, measure, success_criterion, period_from, period_to, "
                          "budget_dkk, owner, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        add.bind(1, before.card_id).bind(2, static_cast<std::int64_t>(after.step)).bind(3, t.hypothesis).bind(4, t.test).bind(5, t.measure)
            .bind(6, t.success_criterion).bind(7, t.period_from).bind(8, t.period_to).bind(9, t.budget_dkk).bind(10, t.owner).bind(11, record.at_ms);
        if (add.step() != SQLITE_DONE) return sql_error(db, "add test card");
        Statement money(db, "INSERT INTO money_ledger (card_id, theme, step, year, amount_dkk, at_ms, by_account) VALUES (?, ?, ?, ?, ?, ?, ?)");
        money.bind(1, before.card_id).bind(2, after.theme).bind(3, static_cast<std::int64_t>(after.step))
            .bind(4, static_cast<std::int64_t>(extras.year)).bind(5, t.budget_dkk).bind(6, record.at_ms).bind(7, record.by);
        if (money.step() != SQLITE_DONE) return sql_error(db, "add to ledger");
    }
    if (extras.learning) {
        const TestCard& l = *extras.learning;
        Statement learn(db, "UPDATE test_cards SET believed = ?, observed = ?, learned = ?, learning_decision = ?, learned_ms = ? "
                            "WHERE card_id = ? AND step = ?");
        learn.bind(1, l.believed).bind(2, l.observed).bind(3, l.learned).bind(4, l.learning_decision).bind(5, record.at_ms)
            .bind(6, before.card_id).bind(7, static_cast<std::int64_t>(after.step));
        if (learn.step() != SQLITE_DONE) return sql_error(db, "record learning");
    }
    return {};
}
} // namespace

Expected<std::vector<TestCard>> SqliteStorage::test_cards(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT step, hypothesis, test, measure, success_criterion, period_from, period_to, budget_dkk, owner, believed, "
                          "observed, learned, learning_decision FROM test_cards WHERE card_id = ? ORDER BY step");
    q.bind(1, card_id);
    std::vector<TestCard> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        out.push_back({static_cast<int>(q.integer(0)), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.integer(7),
                       q.text(8), q.text(9), q.text(10), q.text(11), q.text(12)});
    if (rc != SQLITE_DONE) return sql_error(reader(), "test cards");
    return out;
}

Expected<std::vector<LedgerLine>> SqliteStorage::ledger(int year) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT theme, step, year, SUM(amount_dkk), COUNT(DISTINCT card_id) FROM money_ledger WHERE year = ? "
                          "GROUP BY theme, step, year ORDER BY theme, step");
    q.bind(1, static_cast<std::int64_t>(year));
    std::vector<LedgerLine> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
        out.push_back({q.text(0), static_cast<int>(q.integer(1)), static_cast<int>(q.integer(2)), q.integer(3), q.integer(4)});
    if (rc != SQLITE_DONE) return sql_error(reader(), "ledger");
    return out;
}

Expected<std::vector<LoggedTransition>> SqliteStorage::transitions(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT version, action, from_state, to_state, step, by_account, role, at_ms, why FROM card_transitions "
                          "WHERE card_id = ? ORDER BY version");
    q.bind(1, card_id);
    std::vector<LoggedTransition> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        LoggedTransition t;
        t.version = q.integer(0);
        t.action = parse_pipeline_action(q.text(1)).value_or(PipelineAction::Triage);
        t.from = parse_card_state(q.text(2)).value_or(CardState::Received);
        t.to = parse_card_state(q.text(3)).value_or(CardState::Received);
        t.step = static_cast<int>(q.integer(4));
        t.by = q.text(5);
        t.role = parse_role(q.text(6)).value_or(Role::Facilitator);
        t.at_ms = q.integer(7);
        t.why = q.text(8);
        out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) return sql_error(reader(), "list transitions");
    return out;
}

Expected<std::vector<std::string>> SqliteStorage::account_themes(std::int64_t user_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT theme FROM account_themes WHERE user_id = ? ORDER BY theme");
    q.bind(1, user_id);
    std::vector<std::string> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(q.text(0));
    if (rc != SQLITE_DONE) return sql_error(reader(), "account themes");
    return out;
}

Expected<bool> SqliteStorage::set_account_themes(const std::string& username, const std::vector<std::string>& themes) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<bool>(m_write, [&]() -> Expected<bool> {
        Statement user(m_write, "SELECT user_id FROM users WHERE username = ?");
        user.bind(1, username);
        const int rc = user.step();
        if (rc == SQLITE_DONE) return false;
        if (rc != SQLITE_ROW) return sql_error(m_write, "find account");
        const std::int64_t user_id = user.integer(0);
        Statement clear(m_write, "DELETE FROM account_themes WHERE user_id = ?");
        clear.bind(1, user_id);
        if (clear.step() != SQLITE_DONE) return sql_error(m_write, "clear account themes");
        Statement add(m_write, "INSERT OR IGNORE INTO account_themes (user_id, theme) VALUES (?, ?)");
        for (const std::string& theme : themes) {
            add.reset().bind(1, user_id).bind(2, theme);
            if (add.step() != SQLITE_DONE) return sql_error(m_write, "add account theme");
        }
        return true;
    });
}

// [SECTION] Screening meetings (issue 14)

Status SqliteStorage::add_meeting(const Meeting& m) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    auto added = in_transaction<bool>(m_write, [&]() -> Expected<bool> {
        Statement meeting(m_write, "INSERT INTO meetings (meeting_id, held_on, created_by, created_ms) VALUES (?, ?, ?, ?)");
        meeting.bind(1, m.meeting_id).bind(2, m.held_on).bind(3, m.created_by).bind(4, m.created_ms);
        if (meeting.step() != SQLITE_DONE) return sql_error(m_write, "add meeting");
        Statement theme(m_write, "INSERT OR IGNORE INTO meeting_themes (meeting_id, theme) VALUES (?, ?)");
        for (const std::string& t : m.themes) {
            theme.reset().bind(1, m.meeting_id).bind(2, t);
            if (theme.step() != SQLITE_DONE) return sql_error(m_write, "add meeting theme");
        }
        Statement participant(m_write, "INSERT OR IGNORE INTO meeting_participants (meeting_id, username) VALUES (?, ?)");
        for (const std::string& u : m.participants) {
            participant.reset().bind(1, m.meeting_id).bind(2, u);
            if (participant.step() != SQLITE_DONE) return sql_error(m_write, "add participant");
        }
        Statement item(m_write, "INSERT INTO meeting_agenda (meeting_id, position, card_id, minutes) VALUES (?, ?, ?, ?)");
        for (std::size_t i = 0; i < m.agenda.size(); ++i) {
            item.reset().bind(1, m.meeting_id).bind(2, static_cast<std::int64_t>(i)).bind(3, m.agenda[i].card_id)
                .bind(4, static_cast<std::int64_t>(m.agenda[i].minutes));
            if (item.step() != SQLITE_DONE) return sql_error(m_write, "add agenda item");
        }
        return true;
    });
    if (!added) return added.error();
    return {};
}

namespace {
Expected<std::optional<MeetingRecord>> read_meeting(sqlite3* db, const std::string& id) {
    MeetingRecord r;
    Statement m(db, "SELECT meeting_id, held_on, created_by, created_ms, revision FROM meetings WHERE meeting_id = ?");
    m.bind(1, id);
    const int rc = m.step();
    if (rc == SQLITE_DONE) return std::optional<MeetingRecord>();
    if (rc != SQLITE_ROW) return sql_error(db, "find meeting");
    r.meeting.meeting_id = m.text(0);
    r.meeting.held_on = m.text(1);
    r.meeting.created_by = m.text(2);
    r.meeting.created_ms = m.integer(3);
    r.meeting.revision = m.integer(4);
    const auto texts = [&](const char* sql, std::vector<std::string>& out) -> Status {
        Statement q(db, sql);
        q.bind(1, id);
        int c;
        while ((c = q.step()) == SQLITE_ROW) out.push_back(q.text(0));
        if (c != SQLITE_DONE) return sql_error(db, "read meeting");
        return {};
    };
    if (auto s = texts("SELECT theme FROM meeting_themes WHERE meeting_id = ? ORDER BY theme", r.meeting.themes); !s) return s.error();
    if (auto s = texts("SELECT username FROM meeting_participants WHERE meeting_id = ? ORDER BY username", r.meeting.participants); !s)
        return s.error();
    Statement agenda(db, "SELECT card_id, minutes FROM meeting_agenda WHERE meeting_id = ? ORDER BY position");
    agenda.bind(1, id);
    int c;
    while ((c = agenda.step()) == SQLITE_ROW) r.meeting.agenda.push_back({agenda.text(0), static_cast<int>(agenda.integer(1))});
    if (c != SQLITE_DONE) return sql_error(db, "read agenda");
    Statement scores(db, "SELECT card_id, director, criterion, score, note, at_ms FROM meeting_scores WHERE meeting_id = ? "
                         "ORDER BY card_id, director, criterion");
    scores.bind(1, id);
    while ((c = scores.step()) == SQLITE_ROW)
        r.scores.push_back({scores.text(0), scores.text(1), scores.text(2), scores.text(3), scores.text(4), scores.integer(5)});
    if (c != SQLITE_DONE) return sql_error(db, "read scores");
    Statement decisions(db, "SELECT card_id, decision, by_account, at_ms, yes, partly, no FROM meeting_decisions WHERE meeting_id = ? "
                            "ORDER BY at_ms, card_id");
    decisions.bind(1, id);
    while ((c = decisions.step()) == SQLITE_ROW)
        r.decisions.push_back({decisions.text(0), decisions.text(1), decisions.text(2), decisions.integer(3), decisions.integer(4),
                               decisions.integer(5), decisions.integer(6)});
    if (c != SQLITE_DONE) return sql_error(db, "read decisions");
    return std::optional<MeetingRecord>(std::move(r));
}

Expected<std::int64_t> bump_revision(sqlite3* db, const std::string& meeting_id) {
    Statement bump(db, "UPDATE meetings SET revision = revision + 1 WHERE meeting_id = ? RETURNING revision");
    bump.bind(1, meeting_id);
    if (bump.step() != SQLITE_ROW) return sql_error(db, "meeting revision");
    return bump.integer(0);
}
} // namespace

Expected<std::optional<MeetingRecord>> SqliteStorage::meeting(const std::string& meeting_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    // One read transaction: the revision and the scores it counts are read from one snapshot.
    if (auto s = exec(reader(), "BEGIN"); !s) return s.error();
    auto r = read_meeting(reader(), meeting_id);
    exec(reader(), "COMMIT");
    return r;
}

Expected<std::vector<MeetingSummaryRow>> SqliteStorage::list_meetings(const MeetingQuery& query) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    // One read transaction, so a meeting's counts and its themes come from the same moment. The
    // themes and participants are read per meeting: an office has tens of meetings, not
    // thousands, and the primary keys make each read an index lookup.
    if (auto s = exec(reader(), "BEGIN"); !s) return s.error();
    std::string sql = "SELECT m.meeting_id, m.held_on, m.created_by, m.created_ms, m.revision,"
                      " (SELECT COUNT(*) FROM meeting_agenda a WHERE a.meeting_id = m.meeting_id),"
                      " (SELECT COUNT(*) FROM meeting_decisions d WHERE d.meeting_id = m.meeting_id"
                      "   AND d.card_id IN (SELECT card_id FROM meeting_agenda a WHERE a.meeting_id = m.meeting_id))"
                      " FROM meetings m WHERE 1";
    if (!query.participant.empty())
        sql += " AND EXISTS (SELECT 1 FROM meeting_participants p WHERE p.meeting_id = m.meeting_id AND p.username = ?1)";
    if (!query.from.empty()) sql += " AND m.held_on >= ?2";
    sql += " ORDER BY m.held_on DESC, m.created_ms DESC, m.meeting_id";
    std::vector<MeetingSummaryRow> out;
    auto listed = [&]() -> Status {
        Statement q(reader(), sql.c_str());
        if (!query.participant.empty()) q.bind(1, query.participant);
        if (!query.from.empty()) q.bind(2, query.from);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            MeetingSummaryRow row;
            row.meeting.meeting_id = q.text(0);
            row.meeting.held_on = q.text(1);
            row.meeting.created_by = q.text(2);
            row.meeting.created_ms = q.integer(3);
            row.meeting.revision = q.integer(4);
            row.agenda_cards = q.integer(5);
            row.decided_cards = q.integer(6);
            out.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) return sql_error(reader(), "list meetings");
        Statement themes(reader(), "SELECT theme FROM meeting_themes WHERE meeting_id = ? ORDER BY theme");
        Statement people(reader(), "SELECT username FROM meeting_participants WHERE meeting_id = ? ORDER BY username");
        for (MeetingSummaryRow& row : out) {
            themes.reset().bind(1, row.meeting.meeting_id);
            while ((rc = themes.step()) == SQLITE_ROW) row.meeting.themes.push_back(themes.text(0));
            if (rc != SQLITE_DONE) return sql_error(reader(), "list meeting themes");
            people.reset().bind(1, row.meeting.meeting_id);
            while ((rc = people.step()) == SQLITE_ROW) row.meeting.participants.push_back(people.text(0));
            if (rc != SQLITE_DONE) return sql_error(reader(), "list meeting participants");
        }
        return {};
    }();
    exec(reader(), "COMMIT");
    if (!listed) return listed.error();
    return out;
}

Expected<std::int64_t> SqliteStorage::put_scores(const std::string& meeting_id, const std::string& card_id, const std::string& director,
                                                 const std::vector<CriterionScore>& scores) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<std::int64_t>(m_write, [&]() -> Expected<std::int64_t> {
        Statement clear(m_write, "DELETE FROM meeting_scores WHERE meeting_id = ? AND card_id = ? AND director = ?");
        clear.bind(1, meeting_id).bind(2, card_id).bind(3, director);
        if (clear.step() != SQLITE_DONE) return sql_error(m_write, "clear scores");
        Statement add(m_write, "INSERT INTO meeting_scores (meeting_id, card_id, director, criterion, score, note, at_ms) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (const CriterionScore& s : scores) {
            add.reset().bind(1, meeting_id).bind(2, card_id).bind(3, director).bind(4, s.criterion).bind(5, s.score).bind(6, s.note)
                .bind(7, s.at_ms);
            if (add.step() != SQLITE_DONE) return sql_error(m_write, "add score");
        }
        return bump_revision(m_write, meeting_id);
    });
}

Expected<TransitionOutcome> SqliteStorage::decide_in_meeting(const std::string& meeting_id, const std::string& card_id,
                                                             const PipelineDecider& decide, const TransitionRecord& record) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<TransitionOutcome>(m_write, [&]() -> Expected<TransitionOutcome> {
        auto outcome = apply_transition(m_write, card_id, decide, record, {}, m_stage_mail);
        if (!outcome || !outcome.value().decision) return outcome;
        Statement add(m_write, "INSERT OR REPLACE INTO meeting_decisions (meeting_id, card_id, decision, by_account, at_ms, yes, partly, no) "
                               "SELECT ?1, ?2, ?3, ?4, ?5, "
                               "COALESCE(SUM(score = 'yes'), 0), COALESCE(SUM(score = 'partly'), 0), COALESCE(SUM(score = 'no'), 0) "
                               "FROM meeting_scores WHERE meeting_id = ?1 AND card_id = ?2");
        add.bind(1, meeting_id).bind(2, card_id).bind(3, std::string(to_string(record.action))).bind(4, record.by).bind(5, record.at_ms);
        if (add.step() != SQLITE_DONE) return sql_error(m_write, "record decision");
        if (auto revision = bump_revision(m_write, meeting_id); !revision) return revision.error();
        return outcome;
    });
}

// [SECTION] Privacy (issue 14)

namespace {
Expected<bool> erase_one(sqlite3* db, const std::string& card_id, const std::string& by, const std::string& reason, std::int64_t at_ms) {
    Statement log(db, "INSERT INTO contact_erasures (card_id, by_account, reason, at_ms) "
                      "SELECT card_id, ?, ?, ? FROM cards WHERE card_id = ? ON CONFLICT DO NOTHING");
    log.bind(1, by).bind(2, reason).bind(3, at_ms).bind(4, card_id);
    if (log.step() != SQLITE_DONE) return sql_error(db, "log erasure");
    if (sqlite3_changes(db) != 1) return false;
    // The card stays readable: its contact part is optional (common/idea_card.h). secure_delete
    // zeroes the row's bytes in the file.
    Statement erase(db, "DELETE FROM card_contacts WHERE card_id = ?");
    erase.bind(1, card_id);
    if (erase.step() != SQLITE_DONE) return sql_error(db, "erase contact");
    return true;
}
} // namespace

// [SECTION] Stage-change mail (issue 14)

Expected<std::vector<OutboxMail>> SqliteStorage::due_mail(std::int64_t now, int limit) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT o.seq, o.card_id, o.version, c.receipt, CASE WHEN k.consent_to_contact = 1 THEN k.email ELSE '' END, "
                          "COALESCE(json_extract(c.body, '$.language'), 'da'), o.to_state, o.step, o.attempts "
                          "FROM mail_outbox o JOIN cards c USING (card_id) LEFT JOIN card_contacts k USING (card_id) "
                          "WHERE o.done_ms IS NULL AND o.next_attempt_ms <= ? ORDER BY o.seq LIMIT ?");
    q.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxMail> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        OutboxMail m;
        m.seq = q.integer(0);
        m.card_id = q.text(1);
        m.version = q.integer(2);
        m.receipt = q.text(3);
        m.email = q.text(4);
        m.language = q.text(5);
        m.state = parse_card_state(q.text(6)).value_or(CardState::Received);
        m.step = static_cast<int>(q.integer(7));
        m.attempts = static_cast<int>(q.integer(8));
        out.push_back(std::move(m));
    }
    if (rc != SQLITE_DONE) return sql_error(reader(), "due mail");
    return out;
}

Status SqliteStorage::mail_done(std::int64_t seq, std::int64_t at_ms, const std::string& outcome) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "UPDATE mail_outbox SET done_ms = ?, outcome = ?, attempts = attempts + 1 WHERE seq = ?");
    q.bind(1, at_ms).bind(2, outcome).bind(3, seq);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "mail done");
    return {};
}

Status SqliteStorage::mail_failed(std::int64_t seq, std::int64_t retry_at_ms, const std::string& error) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    Statement q(m_write, "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE seq = ?");
    q.bind(1, retry_at_ms).bind(2, error).bind(3, seq);
    if (q.step() != SQLITE_DONE) return sql_error(m_write, "mail failed");
    return {};
}

Expected<std::optional<CardContact>> SqliteStorage::card_contact(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), (std::string("SELECT ") + contact_columns + " FROM card_contacts k WHERE k.card_id = ?").c_str());
    q.bind(1, card_id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return read_contact(q, 0);
    if (rc == SQLITE_DONE) return std::optional<CardContact>();
    return sql_error(reader(), "card contact");
}

Expected<bool> SqliteStorage::erase_contact(const std::string& card_id, const std::string& by, const std::string& reason, std::int64_t at_ms) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<bool>(m_write, [&] { return erase_one(m_write, card_id, by, reason, at_ms); });
}

Expected<std::int64_t> SqliteStorage::erase_contacts_closed_before(std::int64_t closed_before_ms, std::int64_t at_ms) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<std::int64_t>(m_write, [&]() -> Expected<std::int64_t> {
        Statement due(m_write, "SELECT card_id FROM cards WHERE state = 'closed' AND changed_ms < ? "
                               "AND card_id NOT IN (SELECT card_id FROM contact_erasures)");
        due.bind(1, closed_before_ms);
        std::vector<std::string> ids;
        int rc;
        while ((rc = due.step()) == SQLITE_ROW) ids.push_back(due.text(0));
        if (rc != SQLITE_DONE) return sql_error(m_write, "find erasures due");
        std::int64_t erased = 0;
        for (const std::string& id : ids) {
            auto one = erase_one(m_write, id, "server", "months_after_closure", at_ms);
            if (!one) return one.error();
            erased += one.value() ? 1 : 0;
        }
        return erased;
    });
}

Expected<std::optional<std::int64_t>> SqliteStorage::contact_erased_at(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    Statement q(reader(), "SELECT at_ms FROM contact_erasures WHERE card_id = ?");
    q.bind(1, card_id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<std::int64_t>(q.integer(0));
    if (rc == SQLITE_DONE) return std::optional<std::int64_t>();
    return sql_error(reader(), "contact erasure");
}

// [SECTION] The dashboard (issue 14)

namespace {
// A theme list as a JSON array, for "theme IN (SELECT value FROM json_each(?))": one statement
// whatever the number of themes.
std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& item : items) {
        out += out.size() > 1 ? ",\"" : "\"";
        for (char ch : item) {
            if (ch == '"' || ch == '\\') out.push_back('\\');
            if (static_cast<unsigned char>(ch) >= 0x20) out.push_back(ch);
        }
        out += "\"";
    }
    return out + "]";
}
} // namespace

Expected<DashboardFacts> SqliteStorage::dashboard(const DashboardQuery& query) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    sqlite3* db = reader();
    // One read transaction: the figures agree with each other even while cards move.
    if (auto s = exec(db, "BEGIN"); !s) return s.error();
    struct End {
        sqlite3* db;
        ~End() { exec(db, "COMMIT"); }
    } end{db};
    const std::string themes = query.themes ? json_array(*query.themes) : std::string();
    const std::string only_themes = query.themes ? " AND theme IN (SELECT value FROM json_each(?9))" : "";
    DashboardFacts facts;
    // The summaries of migration 10: a year's figures are a few hundred rows.
    const std::int64_t year = query.year;
    {
        Statement q(db, ("SELECT state, theme, cards FROM dashboard_funnel WHERE year = ?1 AND cards > 0" + only_themes).c_str());
        q.bind(1, year);
        if (query.themes) q.bind(9, themes);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            facts.funnel.push_back({parse_card_state(q.text(0)).value_or(CardState::Received), q.text(1), q.integer(2)});
        if (rc != SQLITE_DONE) return sql_error(db, "dashboard funnel");
    }
    {
        Statement q(db, ("SELECT bucket_ms, SUM(cards) FROM dashboard_first_decisions WHERE year = ?1 AND cards > 0" + only_themes +
                         " GROUP BY bucket_ms ORDER BY bucket_ms").c_str());
        q.bind(1, year);
        if (query.themes) q.bind(9, themes);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) facts.to_first_decision_ms.emplace_back(q.integer(0), q.integer(1));
        if (rc != SQLITE_DONE) return sql_error(db, "dashboard first decisions");
    }
    {
        Statement q(db, ("SELECT state, bucket_ms, SUM(stays) FROM dashboard_stays WHERE year = ?1" + only_themes +
                         " GROUP BY state, bucket_ms ORDER BY state, bucket_ms").c_str());
        q.bind(1, year);
        if (query.themes) q.bind(9, themes);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            const auto state = parse_card_state(q.text(0));
            if (!state) continue;   // a state from a newer build's rows
            if (facts.stays_ms.empty() || facts.stays_ms.back().first != *state) facts.stays_ms.emplace_back(*state, DashboardFacts::Histogram{});
            facts.stays_ms.back().second.emplace_back(q.integer(1), q.integer(2));
        }
        if (rc != SQLITE_DONE) return sql_error(db, "dashboard stays");
    }
    {
        // cards_waiting: a partial index of the cards not closed, by when they entered their state.
        const std::string where = " FROM cards WHERE state <> 'closed' AND COALESCE(changed_ms, received_ms) < ?1" + only_themes;
        Statement count(db, ("SELECT COUNT(*)" + where).c_str());
        count.bind(1, query.waiting_before_ms);
        if (query.themes) count.bind(9, themes);
        if (count.step() != SQLITE_ROW) return sql_error(db, "dashboard waiting count");
        facts.waiting_total = count.integer(0);
        Statement q(db, ("SELECT card_id, receipt, COALESCE(json_extract(body, '$.title'), ''), theme, state, COALESCE(changed_ms, received_ms)" +
                         where + " ORDER BY COALESCE(changed_ms, received_ms), seq LIMIT ?2").c_str());
        q.bind(1, query.waiting_before_ms).bind(2, static_cast<std::int64_t>(query.waiting_limit));
        if (query.themes) q.bind(9, themes);
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            facts.waiting.push_back({q.text(0), q.text(1), q.text(2), q.text(3), parse_card_state(q.text(4)).value_or(CardState::Received),
                                     q.integer(5)});
        if (rc != SQLITE_DONE) return sql_error(db, "dashboard waiting");
    }
    return facts;
}

// [SECTION] Sparring and advice (issue 14)

namespace {
Expected<bool> card_exists(sqlite3* db, const std::string& card_id) {
    Statement q(db, "SELECT 1 FROM cards WHERE card_id = ?");
    q.bind(1, card_id);
    const int rc = q.step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sql_error(db, "card exists");
}
} // namespace

Expected<std::optional<SparringRecord>> SqliteStorage::sparring(const std::string& card_id) {
    std::lock_guard<std::mutex> lock(reader_mutex());
    sqlite3* db = reader();
    auto exists = card_exists(db, card_id);
    if (!exists) return exists.error();
    if (!exists.value()) return std::optional<SparringRecord>();
    SparringRecord record;
    // The account's role as it is now (LEFT JOIN: an account removed later still shows its name).
    Statement partner(db, "SELECT s.account, COALESCE(u.role, ''), s.name, s.organisation, s.set_by, s.set_ms FROM card_sparring s "
                          "LEFT JOIN users u ON u.username = s.account AND s.account <> '' WHERE s.card_id = ?");
    partner.bind(1, card_id);
    int rc = partner.step();
    if (rc == SQLITE_ROW)
        record.partner = StoredSparringPartner{partner.text(0), partner.text(1), partner.text(2), partner.text(3), partner.text(4), partner.integer(5)};
    else if (rc != SQLITE_DONE) return sql_error(db, "sparring partner");
    Statement advice(db, "SELECT given_on, agreed, next_step, by_account, at_ms FROM card_advice WHERE card_id = ? ORDER BY seq");
    advice.bind(1, card_id);
    while ((rc = advice.step()) == SQLITE_ROW)
        record.advice.push_back({advice.text(0), advice.text(1), advice.text(2), advice.text(3), advice.integer(4)});
    if (rc != SQLITE_DONE) return sql_error(db, "advice");
    return std::optional<SparringRecord>(std::move(record));
}

Expected<bool> SqliteStorage::set_sparring_partner(const std::string& card_id, const StoredSparringPartner& p) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<bool>(m_write, [&]() -> Expected<bool> {
        auto exists = card_exists(m_write, card_id);
        if (!exists || !exists.value()) return exists;
        Statement q(m_write, "INSERT INTO card_sparring (card_id, account, name, organisation, set_by, set_ms) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (card_id) DO UPDATE SET account = excluded.account, name = excluded.name, "
                             "organisation = excluded.organisation, set_by = excluded.set_by, set_ms = excluded.set_ms");
        q.bind(1, card_id).bind(2, p.account).bind(3, p.name).bind(4, p.organisation).bind(5, p.set_by).bind(6, p.set_ms);
        if (q.step() != SQLITE_DONE) return sql_error(m_write, "set sparring partner");
        return true;
    });
}

Expected<bool> SqliteStorage::add_advice(const std::string& card_id, const StoredAdvice& a) {
    std::lock_guard<std::mutex> lock(m_write_mutex);
    return in_transaction<bool>(m_write, [&]() -> Expected<bool> {
        auto exists = card_exists(m_write, card_id);
        if (!exists || !exists.value()) return exists;
        Statement q(m_write, "INSERT INTO card_advice (card_id, given_on, agreed, next_step, by_account, at_ms) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, card_id).bind(2, a.given_on).bind(3, a.agreed).bind(4, a.next_step).bind(5, a.by).bind(6, a.at_ms);
        if (q.step() != SQLITE_DONE) return sql_error(m_write, "add advice");
        return true;
    });
}

} // namespace idekort::server

// CardStore: drafts and the outbox on the device, on top of an SqlExecutor, with the same SQL
// on both targets. "Never lose a draft": every save is a committed transaction, and the
// completion callback (the only thing that may mark a draft "saved") runs only after the
// executor reports the commit.
//
// Completing a card moves it from drafts to the outbox in one transaction (docs/API.md, "Idempotency"): there
// is no moment where it is in neither, or in both. The outbox row keeps what sync needs: state,
// attempts, next attempt time, last error, receipt.
#pragma once

#include "app/core/sql_executor.h"
#include "common/idea_card.h"

#include <functional>
#include <utility>
#include <string>
#include <vector>

namespace idekort {

struct DraftSummary {
    std::string id;
    std::string title;
    std::string updated_at;
    std::int64_t revision = 0;
    std::string opening;   // the first text a person wrote (challenge, else idea): names an untitled draft
};

enum class OutboxState { Queued, Sending, Received, Conflict, Failed };
std::string_view to_string(OutboxState state);

// An outbox row's sync state, without the card (the sync engine keeps these for thousands of
// cards in memory; the card itself is loaded only when it is about to be sent).
struct OutboxRow {
    std::string id;
    OutboxState state = OutboxState::Queued;
    std::int64_t attempts = 0;
    std::string next_attempt_at;   // UTC; empty = as soon as possible
    std::string last_attempt_at;   // UTC of the last send, empty before the first
    std::string last_error;        // words (the server's English, or the transport's)
    std::string error_code;        // API error code or the engine's ("network", "not_our_server")
    std::string error_field;       // the field a rejection named ("title"), or the fields of a conflict
    std::string error_rule;        // the validation rule a rejection named ("too_long")
    std::string receipt;           // the server's receipt code, once Received
    std::string received_at;       // the server's time of first arrival, once Received
    std::string completed_at;
};

struct OutboxEntry : OutboxRow {
    IdeaCard card;
};

class CardStore {
public:
    // The schema version this build migrates to (SQLite's user_version).
    static constexpr int schema_version = 3;

    using Done = std::function<void(Status)>;
    template <class T>
    using Then = std::function<void(Expected<T>)>;

    explicit CardStore(SqlExecutor& executor) : m_executor(executor) {}

    // Creates or migrates the schema. Call first; other calls queue behind it. There is one
    // CardStore per database, shared by the app's services (drafts, autosave, sync): the first
    // open() does the work, and later calls get its outcome (at once when it is known).
    void open(Done done);

    // Inserts or replaces the draft. `revision` increases with every edit; a save never replaces
    // a newer revision with an older one, so saves finishing out of order cannot lose text.
    void save_draft(const IdeaCard& card, std::int64_t revision, Done done);
    void list_drafts(Then<std::vector<DraftSummary>> done);
    void load_draft(const std::string& id, Then<IdeaCard> done);
    void delete_draft(const std::string& id, Done done);

    // Moves the card from drafts to the outbox in one transaction. Validation is the caller's
    // (card_validation.h); the store keeps what it is given.
    void complete(const IdeaCard& card, const std::string& completed_at, Done done);
    void list_outbox(Then<std::vector<OutboxEntry>> done);

    // [SECTION] For the sync engine (sync_engine.h)
    // Every outbox row's sync state, oldest completion first, without the cards.
    void list_outbox_rows(Then<std::vector<OutboxRow>> done);
    // The stored card JSON of these outbox rows, exactly as written at completion: sending the
    // same bytes each time is what lets the server answer "identical, here is your receipt".
    void load_outbox_bodies(const std::vector<std::string>& ids,
                            Then<std::vector<std::pair<std::string, std::string>>> done);
    // Writes the sync state of several rows in one transaction (every column of OutboxRow
    // except id and completed_at). Rows no longer in the outbox are skipped.
    void save_outbox_rows(const std::vector<OutboxRow>& rows, Done done);

    // Gives an outbox card a new id (issue 13, point 7: another card on the server has its
    // receipt code). The row keeps its place and history; its stored JSON becomes `card_json`
    // (the same card with `new_id`), queued again, in one transaction, so that a crash never
    // sends the card under both ids. `note` is kept as the row's error code until it arrives.
    void give_outbox_card_new_id(const std::string& old_id, const std::string& new_id, const std::string& card_json,
                                 const std::string& note, Done done);

    // Privacy (issue 13, point 11): empties the stored JSON (idea, contact details) of every
    // received card that arrived before `received_before` (RFC 3339 UTC; "9" for all); the row
    // keeps id, title, state and receipt. Answers how many cards were forgotten.
    void forget_received_cards(const std::string& received_before, Then<std::int64_t> done);
    // Makes deleted content unrecoverable from the database files (SqlExecutor::scrub).
    void scrub(Done done);

    // Small device settings (the server URL and the device token after enrollment).
    void load_setting(const std::string& key, Then<std::string> done);   // empty when unset
    void save_settings(const std::vector<std::pair<std::string, std::string>>& values, Done done);

    SqlExecutor& executor() { return m_executor; }

private:
    void opened(Status status);

    SqlExecutor& m_executor;
    enum class OpenState { NotStarted, Opening, Done } m_open_state = OpenState::NotStarted;
    Status m_open_status;
    std::vector<Done> m_open_waiting;
};

} // namespace idekort

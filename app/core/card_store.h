// CardStore: drafts and the outbox on the device, on top of an SqlExecutor, with the same SQL
// on both targets. "Never lose a draft": every save is a committed transaction, and the
// completion callback (the only thing that may mark a draft "saved") runs only after the
// executor reports the commit.
//
// Completing a card moves it from drafts to the outbox in one transaction (DESIGN.md §3): there
// is no moment where it is in neither, or in both. The outbox row keeps what sync needs: state,
// attempts, next attempt time, last error, receipt.
#pragma once

#include "app/core/sql_executor.h"
#include "common/idea_card.h"

#include <functional>
#include <string>
#include <vector>

namespace idekort {

struct DraftSummary {
    std::string id;
    std::string title;
    std::string updated_at;
    std::int64_t revision = 0;
};

enum class OutboxState { Queued, Sending, Received, Conflict, Failed };
std::string_view to_string(OutboxState state);

struct OutboxEntry {
    std::string id;
    OutboxState state = OutboxState::Queued;
    std::int64_t attempts = 0;
    std::string next_attempt_at;   // UTC; empty = as soon as possible
    std::string last_error;
    std::string receipt;
    std::string completed_at;
    IdeaCard card;
};

class CardStore {
public:
    // The schema version this build migrates to (SQLite's user_version).
    static constexpr int schema_version = 1;

    using Done = std::function<void(Status)>;
    template <class T>
    using Then = std::function<void(Expected<T>)>;

    explicit CardStore(SqlExecutor& executor) : m_executor(executor) {}

    // Creates or migrates the schema. Call first; other calls queue behind it.
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

    SqlExecutor& executor() { return m_executor; }

private:
    SqlExecutor& m_executor;
};

} // namespace idekort

// Pipeline messages (issue 14): a card's place in the Innovationsmotor's process as the office
// sees it, a transition request made against the version the asker saw, the refusal that
// carries the card's current place (409: two directors deciding at once, one wins and the other
// is told what happened), and a director's themes. The process itself is common/pipeline.h.
#pragma once

#include "common/card_state.h"
#include "common/json_reader.h"
#include "common/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::protocol {

namespace route {
constexpr char card_pipeline[] = "/api/v1/cards/{uuid}/pipeline";       // GET: place, actions, log
constexpr char card_transitions[] = "/api/v1/cards/{uuid}/transitions"; // POST: one transition
constexpr char account_themes[] = "/api/v1/admin/users/{username}/themes"; // PUT: a director's themes
constexpr char ledger[] = "/api/v1/ledger";                            // GET: money per theme, step, year
constexpr char erase_contact[] = "/api/v1/admin/cards/{uuid}/erase-contact"; // POST: erase on request
} // namespace route

namespace error_code {
constexpr char not_your_role[] = "not_your_role";   // 403: this role never takes this action
constexpr char not_your_theme[] = "not_your_theme"; // 403: a director, for a theme they do not answer for
constexpr char stale_version[] = "stale_version";   // 409: the card changed since the asker saw it; `current` says how
constexpr char wrong_state[] = "wrong_state";       // 409: not from the card's state; `current` says where it is
constexpr char over_budget[] = "over_budget";       // 422: the test card's budget would pass the theme's yearly budget
} // namespace error_code

// A funded step's test card (fund_step), and in replies its learning once recorded.
struct TestCardEntry {
    std::int64_t step = 0;         // in replies; a request's step is the one being funded
    std::string hypothesis;        // "Vi tror, at ..."
    std::string test;              // "For at afprøve det vil vi ..."
    std::string measure;           // "... og måle ..."
    std::string success_criterion; // "Vi har ret, hvis ..."
    std::string period_from;       // YYYY-MM-DD
    std::string period_to;
    std::int64_t budget_dkk = 0;   // at most the step's amount (0 on an advice track)
    std::string owner;
    std::string believed, observed, learned, learning_decision;   // replies: the learning, once recorded

    void write(json::Writer& w) const;
    static TestCardEntry read(json::ObjectReader& r);
    bool operator==(const TestCardEntry& o) const {
        return step == o.step && hypothesis == o.hypothesis && test == o.test && measure == o.measure &&
               success_criterion == o.success_criterion && period_from == o.period_from && period_to == o.period_to &&
               budget_dkk == o.budget_dkk && owner == o.owner && believed == o.believed && observed == o.observed &&
               learned == o.learned && learning_decision == o.learning_decision;
    }
};

// A step's learning (record_learning): what we believed, observed and learned, and the decision.
struct LearningEntry {
    std::string believed;
    std::string observed;
    std::string learned;
    std::string decision;          // next_step, stop or hand_on

    void write(json::Writer& w) const;
    static LearningEntry read(json::ObjectReader& r);
    bool operator==(const LearningEntry& o) const {
        return believed == o.believed && observed == o.observed && learned == o.learned && decision == o.decision;
    }
};

// POST /api/v1/cards/{uuid}/transitions. Text members stay text here: an unknown action or
// reason is the server's 422 with words, not a reading error.
struct TransitionRequest {
    std::string action;            // common/pipeline.h's PipelineAction text ("triage", "close", ...)
    std::int64_t version = 0;      // the card's version the asker saw
    std::string theme;             // triage
    std::string merged_into;       // merge_duplicate: the surviving card's id
    std::string reason;            // close: a CloseReason text
    std::string feedback;          // close, merge_duplicate, ask_for_more: words for the author
    std::string why;               // for the log: why the office or the directors decided so
    std::optional<TestCardEntry> test_card;   // fund_step
    std::optional<LearningEntry> learning;    // record_learning

    void write(json::Writer& w) const;
    static TransitionRequest read(json::ObjectReader& r);
    bool operator==(const TransitionRequest& o) const {
        return action == o.action && version == o.version && theme == o.theme && merged_into == o.merged_into &&
               reason == o.reason && feedback == o.feedback && why == o.why && test_card == o.test_card && learning == o.learning;
    }
};

// One row of a card's append-only transition log: who, in which role, when, and why.
struct TransitionLogEntry {
    std::int64_t version = 0;      // the card's version this transition made
    std::string action;
    CardState from = CardState::Received;
    CardState to = CardState::Received;
    int step = 0;                  // funding steps reached after it
    std::string by;                // the account's user name
    std::string role;
    std::string at;                // RFC 3339 UTC
    std::string why;

    void write(json::Writer& w) const;
    static TransitionLogEntry read(json::ObjectReader& r);
    bool operator==(const TransitionLogEntry& o) const {
        return version == o.version && action == o.action && from == o.from && to == o.to && step == o.step && by == o.by &&
               role == o.role && at == o.at && why == o.why;
    }
};

// A card's place in the process, and what the asker may do to it now (the office's buttons).
// The author's contact details (issue 14): in a card's pipeline view only for a role that may
// see them in the card's state (common/pipeline.h may_see_contact), and only until erased.
struct ContactEntry {
    std::string name;
    std::string workplace;
    std::string email;
    std::string phone;
    bool consent_to_contact = false;

    void write(json::Writer& w) const;
    static ContactEntry read(json::ObjectReader& r);
    bool operator==(const ContactEntry& o) const {
        return name == o.name && workplace == o.workplace && email == o.email && phone == o.phone && consent_to_contact == o.consent_to_contact;
    }
};

struct PipelineCardReply {
    std::string card_id;
    std::string receipt;
    CardState state = CardState::Received;
    int step = 0;
    std::string theme;                        // empty until triage
    std::optional<std::string> close_reason;  // when closed
    std::string merged_into;                  // a duplicate's surviving card
    std::string feedback;                     // the last words for the author
    std::int64_t version = 0;
    std::string changed_at;                   // the last transition, or the arrival
    std::vector<std::string> actions;         // what the asker's account may do now
    std::vector<TransitionLogEntry> log;      // oldest first (GET only; empty after a transition)
    std::vector<TestCardEntry> test_cards;    // one per funded step (GET only)
    std::optional<ContactEntry> contact;      // GET only, for a role that may see it; absent otherwise

    void write(json::Writer& w) const;
    static PipelineCardReply read(json::ObjectReader& r);
    bool operator==(const PipelineCardReply& o) const {
        return card_id == o.card_id && receipt == o.receipt && state == o.state && step == o.step && theme == o.theme &&
               close_reason == o.close_reason && merged_into == o.merged_into && feedback == o.feedback && version == o.version &&
               changed_at == o.changed_at && actions == o.actions && log == o.log && test_cards == o.test_cards && contact == o.contact;
    }
};

// 403, 409 and 422 to a transition: an ErrorReply's error and message (so any client reads the
// words), and the card as it is now, so the asker sees what happened without another request.
struct TransitionRefusalReply {
    std::string error;
    std::string message;
    std::optional<PipelineCardReply> current;

    void write(json::Writer& w) const;
    static TransitionRefusalReply read(json::ObjectReader& r);
    bool operator==(const TransitionRefusalReply& o) const { return error == o.error && message == o.message && current == o.current; }
};

// GET /api/v1/ledger?year=YYYY: money committed per theme and step in a year, against the budget.
struct LedgerStep {
    std::int64_t step = 0;
    std::int64_t committed_dkk = 0;
    std::int64_t cards = 0;

    void write(json::Writer& w) const;
    static LedgerStep read(json::ObjectReader& r);
    bool operator==(const LedgerStep& o) const { return step == o.step && committed_dkk == o.committed_dkk && cards == o.cards; }
};

struct LedgerTheme {
    std::string theme;
    std::optional<std::int64_t> budget_dkk;     // null: the programme sets no yearly budget
    std::int64_t committed_dkk = 0;
    std::optional<std::int64_t> remaining_dkk;  // null without a budget
    std::vector<LedgerStep> steps;

    void write(json::Writer& w) const;
    static LedgerTheme read(json::ObjectReader& r);
    bool operator==(const LedgerTheme& o) const {
        return theme == o.theme && budget_dkk == o.budget_dkk && committed_dkk == o.committed_dkk && remaining_dkk == o.remaining_dkk &&
               steps == o.steps;
    }
};

struct LedgerReply {
    std::int64_t year = 0;
    std::vector<LedgerTheme> themes;   // every theme of the programme

    void write(json::Writer& w) const;
    static LedgerReply read(json::ObjectReader& r);
    bool operator==(const LedgerReply& o) const { return year == o.year && themes == o.themes; }
};

// POST /api/v1/admin/cards/{uuid}/erase-contact: the card's contact details are gone.
struct ContactErasureReply {
    std::string card_id;
    std::string erased_at;

    void write(json::Writer& w) const;
    static ContactErasureReply read(json::ObjectReader& r);
    bool operator==(const ContactErasureReply& o) const { return card_id == o.card_id && erased_at == o.erased_at; }
};

// PUT /api/v1/admin/users/{username}/themes: the themes a director answers for (replaces them).
struct AccountThemesRequest {
    std::vector<std::string> themes;

    void write(json::Writer& w) const;
    static AccountThemesRequest read(json::ObjectReader& r);
    bool operator==(const AccountThemesRequest& o) const { return themes == o.themes; }
};

struct AccountThemesReply {
    std::string username;
    std::vector<std::string> themes;

    void write(json::Writer& w) const;
    static AccountThemesReply read(json::ObjectReader& r);
    bool operator==(const AccountThemesReply& o) const { return username == o.username && themes == o.themes; }
};

} // namespace idekort::protocol

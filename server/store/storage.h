// Storage: everything idekort-server keeps, behind an interface so that a PostgreSQL backend
// can replace the default SQLite one (sqlite_storage.h) without touching the API.
//
// The contract every backend keeps:
//  - ingest() runs a whole batch in ONE transaction and returns only after it is durable
//    (committed and flushed to stable storage); the API acknowledges nothing before that.
//  - A card id is stored at most once, and a receipt code belongs to at most one card.
//  - Tokens, codes and passwords are stored only as hashes (server/crypto.h).
//  - Times are Unix milliseconds (UTC); the API formats them as RFC 3339.
// Every method is safe to call from any thread.
#pragma once

#include "common/card_state.h"
#include "common/idea_card.h"
#include "common/pipeline.h"
#include "common/protocol/accounts.h"
#include "common/status.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace idekort::server {

struct StoredCard {
    std::int64_t seq = 0;          // order of arrival, the paging cursor
    std::string card_id;
    std::string receipt;
    std::int64_t received_ms = 0;
    std::string sender;            // "device:<id>" or "key:<fingerprint>"
    CardState state = CardState::Received;
    std::string theme;
    std::string body;              // the card's canonical JSON (common/card_json), without its contact
    std::optional<CardContact> contact;   // in its own table (issue 14, GDPR); none: anonymous or erased
    std::int64_t version = 0;      // the pipeline's version (issue 14)
    std::int64_t state_since_ms = 0;   // when it entered its state: the last transition, or its arrival
};

struct IngestItem {
    std::string card_id;
    std::string receipt;
    std::string theme;
    std::string body;              // canonical JSON without the contact: equal bodies and contacts mean an identical card
    std::string sender;
    std::int64_t received_ms = 0;
    std::optional<CardContact> contact;   // stored apart, in card_contacts (issue 14)
};

enum class IngestResult { Created, Duplicate, Conflict, ReceiptTaken };

struct IngestOutcome {
    IngestResult result = IngestResult::Created;
    StoredCard stored;             // the row now in the store (the older one unless Created)
};

struct CardFilter {
    std::string theme;             // empty: any
    std::optional<CardState> state; // none: any
    std::optional<std::int64_t> since_ms, until_ms;   // received_ms in [since, until)
    std::int64_t after_seq = 0;    // paging cursor (sort by arrival, ascending)
    int limit = 100;               // 0: no limit (exports)
    // The office's inbox (issue 14).
    std::string search;            // in the title, the challenge and the idea; empty: any
    std::string department;        // a department id the card names; empty: any
    std::optional<std::int64_t> waiting_before_ms;   // not closed, in its state since before this
    // A director's "Mine kort" (issue 15, `mine=1`): only these themes (set and empty: none) and
    // only the states between triage and closing.
    std::optional<std::vector<std::string>> themes_any;
    bool past_triage = false;
    enum class Sort { ReceivedAt, StateSince, Theme } sort = Sort::ReceivedAt;
    bool descending = false;
    std::int64_t offset = 0;       // paging cursor for every other order: rows skipped
    bool sorted() const { return sort != Sort::ReceivedAt || descending; }
};

struct Device {
    std::string device_id;
    std::string name;
    std::int64_t enrolled_ms = 0;
    std::optional<std::int64_t> revoked_ms;
    std::int64_t cards = 0;        // cards this device sent
};

enum class EnrollResult { Enrolled, InvalidCode, ExpiredCode, UsedCode };

// Roles are the protocol's (common/protocol/accounts.h): they travel in login replies too.
using idekort::Role;
using idekort::parse_role;

struct AdminUser {
    std::int64_t user_id = 0;
    std::string username;
    Role role = Role::Admin;
    std::string password_hash;
    int failed_logins = 0;
    std::int64_t locked_until_ms = 0;
};

struct Session {
    std::int64_t user_id = 0;
    std::string username;
    Role role = Role::Admin;
    std::int64_t expires_ms = 0;
};

// [SECTION] The pipeline (issue 14)

// A card's place in the process, as stored beside the card.
struct CardPipeline {
    std::string card_id;
    std::string receipt;
    PipelinePosition position;
    std::string feedback;          // the last words for the author (close, merge, ask for more)
    std::int64_t received_ms = 0;
    std::int64_t changed_ms = 0;   // the last transition, or the arrival
};

// Who made a transition, and why; the log keeps it with the transition.
struct TransitionRecord {
    PipelineAction action = PipelineAction::Triage;
    std::string by;                // the account's user name
    Role role = Role::Triage;
    std::int64_t at_ms = 0;
    std::string why;
    std::string feedback;          // stored on the card when not empty
};

// One row of the append-only log (card_transitions: the store refuses UPDATE and DELETE).
struct LoggedTransition {
    std::int64_t version = 0;
    PipelineAction action = PipelineAction::Triage;
    CardState from = CardState::Received;
    CardState to = CardState::Received;
    int step = 0;
    std::string by;
    Role role = Role::Triage;
    std::int64_t at_ms = 0;
    std::string why;
};

// A funded step's test card, and later its learning (issue 14).
struct TestCard {
    int step = 0;
    std::string hypothesis;        // "Vi tror, at ..."
    std::string test;              // "For at afprøve det vil vi ..."
    std::string measure;           // "... og måle ..."
    std::string success_criterion; // "Vi har ret, hvis ..."
    std::string period_from, period_to;   // YYYY-MM-DD
    std::int64_t budget_dkk = 0;   // at most the step's amount
    std::string owner;
    // The learning, once recorded.
    std::string believed, observed, learned;
    std::string learning_decision; // next_step, stop or hand_on; empty until recorded
};

// What a transition carries beside the move: fund_step a test card (whose budget goes into the
// money ledger, within the theme's yearly budget), record_learning the learning.
struct TransitionExtras {
    std::optional<TestCard> test_card;
    std::optional<TestCard> learning;          // only the learning members are used
    std::optional<std::int64_t> yearly_budget_dkk;   // the card's theme's; none: no limit
    int year = 0;                              // the ledger's year (the decision's, UTC)
};

// The decision is made inside the store's write transaction, on the card as it is then, so that
// of two requests made against the same version exactly one wins.
using PipelineDecider = std::function<PipelineDecision(const CardPipeline&)>;

// One request's transition, queued for a group commit (IngestQueue::submit_transition). The
// decider runs on the store's writer thread: it holds its request's values, not references.
struct TransitionJob {
    std::string card_id;
    PipelineDecider decide;
    TransitionRecord record;
    TransitionExtras extras;
};

struct TransitionOutcome {
    std::optional<CardPipeline> card;   // none: no such card; else the card after (or, refused, as it is)
    PipelineDecision decision;
    // Set when the decision was allowed but the test card's budget would take the theme past its
    // yearly budget: what is left of it this year. Nothing was stored.
    std::optional<std::int64_t> over_budget_remaining;
};

// Money committed, summed per theme, step and year.
struct LedgerLine {
    std::string theme;
    int step = 0;
    int year = 0;
    std::int64_t committed_dkk = 0;
    std::int64_t cards = 0;
};

// [SECTION] Screening meetings (issue 14)

struct AgendaItem {
    std::string card_id;
    int minutes = 0;               // the card's time box
};

struct Meeting {
    std::string meeting_id;
    std::string held_on;           // the meeting's date, YYYY-MM-DD
    std::vector<std::string> themes;
    std::vector<std::string> participants;   // user names
    std::vector<AgendaItem> agenda;          // in order
    std::string created_by;
    std::int64_t created_ms = 0;
    std::int64_t revision = 1;     // grows with every score and decision: what participants poll
};

// One director's score of one card on one criterion: "yes", "partly" or "no", and a note.
struct CriterionScore {
    std::string card_id;
    std::string director;
    std::string criterion;
    std::string score;
    std::string note;
    std::int64_t at_ms = 0;
};

// A decision on a card in a meeting, with the scores' tally as they stood when it was made.
struct MeetingDecision {
    std::string card_id;
    std::string decision;          // the pipeline action: invite_to_pitch, ask_for_more or close
    std::string by;
    std::int64_t at_ms = 0;
    std::int64_t yes = 0, partly = 0, no = 0;
};

struct MeetingRecord {
    Meeting meeting;
    std::vector<CriterionScore> scores;
    std::vector<MeetingDecision> decisions;
};

// One meeting in a list (issue 15): the meeting without its agenda's cards and scores, with
// how many of those cards it has decided.
struct MeetingSummaryRow {
    Meeting meeting;               // agenda left empty
    std::int64_t agenda_cards = 0;
    std::int64_t decided_cards = 0;
};

// Which meetings to list: `participant` set, only those the account takes part in; `from` set,
// only those held on that date or later. The latest date first.
struct MeetingQuery {
    std::string participant;
    std::string from;              // YYYY-MM-DD, or empty
};

// [SECTION] The dashboard (issue 14)

// What the dashboard reads: cards received in [from_ms, to_ms); with `themes` set, only those
// themes (a director's, or the one asked for); cards in a non-final state since before
// `waiting_before_ms` are listed (oldest first, at most `waiting_limit`) and all of them counted.
struct DashboardQuery {
    int year = 0;                  // UTC calendar year: cards received in it, stays that ended in it
    std::optional<std::vector<std::string>> themes;
    std::int64_t waiting_before_ms = 0;
    int waiting_limit = 200;
};

struct WaitingRow {
    std::string card_id;
    std::string receipt;
    std::string title;
    std::string theme;
    CardState state = CardState::Received;
    std::int64_t since_ms = 0;
};

struct DashboardFacts {
    struct Count {
        CardState state = CardState::Received;
        std::string theme;
        std::int64_t count = 0;
    };
    // A histogram: (a bucket's stay in ms, how many), shortest first. The store keeps stays in
    // buckets (to the hour under 14 days, to the day from then on; migration 10).
    using Histogram = std::vector<std::pair<std::int64_t, std::int64_t>>;
    std::vector<Count> funnel;                    // only the non-zero cells
    Histogram to_first_decision_ms;               // cards with a decision: received -> first decision
    // Stays that ended in the year (a transition out of the state), per state: how long.
    std::vector<std::pair<CardState, Histogram>> stays_ms;
    std::vector<WaitingRow> waiting;
    std::int64_t waiting_total = 0;
};

// [SECTION] Sparring and advice (issue 14)

struct StoredSparringPartner {
    std::string account;           // a user name, or empty for a named person
    std::string role;              // the account's role when set
    std::string name, organisation;   // a named person
    std::string set_by;
    std::int64_t set_ms = 0;
};

struct StoredAdvice {
    std::string given_on;          // YYYY-MM-DD
    std::string agreed, next_step;
    std::string by;
    std::int64_t at_ms = 0;
};

struct SparringRecord {
    std::optional<StoredSparringPartner> partner;
    std::vector<StoredAdvice> advice;   // oldest first
};

// A stage-change e-mail waiting in the outbox (issue 14): one per transition of a card whose
// author consented to contact and gave an address. The address is read from card_contacts when
// the mail goes, never copied: an erased contact means no mail.
struct OutboxMail {
    std::int64_t seq = 0;
    std::string card_id;
    std::int64_t version = 0;      // the transition's version: (card, version) is the mail's identity
    std::string receipt;
    std::string email;             // empty: erased, or consent withdrawn since
    std::string language;          // the card's: "en" gets English, anything else Danish
    CardState state = CardState::Received;   // the stage the card moved to
    int step = 0;
    int attempts = 0;
};

class Storage {
public:
    virtual ~Storage() = default;

    // Cards
    virtual Expected<std::vector<IngestOutcome>> ingest(const std::vector<IngestItem>& batch) = 0;
    virtual Expected<std::optional<StoredCard>> card_by_receipt(const std::string& receipt) = 0;
    virtual Expected<std::vector<StoredCard>> list_cards(const CardFilter& filter) = 0;
    virtual Expected<std::int64_t> card_count() = 0;

    // Devices and their one-time enrollment codes
    virtual Status add_enrollment_code(const std::string& code_hash, std::int64_t now_ms,
                                       std::optional<std::int64_t> expires_ms, const std::string& created_by) = 0;
    // Atomically: checks the code, marks it used, and adds the device with its token hash.
    virtual Expected<EnrollResult> enroll_device(const std::string& code_hash, std::int64_t now_ms, const Device& device,
                                                 const std::string& token_hash) = 0;
    virtual Expected<std::optional<Device>> device_by_token_hash(const std::string& token_hash) = 0;
    virtual Expected<std::vector<Device>> list_devices() = 0;
    virtual Expected<std::optional<Device>> revoke_device(const std::string& device_id, std::int64_t now_ms) = 0;

    // Administrator accounts and sessions
    virtual Expected<bool> create_user(const AdminUser& user) = 0;   // false: the name is taken
    virtual Expected<std::optional<AdminUser>> user_by_name(const std::string& username) = 0;
    virtual Status record_login_failure(std::int64_t user_id, int failed_logins, std::int64_t locked_until_ms) = 0;
    virtual Status record_login_success(std::int64_t user_id) = 0;
    virtual Status add_session(const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms, std::int64_t expires_ms) = 0;
    virtual Expected<std::optional<Session>> session_by_token_hash(const std::string& token_hash) = 0;
    virtual Status delete_session(const std::string& token_hash) = 0;

    // The pipeline (issue 14)
    virtual Expected<std::optional<CardPipeline>> card_pipeline(const std::string& card_id) = 0;
    // Decides with `decide` on the card's current place and, when it allows, stores the new place
    // and appends the log row, in one transaction.
    virtual Expected<TransitionOutcome> transition(const std::string& card_id, const PipelineDecider& decide,
                                                   const TransitionRecord& record, const TransitionExtras& extras = {}) = 0;
    // Group commit (issue 14: 64 connections moving cards): many requests' transitions in ONE
    // durable transaction, each in its own savepoint, so one that fails rolls back alone and a
    // refused one writes nothing; the others still commit. One outcome per job, in order. The
    // outer error is the commit's own: then nothing of the group is stored.
    virtual Expected<std::vector<Expected<TransitionOutcome>>> transition_group(const std::vector<TransitionJob>& jobs) = 0;
    virtual Expected<std::vector<TestCard>> test_cards(const std::string& card_id) = 0;
    virtual Expected<std::vector<LedgerLine>> ledger(int year) = 0;
    virtual Expected<std::vector<LoggedTransition>> transitions(const std::string& card_id) = 0;
    // The themes a director answers for. set_account_themes is false when no such account.
    virtual Expected<std::vector<std::string>> account_themes(std::int64_t user_id) = 0;
    virtual Expected<bool> set_account_themes(const std::string& username, const std::vector<std::string>& themes) = 0;

    // Screening meetings (issue 14)
    virtual Status add_meeting(const Meeting& meeting) = 0;
    virtual Expected<std::optional<MeetingRecord>> meeting(const std::string& meeting_id) = 0;
    virtual Expected<std::vector<MeetingSummaryRow>> list_meetings(const MeetingQuery& query) = 0;
    // Replaces `director`'s scores of the card in the meeting; returns the meeting's new revision.
    virtual Expected<std::int64_t> put_scores(const std::string& meeting_id, const std::string& card_id, const std::string& director,
                                              const std::vector<CriterionScore>& scores) = 0;
    // A transition made in a meeting: the transition, and when allowed the decision with the
    // scores' tally and a new revision, in one transaction.
    // Privacy (issue 14): removes the card's contact part and logs the erasure (append-only),
    // in one transaction. False: no such card, or its contact was already erased.
    virtual Expected<bool> erase_contact(const std::string& card_id, const std::string& by, const std::string& reason, std::int64_t at_ms) = 0;
    // Erases the contact of every card closed before `closed_before_ms`; returns how many.
    virtual Expected<std::int64_t> erase_contacts_closed_before(std::int64_t closed_before_ms, std::int64_t at_ms) = 0;
    virtual Expected<std::optional<std::int64_t>> contact_erased_at(const std::string& card_id) = 0;
    // Stage-change e-mail (issue 14). While on, each transition of a card with consent and an
    // address queues one mail in the same transaction (off: nothing is queued, as with no relay).
    virtual void set_stage_mail(bool on) = 0;
    // Unsent mails due at `now_ms`, oldest first.
    virtual Expected<std::vector<OutboxMail>> due_mail(std::int64_t now_ms, int limit) = 0;
    // The mail went (or will never go: `outcome` "sent" or "dropped:<why>").
    virtual Status mail_done(std::int64_t seq, std::int64_t at_ms, const std::string& outcome) = 0;
    // The relay refused or was not there: try again at `retry_at_ms`.
    virtual Status mail_failed(std::int64_t seq, std::int64_t retry_at_ms, const std::string& error) = 0;
    // The card's contact details; none: no such card, an anonymous card, or erased.
    virtual Expected<std::optional<CardContact>> card_contact(const std::string& card_id) = 0;

    // Sparring (issue 14). None: no such card. set_sparring_partner: false when no such card;
    // an account partner's role is read from the account in the same transaction.
    virtual Expected<std::optional<SparringRecord>> sparring(const std::string& card_id) = 0;
    virtual Expected<bool> set_sparring_partner(const std::string& card_id, const StoredSparringPartner& partner) = 0;
    virtual Expected<bool> add_advice(const std::string& card_id, const StoredAdvice& advice) = 0;

    // The dashboard's raw figures (issue 14), read in one read transaction.
    virtual Expected<DashboardFacts> dashboard(const DashboardQuery& query) = 0;

    virtual Expected<TransitionOutcome> decide_in_meeting(const std::string& meeting_id, const std::string& card_id,
                                                          const PipelineDecider& decide, const TransitionRecord& record) = 0;
};

} // namespace idekort::server

// MeetingScreen: the screening meeting (issue 15), made for a meeting room's big screen and the
// directors' tablets around the table.
//   Room view   the agenda, the current card's whole text, a countdown of its time box and the
//               directors' scores as they arrive; after a decision, the decision with its scores.
//   Tablet      the same current card and the criteria to score (the programme's general ones
//               and the theme's own): yes / partly / no and a note, in finger-sized buttons; and,
//               for whoever may decide (a participating director, an administrator), the chair's
//               decision: invite to pitch (with a date), ask for more, close with feedback.
//   Open/Plan   the meetings this account may see (GET /api/v1/meetings: date, themes, how many
//               cards are decided), each opened by a press or Enter; a meeting by its id (the
//               room's screen shows it); for the central office, plan one from the cards in
//               screening.
// Everyone polls the meeting (GET .../meetings/{id}) every few seconds and redraws only when its
// revision moved, or when the countdown ticks a second. Scores and decisions being written are
// kept in the device store (ProductStore's pending rows) until the server acknowledged them.
#pragma once

#include "app/office/inbox_screen.h"
#include "app/office/meeting_model.h"
#include "app/ui/widgets.h"

#include <map>
#include <string>

namespace idekort::office {

class MeetingScreen {
public:
    enum class View { Open, Plan, Room, Tablet };
    enum class Decision { None, Invite, AskForMore, Close };

    // Signed in: who is at this device decides what it may do and which view opens first.
    void start(OfficeContext& office, const std::string& username, Role role);
    // Drafts found in the device store at start ("scores:<meeting>:<card>", "decision:<meeting>:<card>").
    void restore_pending(const std::map<std::string, std::string>& pending);
    void open_meeting(OfficeContext& office, const std::string& meeting_id, std::int64_t now_ms);
    void draw(OfficeContext& office, float height, std::int64_t now_ms);
    // Seconds until this screen needs a frame by itself: the next poll or the countdown's next second.
    double wake_in(std::int64_t now_ms) const;
    // An answer changed what is shown since the last call.
    bool take_changed() {
        const bool c = m_changed;
        m_changed = false;
        return c;
    }
    void forget();

    View view() const { return m_view; }
    const MeetingModel& model() const { return m_model; }
    const std::string& meeting_id() const { return m_meeting_id; }
    const std::string& message() const { return m_message; }
    // The list of meetings: true once an answer came (and until the next is asked for).
    bool listed() const { return m_list_loaded && !m_list_loading; }
    const std::vector<protocol::MeetingSummary>& meetings() const { return m_list; }
    // The list is fetched again the next time it shows (the tab pressed: another desk may have
    // planned one, or a meeting moved on).
    void list_again() { m_list_stale = true; }

    static constexpr std::int64_t poll_ms = 2000;

private:
    void poll(OfficeContext& office, std::int64_t now_ms);
    void draw_open(OfficeContext& office, float width, std::int64_t now_ms);
    void load_list(OfficeContext& office);
    void draw_list(OfficeContext& office, float width, std::int64_t now_ms);
    void draw_plan(OfficeContext& office, float width, std::int64_t now_ms);
    void draw_header(OfficeContext& office, float width);
    void draw_room(OfficeContext& office, float width, float height, std::int64_t now_ms);
    void draw_tablet(OfficeContext& office, float width, float height, std::int64_t now_ms);
    void draw_card_text(OfficeContext& office, const std::string& card_id, float width);
    void draw_scores(OfficeContext& office, const std::string& card_id, float width, bool per_criterion);
    void draw_scoring(OfficeContext& office, const std::string& card_id, float width);
    void draw_decision(OfficeContext& office, const std::string& card_id, float width);
    void keep_scores(OfficeContext& office, const std::string& card_id);
    void send_scores(OfficeContext& office, const std::string& card_id);
    void send_decision(OfficeContext& office, const std::string& card_id);
    void told(std::string words, bool problem);
    bool scores_card(const std::string& card_id) const;
    bool may_decide() const;
    std::string title_of(const std::string& card_id) const;

    MeetingModel m_model;
    View m_view = View::Open;
    std::string m_username;
    Role m_role = Role::Triage;
    std::string m_meeting_id;       // the meeting open (or being opened)
    std::string m_id_field;         // Open: the id as typed
    bool m_polling = false;
    std::int64_t m_next_poll_ms = 0;
    bool m_changed = false;
    std::string m_load_problem;

    // Open: the meetings listed, fetched again each time the view opens.
    std::vector<protocol::MeetingSummary> m_list;
    bool m_list_loading = false;
    bool m_list_loaded = false;
    bool m_list_stale = true;
    std::string m_list_problem;

    // Plan
    std::string m_plan_date;
    std::vector<char> m_plan_themes;    // one per programme theme
    std::string m_plan_participants;
    std::string m_plan_minutes = "10";
    std::vector<protocol::StoredCardEntry> m_screening;   // cards in screening, to pick from
    std::vector<char> m_plan_picked;
    bool m_plan_loading = false;

    // Tablet: this director's scores of a card being written, by card id.
    std::map<std::string, protocol::ScoresRequest> m_scores;
    std::map<std::string, std::string> m_restored;   // store key -> JSON, read before a meeting opened
    std::string m_scored_card;      // the card whose server scores were taken into m_scores
    bool m_sending = false;

    // The chair's decision being written.
    Decision m_decision = Decision::None;
    std::string m_decision_card;
    std::string m_pitch_date;
    std::string m_feedback;
    int m_close_reason = 0;
    bool m_field_missing = false;

    ui::TouchScroll m_scroll_card, m_scroll_side;   // a finger drags the plan and the tablet page
    ui::TouchScroll m_scroll_open;                  // and the list of meetings
    std::string m_message;          // the last answer, in words
    bool m_message_problem = false;
};

} // namespace idekort::office

// InboxScreen: the central office's triage. A table of every card (ImGui tables: sort by any
// column; filter by theme, state, age and department; search in the text), drawn through
// ImGuiListClipper so 10,000 cards cost what one screenful does, and the whole card beside it.
// On the card: set the theme, merge a duplicate (the two cards side by side), pass on to
// screening, close with feedback. By keyboard: J/K next and previous card, a digit sets the
// theme, P passes on. Cards waiting too long are marked in the table.
//
// Typed feedback is kept in the device store (ProductStore's pending rows) from the first letter
// until the server acknowledged it, so a crash, an unreachable server or an expired session
// loses nothing.
#pragma once

#include "app/office/inbox_model.h"
#include "app/office/office_client.h"
#include "app/core/product_store.h"
#include "app/ui/screen_context.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace idekort::office {

struct OfficeContext {
    ui::ScreenContext& screen;
    OfficeClient& client;
    ProductStore& store;
    std::function<void()> session_expired;   // the app signs out to the sign-in screen, keeping drafts
    std::function<std::string(const Outcome&)> words;   // an Outcome in the person's language
};

class InboxScreen {
public:
    enum class Mode { Card, Merge, Close };

    // Starts fetching the cards (on sign-in and "Fetch again").
    void load(OfficeContext& office, std::int64_t now_ms);
    // Shows these cards as if they had just been fetched (benchmarks and previews).
    void show(OfficeContext& office, std::vector<protocol::StoredCardEntry> cards, std::int64_t now_ms);
    // Drafts found in the device store at start ("transition:<card id>" -> TransitionRequest JSON).
    void restore_pending(const std::map<std::string, std::string>& pending);
    // Draws the screen in the area left below the top bar. Returns true when something changed
    // that needs another frame soon (an answer arrived).
    void draw(OfficeContext& office, float height);
    void forget();   // signed out: nothing of the last account stays on screen

    const InboxModel& model() const { return m_model; }
    InboxModel& model() { return m_model; }
    const std::string& selected() const { return m_selected; }
    Mode mode() const { return m_mode; }
    const std::string& message() const { return m_message; }
    bool loading() const { return m_loading; }
    // Set by the app: opens a card's pipeline page (pitch, test card, learning; JourneyScreen).
    std::function<void(const std::string& card_id)> open_journey;

private:
    void draw_filters(OfficeContext& office, float width);
    void draw_table(OfficeContext& office, float width, float height);
    void draw_card(OfficeContext& office, const InboxRow& row, float width, bool with_actions);
    void draw_actions(OfficeContext& office, const InboxRow& row, float width);
    void handle_keys(OfficeContext& office);
    void select(OfficeContext& office, const std::string& card_id);
    void move_selection(OfficeContext& office, int delta);
    bool may(const std::string& action) const;
    void set_theme(OfficeContext& office, const std::string& theme);
    void send(OfficeContext& office, protocol::TransitionRequest request, bool keep);
    void keep_draft(OfficeContext& office);

    InboxModel m_model;
    bool m_loading = false;
    bool m_loaded = false;
    std::string m_load_problem;
    // The filters as the person set them.
    std::string m_query;
    int m_theme_choice = 0;        // 0 any, 1 none yet, 2.. the programme's themes
    int m_state_choice = 0;        // 0 any, 1.. CardState + 1
    int m_department_choice = 0;   // 0 any, 1.. the programme's departments
    int m_age_choice = 0;          // 0 any, 1 a week, 2 a month

    std::string m_selected;
    std::optional<protocol::PipelineCardReply> m_detail;   // the selected card's place and actions
    bool m_detail_loading = false;
    Mode m_mode = Mode::Card;
    std::string m_merge_into;      // Merge: the card that stays
    int m_close_reason = 0;        // Close: index into the reasons the card's state allows
    std::string m_feedback;        // Close and Merge: words for the author
    bool m_feedback_missing = false;
    bool m_sending = false;
    std::string m_message;         // the last answer, in words
    bool m_message_problem = false;
    bool m_scroll_to_selected = false;
    std::map<std::string, protocol::TransitionRequest> m_drafts;   // unsent, by card id
};

// The close reasons a card in `state` may be closed with by the office (common/pipeline.h).
std::vector<std::string> close_reasons_for(CardState state);
std::string state_key(CardState state);   // "office.state.received", ...

} // namespace idekort::office

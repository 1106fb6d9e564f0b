// JourneyScreen: a card's pipeline page in the office app after the screening meeting (issue 15),
// reached from the inbox. Beside the card (its state, its step, the contact details from
// "invited to pitch" on when the API gave them, the log of every transition and the test cards
// so far) the editor its state calls for:
//   - the pitch: when the card was invited, the date the pitch took place; then the directors'
//     go (fund step 1, with its test card) or no-go (close with feedback);
//   - the test card, field by field as the programme's template words it, with the step's
//     amount and the theme's remaining budget this year (the ledger); a budget over a limit is
//     refused by the server, and its words are shown;
//   - the learning (believed, observed, learned) and the decision: the next step, stop, hand on.
// On an advice track (a programme without steps) the test card has no money fields.
//
// Everything typed is kept in the device store (ProductStore, "journey:<card id>") from the first
// letter until the server acknowledged it; a 409 is said in words with the card as it is now,
// and the words stay in the editor.
#pragma once

#include "app/office/inbox_screen.h"
#include "app/office/journey_model.h"
#include "app/ui/widgets.h"
#include "common/idea_card.h"

#include <map>
#include <optional>
#include <string>

namespace idekort::office {

class JourneyScreen {
public:
    // Drafts found in the device store at start.
    void restore_pending(const std::map<std::string, std::string>& pending);
    // Opens the page of `card_id`; `card` is its text when the account may read it (the inbox's).
    void open(OfficeContext& office, const std::string& card_id, std::optional<IdeaCard> card, std::int64_t now_ms);
    // Draws the page below the top bar. Returns true when the person asked to go back.
    bool draw(OfficeContext& office, float height);
    void forget();   // signed out
    // The words of the way back (a strings key): to the inbox, or to a director's "Mine kort".
    void back_to(std::string words_key) { m_back_key = std::move(words_key); }

    const std::string& card_id() const { return m_card_id; }
    const std::string& message() const { return m_message; }
    const std::optional<protocol::PipelineCardReply>& card() const { return m_detail; }
    std::string editing() const { return m_draft ? m_draft->request.action : std::string(); }

private:
    std::string m_back_key = "office.journey.back";
    bool may(const std::string& action) const;
    void reload(OfficeContext& office);
    void start(OfficeContext& office, const std::string& action, const std::string& reason = {});
    void keep(OfficeContext& office);
    void drop(OfficeContext& office);
    void send(OfficeContext& office);
    StepMoney money(OfficeContext& office) const;

    void draw_card(OfficeContext& office, float width);
    void draw_editor(OfficeContext& office, float width);
    void draw_pitch(OfficeContext& office, float width);
    void draw_test_card(OfficeContext& office, float width);
    void draw_learning(OfficeContext& office, float width);
    void draw_close(OfficeContext& office, float width);
    void draw_problems(OfficeContext& office, float width);
    bool field(OfficeContext& office, const char* id, const std::string& label, std::string& value, int lines, float width);

    std::string m_card_id;
    std::optional<IdeaCard> m_card;
    std::optional<protocol::PipelineCardReply> m_detail;
    std::optional<protocol::LedgerReply> m_ledger;
    int m_year = 0;
    bool m_loading = false;
    bool m_sending = false;
    std::optional<JourneyDraft> m_draft;     // the editor open now, with what is typed
    std::map<std::string, JourneyDraft> m_kept;   // drafts of other cards from the device store
    std::vector<std::string> m_problems;     // shown after a send was tried with fields missing
    std::string m_message;
    bool m_message_problem = false;
    bool m_message_by_button = false;   // this frame: the problem is shown by the form's button
    ui::TouchScroll m_card_scroll, m_editor_scroll;
};

} // namespace idekort::office

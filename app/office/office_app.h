// OfficeApp: idekort-office, the second product on the kit (app/ui) and the runners (platform/):
// the screens of the people who run the Innovationsmotor, on top of the pipeline API
// (docs/API.md). It composes OfficeClient (the server) and ProductStore (its tables in the device store) on the
// runner's capabilities, and owns the strings, the theme, the fonts and the item registry.
//
// Screens follow the account's role: sign in -> the inbox (triage, admin), with the dashboard a
// press away; a director opens on the screening meetings, with "Mine kort" (their themes' cards
// past triage) and the dashboard a tab away; an account without office screens (a
// facilitator) is told so. The session token is kept in the device store, so a
// reload stays signed in; signing out forgets it here and on the server. The language switches
// live, keeping everything typed.
#pragma once

#include "app/core/application.h"
#include "app/core/string_table.h"
#include "app/office/dashboard_screen.h"
#include "app/office/inbox_screen.h"
#include "app/office/meeting_screen.h"
#include "app/office/my_cards_screen.h"
#include "app/office/journey_screen.h"
#include "app/office/office_client.h"
#include "app/core/product_store.h"
#include "app/ui/item_registry.h"
#include "app/ui/text_entry.h"
#include "app/ui/theme.h"
#include "common/programme_config.h"
#include "common/protocol/accounts.h"

#include <memory>
#include <optional>
#include <string>

namespace idekort::office {

struct OfficeSettings {
    std::string language;     // "da" (default) or "en"
    std::string server_url;   // idekort-server; in the browser, the page's own origin
    std::string open_card;    // a card whose pipeline page opens once the inbox has it (--open-card)
};

class OfficeApp final : public Application {
public:
    enum class Screen { Starting, SignIn, Inbox, NoScreens, Meeting, Dashboard, Journey, MyCards };

    explicit OfficeApp(OfficeSettings settings = {}) : m_settings(std::move(settings)) {}

    Status init(const AppEnvironment& environment) override;
    FrameRequest frame(const FrameInput& input) override;
    void event(const AppEvent& event) override;
    void shutdown() override { m_registry.detach(); }
    const std::vector<SemanticItem>& semantic_items() const override { return m_registry.items(); }
    std::uint64_t semantic_generation() const override { return m_registry.generation(); }
    void accessibility_action(std::uint32_t item_id, AccessibilityAction action) override {
        m_registry.request_action(item_id, static_cast<ui::ItemRegistry::Action>(action));
    }
    std::string state_json() const override;

    Screen screen() const { return m_screen; }
    // Shows the inbox with these cards as `username` of the triage office, without a server
    // (the benchmark's 10,000 cards; previews). Nothing is sent until the person acts.
    void show_cards(std::vector<protocol::StoredCardEntry> cards, const std::string& username);
    const InboxModel& inbox() const { return m_inbox.model(); }
    const MeetingScreen& meeting() const { return m_meeting; }
    const DashboardScreen& dashboard() const { return m_dashboard; }
    // Shows the dashboard with these figures as `username` of the central office, without a
    // server (the dashboard's benchmark).
    void show_dashboard(protocol::DashboardReply reply, const std::string& username);
    const JourneyScreen& journey() const { return m_journey; }
    const MyCardsScreen& my_cards() const { return m_my_cards; }

private:
    void opened_store(Status status, std::map<std::string, std::string> settings, std::map<std::string, std::string> pending);
    void check_session();
    void signed_in(const std::string& username, Role role, bool remember);
    void sign_in();
    void sign_out();
    void session_expired();
    bool draw_top_bar(ui::ScreenContext& ctx, float width);
    void draw_sign_in(ui::ScreenContext& ctx);
    void load_inbox();
    void open_dashboard();
    void draw_navigation(ui::ScreenContext& ctx);
    std::string outcome_words(const Outcome& outcome) const;

    OfficeSettings m_settings;
    AppEnvironment m_environment;
    std::optional<UiStrings> m_strings;
    std::optional<ProgrammeConfig> m_programme;
    std::unique_ptr<OfficeClient> m_client;
    std::unique_ptr<ProductStore> m_store;
    ui::ItemRegistry m_registry;
    ui::TextEntry m_entry;
    ui::Fonts m_fonts;
    InboxScreen m_inbox;
    MeetingScreen m_meeting;          // the screening meeting (room view, tablet, the chair's decision)
    std::string m_last_meeting;       // the meeting this device had open: a reload opens it again
    DashboardScreen m_dashboard;
    JourneyScreen m_journey;   // a card's pitch, test card and learning
    Screen m_journey_from = Screen::Inbox;   // where the journey's "back" returns: the inbox or Mine kort
    MyCardsScreen m_my_cards;  // a director's cards past triage (issue 15)
    // Built once in init() over the members above, so that answers arriving frames later
    // reach the screens through contexts that still exist.
    std::optional<ui::ScreenContext> m_ctx;
    std::optional<OfficeContext> m_office;

    Screen m_screen = Screen::Starting;
    std::string m_username;
    Role m_role = Role::Triage;
    std::string m_notice;               // words shown under the top bar (sign in, errors)
    bool m_notice_retry = false;        // the notice offers "Try again" (check the session again)
    bool m_busy = false;                // a sign in or session check is under way
    std::string m_form_user, m_form_password;
    std::string m_reported_language;
    int m_settle_frames = 0;
    Screen m_last_screen = Screen::Starting;
    bool m_wake = false;                // an answer arrived: draw again
};

} // namespace idekort::office

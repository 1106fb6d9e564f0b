// CaptureApp: the capture product, the Application the runners drive (app/core/application.h).
// It composes its services on the runner's capabilities (CaptureSession: the store, drafts,
// autosave and sync engine) and owns the screens, the strings, the theme, the item registry and
// the kiosk's timers; it never owns the loop, the window or GL.
//
// Screens: Start (personal device: new idea, drafts, sent cards and how sending goes) or Attract
// (kiosk) -> Follow (a receipt code's stage, issue 15) or Workshop (a live workshop's participant, issue 16) or Wizard (eight steps) -> Thanks (receipt code) -> back; on a kiosk, Admin behind a
// hidden gesture and the PIN (enrollment, outbox, leaving kiosk mode). On a kiosk the idle
// timeout wipes the card: the wizard's state, the on-screen keyboard, ImGui's copy of the text
// and the stored draft.
#pragma once

#include "app/capture/admin_screen.h"
#include "app/capture/follow_screen.h"
#include "app/capture/kiosk_screens.h"
#include "app/capture/start_screen.h"
#include "app/capture/sync_view.h"
#include "app/capture/thanks_screen.h"
#include "app/capture/wizard_screen.h"
#include "app/capture/workshop_door.h"
#include "app/core/application.h"
#include "app/core/card_follow.h"
#include "app/core/capture_session.h"
#include "app/core/idle_watch.h"
#include "app/core/launch_options.h"
#include "app/core/narrator.h"
#include "app/core/string_table.h"
#include "app/ui/glyph_coverage.h"
#include "app/ui/item_registry.h"
#include "app/ui/keyboard_view.h"
#include "app/ui/text_entry.h"
#include "app/ui/theme.h"
#include "common/programme_config.h"

#include <array>
#include <memory>
#include <optional>

namespace idekort::capture {

// The capture product is written in the kit's vocabulary (widgets, theme, registry).
using namespace idekort::ui;

class CaptureApp final : public Application {
public:
    enum class Screen { Start, Attract, Wizard, Thanks, Admin, Follow, Workshop };

    explicit CaptureApp(CaptureSettings settings = {}) : m_settings(std::move(settings)) {}

    Status init(const AppEnvironment& environment) override;
    double update(double now) override;
    FrameRequest frame(const FrameInput& input) override;
    void event(const AppEvent& event) override;
    void shutdown() override;
    const std::vector<SemanticItem>& semantic_items() const override { return m_registry.items(); }
    std::uint64_t semantic_generation() const override { return m_registry.generation(); }
    void accessibility_action(std::uint32_t item_id, AccessibilityAction action) override {
        m_registry.request_action(item_id, static_cast<ItemRegistry::Action>(action));
    }
    std::string state_json() const override;   // capture_state_json.cpp
    std::string report(std::string_view name, std::string_view argument) const override;
    void command(std::string_view name) override;

    Screen screen() const { return m_screen; }
    // The services the app composed in init() (tests and benchmarks reach the engine here).
    CaptureSession& session() { return *m_session; }
    const IdeaCard& card() const { return m_session->card(); }

private:
    Status build_fonts();
    // Issue 12, point 4: the characters on screen that the atlas lacks (frame), the extra font
    // files that draw them, and the atlas rebuilt with them (update, between frames).
    void note_glyphs();
    void load_extra_glyphs(double now);
    bool extra_glyphs_ready(double now) const;
    void start_card(double now);
    void resume_card(const std::string& id);
    void send_card(double now);
    void leave_card(double now);   // Cancel: a kiosk wipes, a personal device keeps the draft
    void wipe(double now);         // the kiosk forgets the person
    void home();
    Status open_preview(const std::string& screen);
    void noticed_input(double now);   // a person is there: the idle timer, touch or keys
    std::string_view store_notice() const;
    std::string_view save_key() const;   // the autosave's state as a string key

    CaptureSettings m_settings;
    AppEnvironment m_environment;
    std::optional<UiStrings> m_strings;
    std::optional<ProgrammeConfig> m_programme;
    std::unique_ptr<CaptureSession> m_session;   // from init() on
    ItemRegistry m_registry;
    TextEntry m_entry;
    KeyboardView m_keyboard;
    Fonts m_fonts;
    GlyphCoverage m_glyphs;
    struct ExtraFont {
        enum class State { Unasked, Asked, Loaded, Failed } state = State::Unasked;
        double retry_at = -1;   // Failed: asked again from then on (offline before the first fetch)
        std::string bytes;      // Loaded
    };
    std::array<ExtraFont, extra_glyph_assets.size()> m_extra_fonts;

    Screen m_screen = Screen::Start;
    WizardScreen m_wizard;
    StartScreen m_start;
    FollowScreen m_follow_screen;
    std::optional<CardFollow> m_follow;   // from init() on: asks the status route
    std::string follow_server() const;
    void open_follow(const std::string& receipt);
    // A live workshop's participant (issue 16): the join link's code or one typed on the start
    // screen, in this app or on the browser's participant page (workshop_door.h).
    std::unique_ptr<WorkshopDoor> m_workshop;   // from init() on
    void open_workshop(const std::string& code);
    ThanksScreen m_thanks;
    KioskExit m_exit;
    AdminScreen m_admin;
    std::optional<IdleWatch> m_idle;
    std::string m_receipt;           // of the card just sent
    std::string m_sent_id;
    bool m_send_failed = false;
    Connection m_told_connection = Connection::Unknown;   // last told to the platform
    bool m_touch_typing = false;     // the last press was a finger: offer the on-screen keyboard
    bool m_quit = false;
    // Speech (issue 17): on after the person pressed the accessibility button; the narrator
    // decides what the kiosk says from the item registry.
    bool m_speech_on = false;
    // Large-text mode (issue 17): the kiosk's toggle beside the speech button, or --large-text.
    bool m_large_text = false;
    // The scale the UI is laid out and its fonts rasterised at (ui::layout_scale): the platform's
    // on a personal device, the display's size's on a kiosk, times large text.
    float m_ui_scale = 1.0f;
    float wanted_scale() const;
    void rescale();
    bool m_speech_was_on = false;
    Narrator m_narrator;
    void speak_changes();
    bool m_asking = false;            // "Are you still there?" is on screen
    int m_last_view = -1;            // screen and step of the last frame
    int m_settle_frames = 0;         // frames still to draw after a change of screen or step
    std::string m_reported_language;  // last told to the platform (language_changed)
    long long m_frames_drawn = 0;
    double m_last_frame_time = 0;    // reported in state_json: tests check that idle means no frames
    double m_thanks_since = 0;
    // Wall-clock seconds minus the frame time, taken at start: the PIN pad's waits are timed in
    // wall-clock time (they survive a restart) and move with the runner's clock (tests advance it).
    double m_wall_offset = 0;
    bool m_wall_offset_set = false;
};

} // namespace idekort::capture

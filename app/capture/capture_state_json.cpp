// CaptureApp::state_json: the capture app's state for tests and diagnostics (the browser's
// window.idekort.state(), the native --state FILE): the screen, the card's idea text as typed
// (what the person sees anyway), drafts, sent cards, the store and the kiosk's timers. Contact
// details are never included.
#include "app/capture/capture_app.h"

#include "common/json_writer.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <cmath>

namespace idekort::capture {

std::string CaptureApp::state_json() const {
    static constexpr const char* screens[] = {"start", "attract", "wizard", "thanks", "admin", "follow", "workshop"};
    json::Writer w;
    w.begin_object();
    w.key("language").value(m_strings ? m_strings->language() : "da");
    w.key("screen").value(screens[static_cast<int>(m_screen)]);
    w.key("step").value(step_key(m_wizard.step()));
    // The card's idea text, for tests of "nothing is lost" and "everything is wiped". Contact
    // details are never included.
    static const IdeaCard blank;
    const IdeaCard& c = m_session ? card() : blank;
    w.key("card").begin_object();
    w.key("id").value(c.id);
    w.key("theme").value(c.theme);
    w.key("title").value(c.title);
    w.key("challenge").value(c.challenge);
    w.key("target_group").value(c.target_group);
    w.key("idea").value(c.idea);
    w.key("gain").value(c.gain.text);
    w.key("has_contact").value(c.has_contact);
    w.end_object();
    w.key("problems").begin_array();
    for (const std::string& p : m_wizard.shown_problems()) w.value(p);
    w.end_array();
    w.key("receipt").value(m_receipt);
    w.key("send_failed").value(m_send_failed);
    // "Følg din idé": what was typed, what was asked, and how it went (the stage is on screen).
    w.key("follow").begin_object();
    w.key("typed").value(m_follow_screen.typed());
    w.key("receipt").value(m_follow ? m_follow->answer().receipt : "");
    w.key("outcome").value(m_follow ? to_string(m_follow->answer().outcome) : "none");
    w.key("state").value(m_follow && m_follow->answer().outcome == FollowOutcome::Found ? to_string(m_follow->answer().status.state) : "");
    w.end_object();
    // A live workshop's participant (issue 16): where joining stands, the dots and this device's
    // cards; tests wait on these (the cards' words are on screen and in the registry).
    w.key("workshop").begin_object();
    if (m_workshop) m_workshop->write_state(w);
    w.end_object();
    const std::string_view save = save_key();
    w.key("save").value(save.empty() ? "" : save == "drafts.saving" ? "saving" : save == "drafts.failed" ? "failed" : "saved");
    w.key("keyboard").begin_object();
    w.key("layer").value(m_keyboard.keyboard().layer() == OnscreenKeyboard::Layer::Letters ? "letters" : "symbols");
    w.key("shift").value(m_keyboard.keyboard().shift());
    w.key("caps").value(m_keyboard.keyboard().caps_lock());
    w.end_object();
    const ImGuiContext* g = ImGui::GetCurrentContext();
    // Bytes ImGui still holds of edited text (the kiosk wipe must leave none).
    w.key("imgui_text_bytes").value(g ? static_cast<long long>(g->InputTextState.TextA.Size + g->InputTextState.TextW.Size +
                                                               g->InputTextState.InitialTextA.Size + g->InputTextDeactivatedState.TextA.Size)
                                      : 0LL);
    w.key("editing").value(m_entry.editing());
    w.key("drafts").begin_array();
    const DraftShelf* shelf = m_session ? m_session->shelf() : nullptr;
    const SyncEngine* sync = m_session ? m_session->sync() : nullptr;
    if (shelf) {
        for (const ShelfEntry& e : shelf->entries()) {
            const char* state = e.state == SaveState::Saved ? "saved" : e.state == SaveState::Saving ? "saving" : "failed";
            w.begin_object();
            w.key("title").value(e.title);
            w.key("state").value(state);
            w.key("label").value(label_key(e, m_session->store_durable()));
            w.end_object();
        }
    }
    w.end_array();
    w.key("sent").begin_array();
    if (shelf) {
        for (const SentEntry& e : shelf->sent()) {
            w.begin_object();
            w.key("title").value(e.title);
            w.key("receipt").value(e.receipt);
            w.key("state").value(to_string(e.state));
            if (sync) {
                const CardSyncState state = sync->card_state(e.id);
                w.key("phase").value(to_string(state.phase));
                w.key("reason").value(state.reason_key);
            }
            w.end_object();
        }
    }
    w.end_array();
    if (const SqlExecutor* store = m_session ? m_session->executor() : nullptr) {
        w.key("store").begin_object();
        w.key("durable").value(store->durable());
        w.key("opening").value(store->condition() == StoreCondition::Opening);
        w.key("where").value(store->describe());
        w.key("opened").value(shelf && shelf->opened());
        w.key("error").value(shelf ? shelf->store_error() : "");
        w.end_object();
    } else {
        w.key("store").null();
    }
    if (m_idle) {
        w.key("idle").begin_object();
        const IdleWatch::Phase phase = m_idle->phase(m_last_frame_time);
        w.key("phase").value(phase == IdleWatch::Phase::Active ? "active" : phase == IdleWatch::Phase::Asking ? "asking" : "expired");
        w.key("seconds_left").value(static_cast<long long>(m_idle->seconds_left(m_last_frame_time)));
        w.end_object();
    }
    w.key("kiosk").value(m_settings.kiosk);
    w.key("exit_pad").value(m_exit.pin_pad_open());
    // The wait the PIN pad shows after wrong PINs, in whole seconds as it says it (0: none).
    w.key("exit_wait_seconds").value(static_cast<long long>(std::ceil(m_exit.guard().seconds_left(m_last_frame_time + m_wall_offset))));
    w.key("frames").value(m_frames_drawn);
    w.key("themes").value(static_cast<long long>(m_programme ? m_programme->themes.size() : 0));
    w.key("ui_scale").value(static_cast<double>(m_environment.ui_scale));
    // Issue 17: the scale the UI is laid out at (a kiosk's from its display, times large text)
    // and the body text's height in logical px as the atlas draws it.
    w.key("layout_scale").value(static_cast<double>(m_ui_scale));
    w.key("large_text").value(m_large_text);
    w.key("body_px").value(static_cast<double>(m_fonts.body ? m_fonts.body->FontSize * ImGui::GetIO().FontGlobalScale : 0));
    // Issue 12, point 4: code points on screen that the atlas cannot draw (drawn as '?'), and
    // which extra font files the app has (loaded, asked, failed).
    w.key("glyphs").begin_object();
    w.key("missing").begin_array();
    for (char32_t missing : m_glyphs.missing()) w.value(static_cast<long long>(missing));
    w.end_array();
    static constexpr const char* states[] = {"unasked", "asked", "loaded", "failed"};
    for (std::size_t i = 0; i < m_extra_fonts.size(); ++i)
        w.key(i == 0 ? "letters" : "symbols").value(states[static_cast<int>(m_extra_fonts[i].state)]);
    w.end_object();
    w.end_object();
    return w.str();
}

} // namespace idekort::capture

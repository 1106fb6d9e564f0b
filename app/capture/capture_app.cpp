// CaptureApp (see idekort_app.h).
#include "app/capture/capture_app.h"

#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/clock.h"
#include "common/json_writer.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <cfloat>

namespace idekort::capture {

namespace {
constexpr double kiosk_thanks_seconds = 30;   // then the attract screen returns by itself
} // namespace

Status CaptureApp::init(const AppEnvironment& environment) {
    m_environment = environment;
    if (!environment.assets) return Error{"the runner gave the app no assets", "AppEnvironment"};
    auto strings = UiStrings::load(*environment.assets);
    if (!strings) return strings.error();
    m_strings.emplace(std::move(strings).value());
    m_strings->set_language(environment.language.empty() ? "da" : environment.language);
    // The programme (themes, departments, steps) is checked whole at start-up: the app never
    // runs with half a programme.
    auto programme_json = environment.assets->read("programme/programme.json");
    if (!programme_json) return programme_json.error();
    auto programme = ProgrammeConfig::parse(programme_json.value(), "programme/programme.json");
    if (!programme) return programme.error();
    m_programme.emplace(std::move(programme).value());

    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;          // a shared kiosk keeps no per-user layout
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    if (auto status = build_fonts(); !status) return status;
    apply_theme(environment.ui_scale);
    m_registry.attach(ImGui::GetCurrentContext());
    if (environment.store) {
        m_store.emplace(*environment.store);
        // The native app is the kiosk app; the browser build is the web channel.
        const Channel channel = environment.platform_name == "web" ? Channel::Web : Channel::Kiosk;
        m_shelf.emplace(*m_store, channel, "");
        m_shelf->open();
        m_autosave.emplace(*m_store);
    }
    if (environment.kiosk) {
        // A steady caret: as easy to find for someone with low vision, and a kiosk waiting with
        // a field in edit then draws nothing (a blinking one costs two frames a second).
        io.ConfigInputTextCursorBlink = false;
        m_idle.emplace(environment.kiosk_settings.idle_timeout_seconds, environment.kiosk_settings.countdown_seconds);
        m_screen = Screen::Attract;
    }
    if (!environment.preview.empty()) return open_preview(environment.preview);
    return {};
}

Status CaptureApp::open_preview(const std::string& screen) {
    // The example card is shown, never stored: the autosave only saves after an edit.
    auto json = m_environment.assets->read("samples/example-card.json");
    if (!json) return json.error();
    auto example = card_from_json(json.value());
    if (!example) return Error{example.error().describe(), "samples/example-card.json"};
    if (m_autosave) m_autosave->start_new(std::move(example).value());
    else m_card_without_store = std::move(example).value();
    if (screen == "start" || screen == "attract") return {};
    if (screen == "thanks") {
        m_receipt = receipt_code(parse_uuid(card().id).value());
        m_screen = Screen::Thanks;
        return {};
    }
    m_screen = Screen::Wizard;
    if (screen == "keyboard") {
        m_touch_typing = true; // as if the field had been touched
        m_wizard.start(WizardStep::Challenge);
        m_wizard.focus_field("target_group");
        return {};
    }
    if (screen == "still_there") {
        if (!m_idle) m_idle.emplace(m_environment.kiosk_settings.idle_timeout_seconds, m_environment.kiosk_settings.countdown_seconds);
        // Three seconds into the countdown; frame() holds it there through the first frames,
        // whose window events would otherwise count as a person.
        m_wizard.start(WizardStep::Idea);
        return {};
    }
    for (WizardStep step : wizard_steps)
        if (step_key(step) == screen) m_wizard.start(step);
    return {};
}

Status CaptureApp::build_fonts() {
    return load_fonts(*m_environment.assets, m_environment.ui_scale, m_environment.pixel_ratio, m_fonts);
}

IdeaCard CaptureApp::fresh_card() const {
    const std::string language(m_strings->language());
    if (m_shelf) return m_shelf->new_card(language);
    IdeaCard card;
    card.id = to_string(new_uuid());
    card.created_at = card.updated_at = utc_now();
    card.language = language;
    return card;
}

void CaptureApp::start_card(double now) {
    if (m_autosave) m_autosave->start_new(fresh_card());
    else m_card_without_store = fresh_card();
    m_wizard.start();
    m_screen = Screen::Wizard;
    m_send_failed = false;
    if (m_idle) m_idle->reset(now);
}

void CaptureApp::resume_card(const std::string& id) {
    if (!m_shelf || !m_autosave) return;
    m_shelf->load(id, [this](Expected<IdeaCard> card, std::int64_t revision) {
        if (!card) return; // the shelf shows the store's error
        m_autosave->resume(std::move(card).value(), revision);
        // Continue where something is still missing, or at the review.
        const std::vector<WizardStep> missing = steps_with_problems(m_autosave->card(), *m_programme);
        m_wizard.start(missing.empty() ? WizardStep::Review : missing.front());
        m_screen = Screen::Wizard;
        m_send_failed = false;
    });
}

void CaptureApp::send_card(double now) {
    IdeaCard card = sanitise_card(current_card());
    card.updated_at = utc_now();
    if (!validate_card(card, *m_programme, CardCheck::Complete).empty()) return; // the wizard shows why
    const auto uuid = parse_uuid(card.id);
    m_receipt = uuid ? receipt_code(uuid.value()) : std::string();
    m_sent_id = card.id;
    if (!m_store) {
        m_screen = Screen::Thanks;
        m_thanks_since = now;
        return;
    }
    // Further typing must not recreate the draft that completing removes: the autosave moves on
    // to a blank card now, and gets this one back only if the store refuses it.
    const std::int64_t revision = m_autosave->revision();
    m_autosave->start_new(fresh_card());
    m_sending = true;
    m_store->complete(card, utc_now(), [this, card, revision, now](Status s) {
        m_sending = false;
        if (!s) {
            m_autosave->resume(card, revision + 1);
            m_send_failed = true;
            return;
        }
        m_screen = Screen::Thanks;
        m_thanks_since = now;
        if (m_shelf) m_shelf->reload();
        if (m_environment.sync) m_environment.sync->outbox_changed(); // send it now, not at the next rescan
    });
}

void CaptureApp::home() {
    m_entry.forget();
    m_keyboard.reset();
    m_screen = m_environment.kiosk ? Screen::Attract : Screen::Start;
    if (m_shelf) m_shelf->reload();
}

void CaptureApp::leave_card(double now) {
    if (m_environment.kiosk) return wipe(now);
    if (m_autosave) m_autosave->flush(now); // the draft stays, listed on the start screen
    home();
}

void CaptureApp::wipe(double now) {
    // Everything that could show the previous person's text goes: the stored draft, the card in
    // memory, ImGui's copy of the edited text and its undo history, the keyboard's shift state,
    // the receipt on the thanks screen, and any dialog.
    const std::string id = current_card().id;
    if (m_store && !id.empty()) m_store->delete_draft(id, [](Status) {});
    if (m_autosave) m_autosave->start_new(IdeaCard{});
    m_card_without_store = IdeaCard{};
    m_wizard.start();
    m_receipt.clear();
    m_sent_id.clear();
    m_send_failed = false;
    m_exit.close();
    m_admin.reset();
    if (ImGui::GetCurrentContext()->OpenPopupStack.Size > 0) ImGui::ClosePopupToLevel(0, false);
    home();
    if (m_idle) m_idle->reset(now);
}

void CaptureApp::noticed_input(double now) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    // A person is there when they press, scroll, type, or move a pointer across the screen;
    // window focus changes and the pointer leaving do not count.
    bool any = false;
    for (const ImGuiInputEvent& e : g.InputEventsTrail) {
        if (e.Type == ImGuiInputEventType_Focus) continue;
        if (e.Type == ImGuiInputEventType_MousePos && (e.MousePos.PosX <= -FLT_MAX || e.MousePos.PosY <= -FLT_MAX)) continue;
        any = true;
    }
    if (any && m_idle) m_idle->input(now);
    const ImGuiIO& io = ImGui::GetIO();
    if (io.MouseClicked[0]) m_touch_typing = io.MouseSource == ImGuiMouseSource_TouchScreen;
    // Typing on a physical keyboard: no need to cover half the screen with another one.
    for (const ImGuiInputEvent& e : g.InputEventsTrail)
        if (e.Type == ImGuiInputEventType_Text && !m_environment.kiosk) m_touch_typing = false;
}

std::string_view CaptureApp::store_notice() const {
    // Said plainly when drafts will not survive (private window, second tab, broken disk).
    if (m_shelf && !m_shelf->store_error().empty()) return "store.failed";
    const SqlExecutor* store = m_environment.store;
    if (store && !store->durable())
        return store->describe().find("another tab") != std::string::npos ? "store.other_tab" : "store.memory_only";
    return {};
}

std::string_view CaptureApp::save_key() const {
    if (!m_autosave) return {};
    switch (m_autosave->state()) {
    case DraftAutosave::State::Empty: return {};
    case DraftAutosave::State::Unsaved:
    case DraftAutosave::State::Saving: return "drafts.saving";
    case DraftAutosave::State::Saved: return m_environment.store->durable() ? "drafts.saved" : "drafts.saved_memory";
    case DraftAutosave::State::Failed: return "drafts.failed";
    }
    return {};
}

FrameRequest CaptureApp::frame(const FrameInput& input) {
    ++m_frames_drawn;
    m_last_frame_time = input.time_seconds;
    const double now = input.time_seconds;
    FrameRequest request;
    const auto wake = [&](double seconds) {
        if (seconds >= 0 && seconds < request.wake_in_seconds) request.wake_in_seconds = seconds;
    };

    noticed_input(now);
    if (m_environment.preview == "still_there" && m_frames_drawn <= 3) m_idle->input(now - m_idle->timeout() - 3);
    m_entry.begin_frame(m_environment.text_input);
    // The browser's own keyboard (the DOM bridge) replaces ours, except on a browser kiosk.
    const bool own_keyboard = m_environment.kiosk || (!m_environment.text_input && m_touch_typing);
    if (m_keyboard.intercept()) wake(0); // the field receives the key on the next frame
    const bool keyboard_shown = own_keyboard && ImGui::GetIO().WantTextInput && !m_keyboard.hidden_by_user();

    ScreenContext ctx{*m_strings, *m_programme, m_fonts, m_registry, m_entry, m_environment.ui_scale};
    const float reserved = keyboard_shown ? m_keyboard.height(m_environment.ui_scale) : 0;
    if (m_environment.kiosk && m_exit.watch_gesture(now, m_environment.ui_scale, !m_environment.kiosk_settings.admin_pin.empty()))
        m_entry.forget();

    switch (m_screen) {
    case Screen::Attract:
        if (draw_attract_screen(ctx)) start_card(now);
        break;
    case Screen::Start: {
        const StartScreen::Action a = m_start.draw(m_shelf ? &*m_shelf : nullptr, m_environment.sync,
                                                   !m_environment.store || m_environment.store->durable(), store_notice(), ctx);
        if (a.kind == StartScreen::Action::NewCard) start_card(now);
        else if (a.kind == StartScreen::Action::Resume) resume_card(a.draft_id);
        else if (a.kind == StartScreen::Action::Delete && m_shelf) m_shelf->discard(a.draft_id);
        else if (a.kind == StartScreen::Action::SendNow && m_environment.sync) m_environment.sync->send_now();
        break;
    }
    case Screen::Admin: {
        const AdminScreen::Action a = m_admin.draw(m_environment.sync, ctx, reserved);
        if (a == AdminScreen::Action::LeaveKiosk) m_quit = true;
        else if (a == AdminScreen::Action::Back) wipe(now); // nothing typed here stays for the next person
        break;
    }
    case Screen::Wizard: {
        const WizardScreen::Action a = m_wizard.draw(current_card(), ctx, reserved, save_key());
        if (a == WizardScreen::Action::Edited && m_autosave) m_autosave->edited(now);
        else if (a == WizardScreen::Action::Cancel) leave_card(now);
        else if (a == WizardScreen::Action::Send && !m_sending) send_card(now);
        break;
    }
    case Screen::Thanks: {
        const bool received = m_environment.sync && m_environment.sync->card_state(m_sent_id).phase == CardPhase::Received;
        if (m_thanks.draw(m_receipt, received, ctx)) m_environment.kiosk ? wipe(now) : home();
        else if (m_environment.kiosk) {
            if (now - m_thanks_since >= kiosk_thanks_seconds) wipe(now);
            else wake(kiosk_thanks_seconds - (now - m_thanks_since));
        }
        break;
    }
    }
    m_keyboard.draw(keyboard_shown, *m_strings, m_registry, m_environment.ui_scale);
    if (m_entry.activated_this_frame()) m_keyboard.show_again(); // "Skjul" lasts until the next field

    if (m_idle && m_screen != Screen::Attract) {
        if (m_idle->take_expiry(now)) wipe(now);
        else if (m_idle->phase(now) == IdleWatch::Phase::Asking && !m_exit.pin_pad_open()) {
            // ImGui lays out a window that sizes itself on its first frame and shows it on the
            // next: ask for that frame now rather than at the next countdown tick.
            if (!m_asking) wake(0);
            m_asking = true;
            if (draw_still_there(m_idle->seconds_left(now), ctx)) m_idle->input(now);
        } else {
            m_asking = false;
        }
        wake(m_idle->wake_in(now));
    }
    if (m_exit.pin_pad_open() && m_exit.draw_pin_pad(m_environment.kiosk_settings.admin_pin, now, ctx)) {
        // The right PIN opens the administrator's screen (enrollment, outbox, leaving kiosk mode).
        m_exit.close();
        m_entry.forget();
        m_admin.reset();
        m_screen = Screen::Admin;
        if (m_idle) m_idle->reset(now);
    }

    m_entry.end_frame(m_environment.text_input);
    // A new screen or step settles over a few frames (a scroll reset applies at the next Begin,
    // content size and scrollbar one frame later): draw them now, not at the next input, so the
    // screen and the widget rects that tests and the text bridge read are final.
    const int view = static_cast<int>(m_screen) * 100 + step_index(m_wizard.step());
    if (view != m_last_view) {
        m_last_view = view;
        m_settle_frames = 3;
    }
    if (m_settle_frames > 0) {
        --m_settle_frames;
        wake(0);
    }
    if (m_strings->language() != m_reported_language) {
        m_reported_language = std::string(m_strings->language());
        if (m_environment.language_changed) m_environment.language_changed(m_reported_language);
    }
    // Typing is saved within the debounce window even if no further input arrives.
    if (m_autosave) wake(m_autosave->tick(now));
    request.quit = m_quit;
    return request;
}

void CaptureApp::event(const AppEvent& event) {
    switch (event.kind) {
    case AppEventKind::DisplayScaleChanged:
        if (event.ui_scale == m_environment.ui_scale && event.pixel_ratio == m_environment.pixel_ratio) return;
        m_environment.ui_scale = event.ui_scale;
        m_environment.pixel_ratio = event.pixel_ratio;
        // Fonts only fail to load if the asset folder vanished under a running app; then the
        // old atlas stays and the UI keeps working at the old scale.
        if (build_fonts()) apply_theme(m_environment.ui_scale);
        break;
    case AppEventKind::Hidden: // a hidden tab can be discarded by the browser at any moment
    case AppEventKind::QuitRequested:
        // The last keystrokes may be inside the debounce window: save them now. The runner
        // waits for the store to finish before it exits.
        if (m_autosave) m_autosave->flush(m_last_frame_time);
        break;
    }
}

void CaptureApp::shutdown() { m_registry.detach(); }

std::string CaptureApp::state_json() const {
    static constexpr const char* screens[] = {"start", "attract", "wizard", "thanks", "admin"};
    json::Writer w;
    w.begin_object();
    w.key("language").value(m_strings ? m_strings->language() : "da");
    w.key("screen").value(screens[static_cast<int>(m_screen)]);
    w.key("step").value(step_key(m_wizard.step()));
    // The card's idea text, for tests of "nothing is lost" and "everything is wiped". Contact
    // details are never included.
    const IdeaCard& c = card();
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
    if (m_shelf) {
        for (const ShelfEntry& e : m_shelf->entries()) {
            const char* state = e.state == SaveState::Saved ? "saved" : e.state == SaveState::Saving ? "saving" : "failed";
            w.begin_object();
            w.key("title").value(e.title);
            w.key("state").value(state);
            w.key("label").value(label_key(e, m_environment.store->durable()));
            w.end_object();
        }
    }
    w.end_array();
    w.key("sent").begin_array();
    if (m_shelf) {
        for (const SentEntry& e : m_shelf->sent()) {
            w.begin_object();
            w.key("title").value(e.title);
            w.key("receipt").value(e.receipt);
            w.key("state").value(to_string(e.state));
            if (m_environment.sync) w.key("phase").value(to_string(m_environment.sync->card_state(e.id).phase));
            w.end_object();
        }
    }
    w.end_array();
    if (m_environment.store) {
        w.key("store").begin_object();
        w.key("durable").value(m_environment.store->durable());
        w.key("where").value(m_environment.store->describe());
        w.key("opened").value(m_shelf && m_shelf->opened());
        w.key("error").value(m_shelf ? m_shelf->store_error() : "");
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
    w.key("kiosk").value(m_environment.kiosk);
    w.key("exit_pad").value(m_exit.pin_pad_open());
    w.key("frames").value(m_frames_drawn);
    w.key("themes").value(static_cast<long long>(m_programme ? m_programme->themes.size() : 0));
    w.key("ui_scale").value(static_cast<double>(m_environment.ui_scale));
    w.end_object();
    return w.str();
}

} // namespace idekort::capture

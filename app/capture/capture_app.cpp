// CaptureApp (see capture_app.h); its state JSON for tests is in capture_state_json.cpp.
#include "app/capture/capture_app.h"

#include "app/core/app_texts.h"

#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/clock.h"
#include "common/json_writer.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <chrono>

namespace idekort::capture {

namespace {
constexpr double kiosk_thanks_seconds = 30;   // then the attract screen returns by itself
constexpr const char* pin_guard_setting = "kiosk.pin_guard";   // CardStore's device settings

// Seconds since the Unix epoch: wrong-PIN waits are kept in wall-clock time across restarts.
double system_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
} // namespace

Status CaptureApp::init(const AppEnvironment& environment) {
    m_environment = environment;
    // A platform that is told whether the server answers shows its own offline notice.
    m_start.page_says_offline = static_cast<bool>(environment.server_reachable);
    auto texts = load_app_texts(environment.assets, m_settings.language);
    if (!texts) return texts.error();
    m_strings.emplace(std::move(texts.value().strings));
    m_programme.emplace(std::move(texts.value().programme));

    // The window is being opened meanwhile: a kiosk's display counts as 1080 px on its short
    // side until the first frame tells its size (update() rescales if it was not).
    m_large_text = m_settings.large_text;
    m_ui_scale = layout_scale(environment.ui_scale, 0, 0, m_settings.kiosk, m_large_text);
    if (auto status = build_fonts(); !status) return status;
    apply_theme(m_ui_scale);
    ui::prepare_context(m_registry);
    // The services, on the runner's store and HTTP: one CardStore for drafts, autosave and sync.
    m_session = std::make_unique<CaptureSession>(*m_programme, m_settings.web_channel ? Channel::Web : Channel::Kiosk,
                                                 environment.store, environment.http,
                                                 sync_settings(m_settings, environment.page_settings_json));
    m_session->open();
    m_follow.emplace(environment.http);
    m_workshop = make_workshop_door(environment, workshop_server_url(m_settings, environment.page_settings_json));
    if (m_settings.kiosk) {
        // A steady caret: as easy to find for someone with low vision, and a kiosk waiting with
        // a field in edit then draws nothing (a blinking one costs two frames a second).
        ImGui::GetIO().ConfigInputTextCursorBlink = false;
        m_idle.emplace(m_settings.kiosk_settings.idle_timeout_seconds, m_settings.kiosk_settings.countdown_seconds);
        m_screen = Screen::Attract;
        // Wrong PINs and the wait they earned survive a restart (PinGuard).
        if (CardStore* store = m_session->store())
            store->load_setting(pin_guard_setting, [this](Expected<std::string> saved) {
                if (saved) m_exit.set_guard(PinGuard::from_setting(saved.value(), system_seconds()));
            });
    }
    if (!m_settings.preview.empty()) return open_preview(m_settings.preview);
    if (m_settings.workshop_code) open_workshop(*m_settings.workshop_code);
    return {};
}

float CaptureApp::wanted_scale() const {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    return layout_scale(m_environment.ui_scale, display.x, display.y, m_settings.kiosk, m_large_text);
}

// Between frames only: the atlas the current frame draws with must not change under it. The
// fonts are rasterised again at the new size (sharp, not a scaled bitmap); the runner uploads
// them before the next frame.
void CaptureApp::rescale() {
    const float wanted = wanted_scale();
    if (wanted == m_ui_scale) return;
    const float old = m_ui_scale;
    m_ui_scale = wanted;
    // Fonts only fail to load if the asset folder vanished under a running app; then the old
    // atlas stays and the UI keeps working at the old scale.
    if (!load_fonts(*m_environment.assets, m_ui_scale, m_environment.pixel_ratio, m_fonts, false)) {
        m_ui_scale = old;
        return;
    }
    apply_theme(m_ui_scale);
    m_settle_frames = 3;   // the layout settles at the new size over a few frames
}

double CaptureApp::update(double now) {
    rescale();
    load_extra_glyphs(now);
    double due = m_session ? m_session->update(now) : FrameRequest::never;
    // A workshop participant's cards waiting on the device are sent whatever the screen; the list
    // follows the server by polling while a workshop is joined.
    if (m_workshop) due = std::min(due, m_workshop->update(now));
    // The platform's own notices (the page's offline line) follow the engine's view of the server.
    if (m_session && m_session->sync() && m_environment.server_reachable) {
        const Connection connection = m_session->sync()->connection();
        if (connection != m_told_connection && connection != Connection::Unknown) {
            m_told_connection = connection;
            m_environment.server_reachable(connection == Connection::Online);
        }
    }
    return due;
}

std::string CaptureApp::report(std::string_view name, std::string_view argument) const {
    const SyncEngine* sync = m_session ? m_session->sync() : nullptr;
    if (!sync) return "null";
    if (name == "sync.status") return to_json(sync->status());
    if (name == "sync.card") return to_json(sync->card_state(std::string(argument)));
    return "null";
}

void CaptureApp::command(std::string_view name) {
    SyncEngine* sync = m_session ? m_session->sync() : nullptr;
    if (name == "sync.send_now" && sync) sync->send_now();
}

Status CaptureApp::open_preview(const std::string& screen) {
    // The example card is shown, never stored: the autosave only saves after an edit.
    auto json = m_environment.assets->read("samples/example-card.json");
    if (!json) return json.error();
    auto example = card_from_json(json.value());
    if (!example) return Error{example.error().describe(), "samples/example-card.json"};
    m_session->show(std::move(example).value());
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
        if (!m_idle) m_idle.emplace(m_settings.kiosk_settings.idle_timeout_seconds, m_settings.kiosk_settings.countdown_seconds);
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
    return load_fonts(*m_environment.assets, m_ui_scale, m_environment.pixel_ratio, m_fonts);
}

// The text on this screen that a person typed (the app's own words are all in the first
// download's glyphs): the card being written or just sent, or the drafts and sent cards listed.
void CaptureApp::note_glyphs() {
    m_glyphs.begin_scan();
    if (!m_session) return;
    const ImFont* font = m_fonts.body;
    if (m_screen == Screen::Wizard || m_screen == Screen::Thanks) m_glyphs.note(card_to_json(card()), font);
    // The office's feedback is written by a person too ("Følg din idé").
    if (m_screen == Screen::Follow && m_follow) m_glyphs.note(m_follow->answer().status.feedback, font);
    if (m_screen != Screen::Start) return;
    if (const DraftShelf* shelf = m_session->shelf()) {
        for (const ShelfEntry& e : shelf->entries()) {
            m_glyphs.note(e.title, font);
            m_glyphs.note(e.opening, font);
        }
        for (const SentEntry& e : shelf->sent()) m_glyphs.note(e.title, font);
    }
}

bool CaptureApp::extra_glyphs_ready(double now) const {
    if (!m_glyphs.wants_more()) return false;
    bool any = false;
    for (std::size_t i = 0; i < m_extra_fonts.size(); ++i) {
        if (!m_glyphs.needs(static_cast<ExtraGlyphs>(i))) continue;
        const ExtraFont& f = m_extra_fonts[i];
        if (f.state == ExtraFont::State::Asked) return false;   // its answer wakes the runner
        if (f.state != ExtraFont::State::Failed || now >= f.retry_at) any = true;
    }
    return any;
}

void CaptureApp::load_extra_glyphs(double now) {
    if (!m_glyphs.wants_more()) return;
    std::array<bool, extra_glyph_assets.size()> available{};
    bool waiting = false;
    for (std::size_t i = 0; i < m_extra_fonts.size(); ++i) {
        ExtraFont& f = m_extra_fonts[i];
        if (f.state == ExtraFont::State::Failed && f.retry_at < 0) f.retry_at = now + 30;
        if (m_glyphs.needs(static_cast<ExtraGlyphs>(i)) &&
            (f.state == ExtraFont::State::Unasked || (f.state == ExtraFont::State::Failed && now >= f.retry_at))) {
            f.state = ExtraFont::State::Asked;
            const std::string name(extra_glyph_assets[i]);
            auto done = [this, i, name](Expected<std::string> bytes) {
                ExtraFont& font = m_extra_fonts[i];
                if (bytes) {
                    font.bytes = std::move(bytes).value();
                    font.state = ExtraFont::State::Loaded;
                } else {
                    // Offline before the file was ever fetched: the text is stored as typed and
                    // drawn once the file arrives.
                    std::fprintf(stderr, "idekort: %s: %s\n", name.c_str(), bytes.error().describe().c_str());
                    font.state = ExtraFont::State::Failed;
                    font.retry_at = -1;
                }
            };
            if (m_environment.fetch_asset) m_environment.fetch_asset(name, done);
            else done(m_environment.assets->read(name));
        }
        if (f.state == ExtraFont::State::Asked) waiting = true;
        available[i] = f.state == ExtraFont::State::Loaded;
    }
    // One rebuild when every file asked for has answered, not one per file.
    if (waiting || !std::any_of(available.begin(), available.end(), [](bool a) { return a; })) return;
    std::vector<std::string> data;
    for (std::size_t i = 0; i < m_extra_fonts.size(); ++i)   // Noto Sans first: its letters win
        if (available[i]) data.push_back(m_extra_fonts[i].bytes);
    std::vector<ImWchar32> ranges = m_glyphs.take_ranges(available);
    std::swap(m_fonts.extra_data, data);
    std::swap(m_fonts.extra_ranges, ranges);
    // Not built here: the runner rasterises and uploads the new atlas before the next frame.
    if (!load_fonts(*m_environment.assets, m_ui_scale, m_environment.pixel_ratio, m_fonts, false)) {
        std::swap(m_fonts.extra_data, data);   // the atlas still points at the old bytes
        std::swap(m_fonts.extra_ranges, ranges);
    }
}

void CaptureApp::start_card(double now) {
    m_session->start_new(std::string(m_strings->language()));
    m_wizard.start();
    m_screen = Screen::Wizard;
    m_send_failed = false;
    if (m_idle) m_idle->reset(now);
}

void CaptureApp::resume_card(const std::string& id) {
    m_session->resume(id, [this](bool resumed) {
        if (!resumed) return; // the shelf shows the store's error
        // Continue where something is still missing, or at the review.
        const std::vector<WizardStep> missing = steps_with_problems(m_session->card(), *m_programme);
        m_wizard.start(missing.empty() ? WizardStep::Review : missing.front());
        m_screen = Screen::Wizard;
        m_send_failed = false;
    });
}

void CaptureApp::send_card(double now) {
    const std::string id = m_session->card().id;
    std::string receipt;
    const auto result = m_session->send(receipt, [this, id, now](Status stored) {
        if (!stored) {
            m_send_failed = true;
            return;
        }
        m_sent_id = id;
        m_screen = Screen::Thanks;
        m_thanks_since = now;
    });
    if (result == CaptureSession::SendResult::Invalid) return; // the wizard shows why
    m_receipt = receipt;
    m_sent_id = id;
    if (result == CaptureSession::SendResult::Kept) {
        m_screen = Screen::Thanks;
        m_thanks_since = now;
    }
}

// Where "Følg din idé" asks: the server this device sends its cards to.
std::string CaptureApp::follow_server() const {
    const SyncEngine* sync = m_session ? m_session->sync() : nullptr;
    return sync ? sync->server_url() : std::string();
}

void CaptureApp::open_follow(const std::string& receipt) {
    m_entry.forget();
    m_follow_screen.open(*m_follow, receipt, follow_server());
    m_screen = Screen::Follow;
}

void CaptureApp::open_workshop(const std::string& code) {
    if (!m_workshop->open(code)) return;   // on another page
    m_entry.forget();
    m_screen = Screen::Workshop;
}

void CaptureApp::home() {
    m_entry.forget();
    m_keyboard.reset();
    m_screen = m_settings.kiosk ? Screen::Attract : Screen::Start;
    if (DraftShelf* shelf = m_session->shelf()) shelf->reload();
}

void CaptureApp::leave_card(double now) {
    if (m_settings.kiosk) return wipe(now);
    m_session->keep_draft(now); // the draft stays, listed on the start screen
    home();
}

void CaptureApp::wipe(double now) {
    // Everything that could show the previous person's text goes: the stored draft, the card in
    // memory, ImGui's copy of the edited text and its undo history, the keyboard's shift state,
    // the receipt on the thanks screen, and any dialog.
    m_session->forget_card();
    m_wizard.start();
    m_receipt.clear();
    m_sent_id.clear();
    m_send_failed = false;
    m_exit.close();
    m_admin.reset();
    m_follow_screen.reset();   // the code a person typed to follow their idea
    if (m_follow) m_follow->forget();
    if (m_workshop) m_workshop->reset();   // a workshop card half written (its sent cards stay in the outbox)
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
        if (e.Type == ImGuiInputEventType_Text && !m_settings.kiosk) m_touch_typing = false;
}

std::string_view CaptureApp::store_notice() const {
    switch (m_session->store_notice()) {
    case StoreNotice::None: return {};
    case StoreNotice::Opening: return "store.opening";
    case StoreNotice::MemoryOnly: return "store.memory_only";
    case StoreNotice::HeldElsewhere: return "store.other_tab";
    case StoreNotice::Failed: return "store.failed";
    }
    return {};
}

std::string_view CaptureApp::save_key() const {
    const DraftAutosave* autosave = m_session->autosave();
    if (!autosave) return {};
    switch (autosave->state()) {
    case DraftAutosave::State::Empty: return {};
    case DraftAutosave::State::Unsaved:
    case DraftAutosave::State::Saving: return "drafts.saving";
    case DraftAutosave::State::Saved: return m_session->store_durable() ? "drafts.saved" : "drafts.saved_memory";
    case DraftAutosave::State::Failed: return "drafts.failed";
    }
    return {};
}

// Says what changed in the last complete frame (the focus, a status), when speech is on.
void CaptureApp::speak_changes() {
    SpeechOutput* speech = m_environment.speech;
    if (!speech) return;
    const std::string language(m_strings->language());
    if (m_speech_on != m_speech_was_on) {
        m_speech_was_on = m_speech_on;
        m_narrator.reset();
        if (!m_speech_on) {
            speech->stop();
            return;
        }
        m_narrator.next(m_registry.items(), {});   // the button itself has the focus: not read
        speech->say((*m_strings)("a11y.speech.started"), language);
        return;
    }
    if (!m_speech_on) return;
    const UiStrings& s = *m_strings;
    const NarratorWords words{s("a11y.role.button"), s("a11y.role.text_field"), s("a11y.role.checkbox"), s("a11y.role.radio"),
                              s("a11y.state.checked"), s("a11y.state.not_checked"), s("a11y.state.invalid")};
    if (std::string said = m_narrator.next(m_registry.items(), words); !said.empty()) speech->say(said, language);
}

FrameRequest CaptureApp::frame(const FrameInput& input) {
    ++m_frames_drawn;
    m_last_frame_time = input.time_seconds;
    if (!m_wall_offset_set) {
        m_wall_offset = system_seconds() - input.time_seconds;
        m_wall_offset_set = true;
    }
    const double now = input.time_seconds;
    FrameRequest request;
    const auto wake = [&](double seconds) {
        if (seconds >= 0 && seconds < request.wake_in_seconds) request.wake_in_seconds = seconds;
    };

    noticed_input(now);
    if (m_settings.preview == "still_there" && m_frames_drawn <= 3) m_idle->input(now - m_idle->timeout() - 3);
    m_entry.begin_frame(m_environment.text_input);
    // Typing through the DOM bridge (a tablet kiosk's keyboard) is a person there too: without
    // this, "Er du der stadig?" came up over someone still typing once the quiet time passed
    // since their last tap, and the keys typed after it were lost.
    if (m_entry.edit_arrived() && m_idle) m_idle->input(now);
    // The browser's own keyboard (the DOM bridge) replaces ours, except on a browser kiosk.
    const bool own_keyboard = m_settings.kiosk || (!m_environment.text_input && m_touch_typing);
    if (m_keyboard.intercept()) wake(0); // the field receives the key on the next frame
    const bool keyboard_shown = own_keyboard && ImGui::GetIO().WantTextInput && !m_keyboard.hidden_by_user();

    speak_changes();
    // The display's size is known (or changed): update() rebuilds the fonts before the next frame.
    if (wanted_scale() != m_ui_scale) wake(0);
    ScreenContext ctx{*m_strings, *m_programme, m_fonts, m_registry, m_entry, m_ui_scale};
    if (m_environment.speech) ctx.speech_on = &m_speech_on;
    if (m_settings.kiosk) ctx.large_text = &m_large_text;
    const float reserved = keyboard_shown ? m_keyboard.height(m_ui_scale) : 0;
    if (m_settings.kiosk && m_exit.watch_gesture(now, m_ui_scale, !m_settings.kiosk_settings.admin_pin.empty()))
        m_entry.forget();

    switch (m_screen) {
    case Screen::Attract: {
        bool follow = false;
        if (draw_attract_screen(ctx, &follow)) start_card(now);
        else if (follow) open_follow({});
        break;
    }
    case Screen::Follow:
        if (m_follow_screen.draw(*m_follow, follow_server(), ctx, reserved) == FollowScreen::Action::Back) m_settings.kiosk ? wipe(now) : home();
        break;
    case Screen::Workshop:
        if (m_workshop->draw(ctx, reserved)) m_settings.kiosk ? wipe(now) : home();
        break;
    case Screen::Start: {
        const StartScreen::Action a = m_start.draw(m_session->shelf(), m_session->sync(),
                                                   !m_session->has_store() || m_session->store_durable(), store_notice(), ctx);
        if (a.kind == StartScreen::Action::NewCard) start_card(now);
        else if (a.kind == StartScreen::Action::Resume) resume_card(a.draft_id);
        else if (a.kind == StartScreen::Action::Delete && m_session->shelf()) m_session->shelf()->discard(a.draft_id);
        else if (a.kind == StartScreen::Action::SendNow && m_session->sync()) m_session->sync()->send_now();
        else if (a.kind == StartScreen::Action::Follow) open_follow(a.receipt);
        else if (a.kind == StartScreen::Action::Workshop) open_workshop({});
        break;
    }
    case Screen::Admin: {
        const AdminScreen::Action a = m_admin.draw(m_session->sync(), ctx, reserved);
        if (a == AdminScreen::Action::LeaveKiosk) m_quit = true;
        else if (a == AdminScreen::Action::Back) wipe(now); // nothing typed here stays for the next person
        break;
    }
    case Screen::Wizard: {
        const WizardScreen::Action a = m_wizard.draw(m_session->card(), ctx, reserved, save_key());
        if (a == WizardScreen::Action::Edited) m_session->edited(now);
        else if (a == WizardScreen::Action::Cancel) leave_card(now);
        else if (a == WizardScreen::Action::Send && !m_session->completing()) send_card(now);
        break;
    }
    case Screen::Thanks: {
        const SyncEngine* sync = m_session->sync();
        // Another card had this card's receipt code: the engine gave it a new id, and the
        // person must leave with the code that will find it (issue 13, point 7).
        if (sync && sync->current_id(m_sent_id) != m_sent_id) {
            m_sent_id = sync->current_id(m_sent_id);
            if (auto uuid = parse_uuid(m_sent_id)) m_receipt = receipt_code(uuid.value());
        }
        const bool received = sync && sync->card_state(m_sent_id).phase == CardPhase::Received;
        if (m_thanks.draw(m_receipt, received, ctx)) m_settings.kiosk ? wipe(now) : home();
        else if (m_settings.kiosk) {
            if (now - m_thanks_since >= kiosk_thanks_seconds) wipe(now);
            else wake(kiosk_thanks_seconds - (now - m_thanks_since));
        }
        break;
    }
    }
    m_keyboard.draw(keyboard_shown, *m_strings, m_registry, m_ui_scale);
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
    const double wall_now = now + m_wall_offset;
    const bool pin_accepted = m_exit.pin_pad_open() && m_exit.draw_pin_pad(m_settings.kiosk_settings.admin_pin, wall_now, ctx);
    if (m_exit.take_guard_change())
        if (CardStore* store = m_session->store()) store->save_settings({{pin_guard_setting, m_exit.guard().to_setting()}}, [](Status) {});
    // While the pad waits, its countdown ticks and the keys come back by themselves.
    if (m_exit.pin_pad_open() && m_exit.guard().locked(wall_now)) wake(std::min(1.0, m_exit.guard().seconds_left(wall_now)));
    if (pin_accepted) {
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
    // An action from the accessibility mirror is carried out over the next frames (scroll into
    // view, then press): draw them now.
    if (m_registry.action_pending()) wake(0);
    if (m_strings->language() != m_reported_language) {
        m_reported_language = std::string(m_strings->language());
        if (m_environment.language_changed) m_environment.language_changed(m_reported_language);
    }
    note_glyphs();
    if (extra_glyphs_ready(now)) wake(0);   // update() rebuilds the atlas; the next frame draws them
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
        m_ui_scale = wanted_scale();
        if (build_fonts()) apply_theme(m_ui_scale);
        break;
    case AppEventKind::Hidden: // a hidden tab can be discarded by the browser at any moment
    case AppEventKind::QuitRequested:
        // The last keystrokes may be inside the debounce window: save them now. The runner
        // waits for the store to finish before it exits.
        m_session->flush(m_last_frame_time);
        break;
    case AppEventKind::NetworkChanged:
        if (SyncEngine* sync = m_session->sync()) sync->network_changed(event.online);
        if (m_workshop) m_workshop->network_changed(event.online);
        break;
    }
}

void CaptureApp::shutdown() { m_registry.detach(); }

} // namespace idekort::capture

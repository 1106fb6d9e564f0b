// OfficeApp (see office_app.h).
#include "app/office/office_app.h"

#include "app/core/app_texts.h"

#include "app/ui/widgets.h"
#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/text.h"

#include "imgui.h"
#include "imgui_stdlib.h"

#include <chrono>

namespace idekort::office {

namespace {
constexpr const char* token_key = "session.token";
constexpr const char* user_key = "session.username";
constexpr const char* role_key = "session.role";

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The command line's server, else the page's; in the browser without one, the page's own origin
// (paths without a host); natively, the local server.
std::string server_from(const OfficeSettings& settings, const std::string& page_settings_json, const std::string& platform) {
    if (!settings.server_url.empty()) return settings.server_url;
    if (!page_settings_json.empty()) {
        json::ObjectReader r(page_settings_json, JsonLimits{});
        if (auto server = r.optional_text("server"); server && !server->empty()) return *server;
    }
    return platform == "web" ? std::string() : "http://127.0.0.1:8080";
}
// Words on one line, told to the registry (ImGui's text has no id): a screen reader and the
// tests find them.
void line_text(ui::ItemRegistry& registry, const std::string& text, SemanticRole role, int level = 0) {
    ImGui::TextUnformatted(text.c_str());
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    registry.add_text(role, text, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y}, level);
}
// The password field takes part in the platform's text entry as the kit's fields do (in the
// browser every keystroke comes through the DOM input bridge): the bridge's edit is applied
// through ImGui's callback, and the cursor reported back in code points.
struct PasswordEntry {
    ui::TextEntry* entry;
    ImGuiID id;
};

int password_callback(ImGuiInputTextCallbackData* data) {
    auto* p = static_cast<PasswordEntry*>(data->UserData);
    if (p->entry->pending_edit_for(p->id)) {
        const TextFieldEdit& edit = p->entry->pending_edit();
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, edit.text.data(), edit.text.data() + edit.text.size());
        data->CursorPos = static_cast<int>(text::byte_offset_of_character(edit.text, static_cast<std::size_t>(std::max(edit.selection_end, 0))));
        data->SelectionStart = data->SelectionEnd = data->CursorPos;
        p->entry->edit_applied();
    }
    p->entry->set_cursor(static_cast<int>(text::count_characters(std::string_view(data->Buf, static_cast<std::size_t>(data->CursorPos)))));
    return 0;
}
} // namespace

Status OfficeApp::init(const AppEnvironment& environment) {
    m_environment = environment;
    auto texts = load_app_texts(environment.assets, m_settings.language);
    if (!texts) return texts.error();
    m_strings.emplace(std::move(texts.value().strings));
    m_programme.emplace(std::move(texts.value().programme));

    if (auto status = ui::load_fonts(*environment.assets, environment.ui_scale, environment.pixel_ratio, m_fonts); !status) return status;
    ui::apply_theme(environment.ui_scale);
    ui::prepare_context(m_registry);

    m_client = std::make_unique<OfficeClient>(environment.http, server_from(m_settings, environment.page_settings_json, environment.platform_name));
    m_store = std::make_unique<ProductStore>(environment.store, "office");
    m_dashboard.attach(environment);
    m_ctx.emplace(ui::ScreenContext{*m_strings, *m_programme, m_fonts, m_registry, m_entry, environment.ui_scale});
    m_office.emplace(OfficeContext{*m_ctx, *m_client, *m_store, [this] { session_expired(); },
                                   [this](const Outcome& o) { return outcome_words(o); }});
    m_inbox.open_journey = [this](const std::string& card_id) {
        const InboxRow* row = m_inbox.model().find(card_id);
        m_journey.open(*m_office, card_id, row ? std::optional<IdeaCard>(row->card) : std::nullopt, wall_ms());
        m_journey_from = Screen::Inbox;
        m_journey.back_to("office.journey.back");
        m_screen = Screen::Journey;
    };
    m_my_cards.open_journey = [this](const std::string& card_id) {
        const MyCardRow* row = m_my_cards.find(card_id);
        m_journey.open(*m_office, card_id, row ? std::optional<IdeaCard>(row->card) : std::nullopt, wall_ms());
        m_journey_from = Screen::MyCards;
        m_journey.back_to("office.mine.back");
        m_screen = Screen::Journey;
    };
    if (m_store->available()) {
        m_store->open([this](Status status, std::map<std::string, std::string> settings, std::map<std::string, std::string> pending) {
            opened_store(std::move(status), std::move(settings), std::move(pending));
        });
    } else {
        m_screen = Screen::SignIn;
    }
    return {};
}

void OfficeApp::opened_store(Status status, std::map<std::string, std::string> settings, std::map<std::string, std::string> pending) {
    m_wake = true;
    m_inbox.restore_pending(pending);
    m_meeting.restore_pending(pending);
    m_last_meeting = settings["meeting.last"];
    m_journey.restore_pending(pending);
    const auto token = settings.find(token_key);
    if (!status || token == settings.end() || token->second.empty()) {
        m_screen = Screen::SignIn;
        return;
    }
    // A kept session: shown as signed in once the server confirms it is still good.
    m_client->set_token(token->second);
    m_username = settings[user_key];
    m_role = parse_role(settings[role_key]).value_or(Role::Triage);
    check_session();
}

void OfficeApp::check_session() {
    m_busy = true;
    m_notice = (*m_strings)("office.signin.checking");
    m_notice_retry = false;
    m_client->session([this](Outcome o, protocol::SessionReply reply) {
        m_busy = false;
        m_wake = true;
        if (o.ok()) return signed_in(reply.username, reply.role, false);
        if (o.kind == Outcome::Kind::SessionExpired) return session_expired();
        // The server is away: the session may still be good; say so and offer to try again.
        m_screen = Screen::SignIn;
        m_notice = outcome_words(o);
        m_notice_retry = true;
    });
}

void OfficeApp::signed_in(const std::string& username, Role role, bool remember) {
    m_username = username;
    m_role = role;
    m_notice.clear();
    m_notice_retry = false;
    m_form_password.clear();
    if (remember)
        m_store->save_setting(token_key, m_client->token()), m_store->save_setting(user_key, username),
            m_store->save_setting(role_key, to_string(role));
    m_meeting.start(*m_office, username, role);
    if (!m_meeting.meeting_id().empty()) m_last_meeting = m_meeting.meeting_id();   // signed in again after a 401
    if (role == Role::Director || (!m_last_meeting.empty() && role != Role::Facilitator)) {
        // A director's screen is the meeting (the dashboard is a tab away); a room screen that
        // had one open opens it again.
        m_screen = Screen::Meeting;
        if (!m_last_meeting.empty()) m_meeting.open_meeting(*m_office, m_last_meeting, wall_ms());
        if (role != Role::Director) load_inbox();
    } else if (role == Role::Admin || role == Role::Triage) {
        m_screen = Screen::Inbox;
        load_inbox();
    } else {
        m_screen = Screen::NoScreens;
    }
}

void OfficeApp::open_dashboard() {
    m_screen = Screen::Dashboard;
    m_dashboard.load(*m_office);
}

// The screens an account may move between, as tabs under the top bar: the central office has
// the inbox, the screening meetings and the dashboard; a director "Mine kort", the meetings and
// the dashboard.
void OfficeApp::draw_navigation(ui::ScreenContext& ctx) {
    const bool office = m_role == Role::Admin || m_role == Role::Triage;
    if (!office && m_role != Role::Director) return;
    const float s = ctx.ui_scale;
    const float target = ui::min_touch_target * s;
    const auto tab = [&](const char* key, Screen screen) {
        const std::string& label = ctx(key);
        const float w = std::max(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2, target * 3);
        const bool here = m_screen == screen;
        if (here) ui::push_primary_button();
        const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, target));
        if (here) ui::pop_primary_button();
        ImGui::SameLine();
        return pressed && !here;
    };
    if (office && tab("office.nav.inbox", Screen::Inbox)) {
        m_screen = Screen::Inbox;
        if (m_inbox.model().rows().empty() && !m_inbox.loading()) load_inbox();
    }
    if (m_role == Role::Director && tab("office.nav.mine", Screen::MyCards)) {
        m_screen = Screen::MyCards;
        m_my_cards.load(*m_office, wall_ms());
    }
    if (tab("office.meeting.nav", Screen::Meeting)) {
        m_screen = Screen::Meeting;
        m_meeting.list_again();
    }
    if (tab("office.nav.dashboard", Screen::Dashboard)) open_dashboard();
    ImGui::NewLine();
    ui::gap(4, s);
}

void OfficeApp::show_cards(std::vector<protocol::StoredCardEntry> cards, const std::string& username) {
    m_username = username;
    m_role = Role::Triage;
    m_screen = Screen::Inbox;
    m_notice.clear();
    m_inbox.show(*m_office, std::move(cards), wall_ms());
}

void OfficeApp::show_dashboard(protocol::DashboardReply reply, const std::string& username) {
    m_username = username;
    m_role = Role::Admin;
    m_screen = Screen::Dashboard;
    m_notice.clear();
    m_dashboard.show(std::move(reply));
}

void OfficeApp::load_inbox() { m_inbox.load(*m_office, wall_ms()); }

void OfficeApp::sign_in() {
    if (m_busy) return;
    if (m_form_user.empty() || m_form_password.empty()) {
        m_notice = (*m_strings)("office.signin.missing");
        return;
    }
    m_busy = true;
    m_notice = (*m_strings)("office.signin.busy");
    m_notice_retry = false;
    m_client->login(m_form_user, m_form_password, [this](Outcome o, protocol::LoginReply reply) {
        m_busy = false;
        m_wake = true;
        if (o.ok()) return signed_in(reply.username, reply.role, true);
        m_notice = o.kind == Outcome::Kind::Refused ? (*m_strings)("office.signin.refused") : outcome_words(o);
    });
}

void OfficeApp::sign_out() {
    // Forgotten here at once; the server is told too, and an unreachable one lets the token
    // expire by itself.
    if (!m_client->token().empty()) m_client->logout([](Outcome) {});
    m_client->set_token({});
    m_store->forget_settings();
    m_inbox.forget();
    m_meeting.forget();
    m_last_meeting.clear();
    m_dashboard.forget();
    m_journey.forget();
    m_my_cards.forget();
    m_entry.forget();
    m_username.clear();
    m_form_password.clear();
    m_notice.clear();
    m_screen = Screen::SignIn;
}

void OfficeApp::session_expired() {
    // The drafts stay in the device store; only the session goes.
    m_client->set_token({});
    m_store->forget_settings();
    m_form_user = m_username;
    m_screen = Screen::SignIn;
    m_notice = (*m_strings)("office.error.session_expired");
    m_notice_retry = false;
}

std::string OfficeApp::outcome_words(const Outcome& o) const {
    const UiStrings& s = *m_strings;
    switch (o.kind) {
    case Outcome::Kind::Done: return {};
    case Outcome::Kind::Unreachable: return s("office.error.unreachable", {{"detail", o.message}});
    case Outcome::Kind::SessionExpired: return s("office.error.session_expired");
    case Outcome::Kind::Busy: return s("office.error.busy");
    case Outcome::Kind::Stale:
        return s("office.error.stale", {{"state", o.current ? s(state_key(o.current->state)) : std::string("?")}});
    case Outcome::Kind::Refused: return s("office.error.server", {{"message", o.message}});
    }
    return {};
}

bool OfficeApp::draw_top_bar(ui::ScreenContext& ctx, float width) {
    const float s = ctx.ui_scale;
    const float target = ui::min_touch_target * s;
    ImGui::PushFont(ctx.fonts.heading);
    line_text(ctx.registry, ctx("office.title"), SemanticRole::Heading, 1);
    ImGui::PopFont();
    // Right: who is signed in, the language switch and signing out.
    const std::string& other = ctx("language.switch");
    const std::string& out = ctx("office.signout");
    const ImGuiStyle& style = ImGui::GetStyle();
    const float lang_w = std::max(ImGui::CalcTextSize(other.c_str()).x + style.FramePadding.x * 2, target * 2.5f);
    const float out_w = std::max(ImGui::CalcTextSize(out.c_str()).x + style.FramePadding.x * 2, target * 2.5f);
    const bool signed_in = m_screen == Screen::Inbox || m_screen == Screen::NoScreens || m_screen == Screen::Meeting ||
                           m_screen == Screen::Dashboard || m_screen == Screen::Journey || m_screen == Screen::MyCards;
    std::string who;
    if (signed_in) who = ctx.strings("office.signed_in_as", {{"user", m_username}, {"role", ctx(std::string("office.role.") + to_string(m_role))}});
    const float who_w = who.empty() ? 0 : ImGui::CalcTextSize(who.c_str()).x + style.ItemSpacing.x;
    ImGui::SameLine(std::max(0.0f, width - lang_w - (signed_in ? out_w + style.ItemSpacing.x + who_w : 0)));
    if (signed_in) {
        ImGui::AlignTextToFramePadding();
        line_text(ctx.registry, who, SemanticRole::Text);
        ImGui::SameLine();
    }
    bool switched = false;
    if (ImGui::Button(other.c_str(), ImVec2(lang_w, target))) {
        ctx.strings.set_language(ctx.language() == "da" ? "en" : "da");
        switched = true;
    }
    if (signed_in) {
        ImGui::SameLine();
        if (ImGui::Button(out.c_str(), ImVec2(out_w, target))) sign_out();
    }
    ui::rule(width, s);
    return switched;
}

void OfficeApp::draw_sign_in(ui::ScreenContext& ctx) {
    const float s = ctx.ui_scale;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float width = std::min(avail, 520.0f * s);
    ImGui::Indent((avail - width) / 2);
    ui::gap(40, s);
    ui::heading_text(ctx("office.signin.heading"), ctx.fonts, width);
    ui::help_text(ctx("office.signin.help"), width);
    ui::gap(12, s);
    ImGui::BeginDisabled(m_busy);
    // The labels drawn above the fields are the fields' names for the registry, not text of their own.
    ctx.registry.mute_text(true);
    ui::wrapped_text(ctx("office.signin.username"), width);
    ctx.registry.mute_text(false);
    ui::text_field(ctx.entry, ctx.registry, "##username", ctx("office.signin.username"), m_form_user, TextFieldKind::Text, width, s);
    ctx.registry.mute_text(true);
    ui::wrapped_text(ctx("office.signin.password"), width);
    ctx.registry.mute_text(false);
    // A password field of the office's own: the kit's fields show what is typed.
    ctx.registry.label_next_item(ctx("office.signin.password"));
    ctx.registry.role_next_item(SemanticRole::TextInput);
    ImGui::SetNextItemWidth(width);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12 * s, (ui::min_touch_target * s - ImGui::GetFontSize()) / 2));
    PasswordEntry password{&ctx.entry, ImGui::GetID("##password")};
    const bool enter = ImGui::InputText("##password", &m_form_password,
                                        ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackAlways,
                                        password_callback, &password);
    ImGui::PopStyleVar();
    if (ImGui::IsItemActive()) {
        // The e-mail kind: no capital letter or correction forced on the first letter by a phone.
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ctx.entry.field_active(password.id, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y}, m_form_password, TextFieldKind::Email,
                               ImGui::IsItemActivated());
    }
    ui::gap(12, s);
    if (ui::big_button(ctx("office.signin.submit"), width, s, true) || enter) sign_in();
    ImGui::EndDisabled();
    if (!m_notice.empty()) {
        ui::gap(8, s);
        if (m_busy) ui::status_text(m_notice, width);
        else ui::problem_text(m_notice, width);
        if (m_notice_retry && ui::big_button(ctx("office.retry"), width, s)) check_session();
    }
    ImGui::Unindent((avail - width) / 2);
}

FrameRequest OfficeApp::frame(const FrameInput& input) {
    (void)input;
    FrameRequest request;
    m_entry.begin_frame(m_environment.text_input);
    ui::ScreenContext& ctx = *m_ctx;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const float s = ctx.ui_scale;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24.0f * s, 16.0f * s));
    ImGui::Begin("office", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();
    const float width = ImGui::GetContentRegionAvail().x;
    ctx.content_width = width;
    draw_top_bar(ctx, width);
    if (!m_settings.open_card.empty() && m_screen == Screen::Inbox && m_inbox.model().find(m_settings.open_card)) {
        m_inbox.open_journey(m_settings.open_card);
        m_settings.open_card.clear();
    }
    switch (m_screen) {
    case Screen::Starting: ui::help_text(ctx("office.signin.checking"), width); break;
    case Screen::SignIn: draw_sign_in(ctx); break;
    case Screen::Inbox:
        draw_navigation(ctx);
        m_inbox.draw(*m_office, ImGui::GetContentRegionAvail().y);
        break;
    case Screen::Meeting:
        draw_navigation(ctx);
        m_meeting.draw(*m_office, ImGui::GetContentRegionAvail().y, wall_ms());
        break;
    case Screen::Dashboard:
        draw_navigation(ctx);
        m_dashboard.draw(*m_office, ImGui::GetContentRegionAvail().y);
        break;
    case Screen::Journey:
        if (m_journey.draw(*m_office, ImGui::GetContentRegionAvail().y)) {
            m_screen = m_journey_from;
            if (m_screen == Screen::MyCards) m_my_cards.load(*m_office, wall_ms());   // its stage may have moved
        }
        break;
    case Screen::MyCards:
        draw_navigation(ctx);
        m_my_cards.draw(*m_office, ImGui::GetContentRegionAvail().y);
        break;
    case Screen::NoScreens:
        ui::gap(24, s);
        ui::wrapped_text(ctx.strings("office.no_screens", {{"role", ctx(std::string("office.role.") + to_string(m_role))}}), width);
        break;
    }
    ImGui::End();
    m_entry.end_frame(m_environment.text_input);

    // A new screen settles over a few frames (as in the capture app): draw them now.
    if (m_screen != m_last_screen) {
        m_last_screen = m_screen;
        m_settle_frames = 3;
    }
    if (m_settle_frames > 0) {
        --m_settle_frames;
        request.wake_in_seconds = 0;
    }
    // The meeting polls and its countdown ticks: a frame at the next of the two, and at once when
    // an answer changed what it shows; nothing in between.
    if (m_screen == Screen::Meeting) request.wake_in_seconds = std::min(request.wake_in_seconds, m_meeting.wake_in(wall_ms()));
    if (m_meeting.take_changed()) m_wake = true;
    if (m_wake || m_registry.action_pending()) {
        m_wake = false;
        request.wake_in_seconds = 0;
    }
    if (m_strings->language() != m_reported_language) {
        m_reported_language = std::string(m_strings->language());
        if (m_environment.language_changed) m_environment.language_changed(m_reported_language);
    }
    return request;
}

void OfficeApp::event(const AppEvent& event) {
    if (event.kind != AppEventKind::DisplayScaleChanged) return;
    if (event.ui_scale == m_environment.ui_scale && event.pixel_ratio == m_environment.pixel_ratio) return;
    m_environment.ui_scale = event.ui_scale;
    m_environment.pixel_ratio = event.pixel_ratio;
    if (ui::load_fonts(*m_environment.assets, m_environment.ui_scale, m_environment.pixel_ratio, m_fonts)) {
        ui::apply_theme(m_environment.ui_scale);
        m_ctx->ui_scale = m_environment.ui_scale;
    }
}

std::string OfficeApp::state_json() const {
    json::Writer w;
    const char* screens[] = {"starting", "sign_in", "inbox", "no_screens", "meeting", "dashboard", "journey", "my_cards"};
    w.begin_object();
    w.member("screen", screens[static_cast<int>(m_screen)]);
    w.member("language", std::string(m_strings ? m_strings->language() : "da"));
    w.member("username", m_username);
    // How many bytes the password field holds, never what: a test can wait for typing to land.
    w.member("password_bytes", static_cast<std::int64_t>(m_form_password.size()));
    w.member("role", m_screen == Screen::Inbox || m_screen == Screen::NoScreens || m_screen == Screen::Meeting ||
                             m_screen == Screen::Dashboard || m_screen == Screen::Journey || m_screen == Screen::MyCards ? to_string(m_role) : "");
    w.member("notice", m_notice);
    w.member("cards", static_cast<std::int64_t>(m_inbox.model().rows().size()));
    w.member("shown", static_cast<std::int64_t>(m_inbox.model().view().size()));
    w.member("selected", m_inbox.selected());
    w.member("message", m_inbox.message());
    // The screening meeting: which one, which view, how far it has come.
    const char* meeting_views[] = {"open", "plan", "room", "tablet"};
    w.member("meeting_id", m_meeting.meeting_id());
    w.member("meeting_view", meeting_views[static_cast<int>(m_meeting.view())]);
    w.member("meeting_revision", m_meeting.model().revision());
    const protocol::AgendaEntry* current = m_meeting.model().current_entry();
    w.member("meeting_current", current ? current->card_id : std::string());
    w.member("meeting_decisions", static_cast<std::int64_t>(m_meeting.model().open() ? m_meeting.model().meeting().decisions.size() : 0));
    w.member("meeting_message", m_meeting.message());
    w.member("dashboard_loaded", static_cast<std::int64_t>(m_dashboard.model().loaded() && !m_dashboard.loading()));
    w.member("dashboard_year", m_dashboard.model().reply().year);
    w.member("exported", m_dashboard.last_export());
    w.member("journey_message", m_journey.message());
    w.member("journey_editing", m_journey.editing());
    // "Mine kort" and the list of meetings (issue 15): listed once the answer is in.
    w.member("my_cards", static_cast<std::int64_t>(m_my_cards.loaded() && !m_my_cards.loading() ? m_my_cards.rows().size() : -1));
    w.member("meetings_listed", static_cast<std::int64_t>(m_meeting.listed() ? m_meeting.meetings().size() : -1));
    w.end_object();
    return w.take();
}

} // namespace idekort::office

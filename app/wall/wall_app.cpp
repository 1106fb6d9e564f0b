// The workshop's wall (see wall_app.h): three screens, sign-in, open, and the wall itself.
#include "app/wall/wall_app.h"

#include "app/core/app_texts.h"
#include "app/ui/screen_context.h"
#include "app/ui/widgets.h"
#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/rfc3339.h"

#include "imgui.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

namespace idekort::wall {

namespace {

// The smallest the join QR code is drawn (logical px) to keep the sidebar's tools on screen.
constexpr float qr_smallest = 150.0f;
// New clusters take these in turn: dark enough for white type at 4.5:1 and apart from each other.
constexpr const char* cluster_colours[] = {"#1f5fbf", "#a04a00", "#1a7f37", "#7a3fc6", "#c0262f", "#0a6b75"};

ImU32 parse_colour(const std::string& hex) {
    if (hex.size() != 7 || hex[0] != '#') return IM_COL32(60, 60, 60, 255);
    const unsigned long v = std::strtoul(hex.c_str() + 1, nullptr, 16);
    return IM_COL32((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, 255);
}

// Where the wall's server is: --server natively; in the browser the page's own origin, the
// server that served the wall and that the room's phones reach by the same address (the QR
// code's link is made from it, so it must be whole, not a path).
std::string server_from(const WallSettings& settings, const std::string& page_settings_json) {
    if (!settings.server_url.empty() || page_settings_json.empty()) return settings.server_url;
    json::ObjectReader page(page_settings_json, JsonLimits{});
    for (const char* member : {"server", "origin"})
        if (auto url = page.optional_text(member); url && !url->empty()) return *url;
    return {};
}

std::string spaced_code(const std::string& code) {   // "ABCD EFGH": read aloud in two halves
    return code.size() == 8 ? code.substr(0, 4) + " " + code.substr(4) : code;
}

} // namespace

// A text field with its label drawn above it; the label is the field's name for the mirror and
// the tests, not text of its own.
// `missing`: the words for a field that a button needed and found empty (shown at the field until
// something is typed).
void WallApp::field(const char* id, const std::string& label, std::string& value, TextFieldKind kind, float width,
                    const char* missing_key) {
    if (!value.empty() && m_missing == id) m_missing.clear();
    const bool missing = missing_key && m_missing == id;
    const std::string words = missing ? (*m_strings)(missing_key) : std::string();
    m_registry.mute_text(true);
    ui::wrapped_text(label, width);
    if (missing) m_registry.set_next_item_error(words);
    ui::text_field(m_entry, m_registry, id, label, value, kind, width, s(), 1, missing);
    if (missing) ui::problem_text(words, width);
    m_registry.mute_text(false);
}

Status WallApp::init(const AppEnvironment& environment) {
    m_environment = environment;
    m_english = m_settings.language == "en";
    auto texts = load_app_texts(environment.assets, m_settings.language);
    if (!texts) return texts.error();
    m_strings.emplace(std::move(texts.value().strings));
    m_programme.emplace(std::move(texts.value().programme));

    m_scale = environment.ui_scale * m_settings.enlargement;
    if (auto status = ui::load_fonts(*environment.assets, m_scale, environment.pixel_ratio, m_fonts); !status) return status;
    ui::apply_theme(m_scale);
    ui::prepare_context(m_registry);

    m_client = std::make_unique<WallClient>(environment.http, server_from(m_settings, environment.page_settings_json), environment.live);
    m_store = std::make_unique<ProductStore>(environment.store, "wall");
    m_typed_code = m_settings.workshop_code;
    if (!m_settings.session_token.empty() || !m_store->available()) {
        opened_store(Status{}, {});
        return {};
    }
    // A kept session and workshop, read before the first screen is chosen (a moment).
    m_screen = Screen::Starting;
    m_store->open([this](Status status, std::map<std::string, std::string> settings, std::map<std::string, std::string>) {
        opened_store(std::move(status), std::move(settings));
    });
    return {};
}

// The session: the one the wall was started with (IDEKORT_WALL_SESSION), else the kept one; the
// workshop: the one asked for (--workshop, /wall/?workshop=CODE), else the one last shown.
void WallApp::opened_store(Status status, std::map<std::string, std::string> settings) {
    const std::string token = !m_settings.session_token.empty() ? m_settings.session_token : status ? settings["session"] : std::string();
    if (m_settings.workshop_code.empty() && status) m_settings.workshop_code = settings["workshop"];
    if (token.empty()) {
        m_screen = Screen::SignIn;
        return;
    }
    m_client->use_session(token);
    m_screen = Screen::Open;
    open_given_workshop();
}

// A workshop created or opened: shown, and kept for the next start. A session the server no
// longer knows (it expired, or was signed out elsewhere) goes back to signing in, saying why.
void WallApp::workshop_answered(const ProblemReport& p) {
    m_waiting = false;
    if (p.kind == Problem::None) {
        m_screen = Screen::Wall;
        if (m_store->available()) m_store->save_setting("workshop", m_client->code());
    } else if (p.kind == Problem::SignIn) {
        sign_out();
        m_session_ended = true;
    }
}

void WallApp::sign_out() {
    m_client->sign_out();
    if (m_store->available()) m_store->forget_settings();
    m_settings.session_token.clear();
    m_settings.workshop_code.clear();
    m_typed_code.clear();
    m_selected.clear();
    m_merge_pending = m_ending = false;
    m_promoted.clear();
    m_export_said.clear();
    m_screen = Screen::SignIn;
}

// The workshop the wall was started on (--workshop, or /wall/?workshop=CODE in the browser),
// once there is a session: at start with one, or right after signing in.
void WallApp::open_given_workshop() {
    if (m_settings.workshop_code.empty()) return;
    m_waiting = true;
    m_client->open(m_settings.workshop_code, [this](const ProblemReport& p) { workshop_answered(p); });
}

double WallApp::update(double now) { return m_client ? m_client->update(now) : FrameRequest::never; }

void WallApp::event(const AppEvent& event) {
    if (event.kind == AppEventKind::DisplayScaleChanged) {
        m_scale = event.ui_scale * m_settings.enlargement;
        (void)ui::load_fonts(*m_environment.assets, m_scale, event.pixel_ratio, m_fonts, false);
        ui::apply_theme(m_scale);
    }
}

void WallApp::shutdown() { m_registry.detach(); }

FrameRequest WallApp::frame(const FrameInput& input) {
    (void)input;
    FrameRequest request;
    m_entry.begin_frame(m_environment.text_input);
    switch (m_screen) {
    case Screen::Starting: break;   // the device store answers within a frame or two
    case Screen::SignIn: draw_sign_in(); break;
    case Screen::Open: draw_open(); break;
    case Screen::Wall: draw_wall(); break;
    }
    m_entry.end_frame(m_environment.text_input);
    // No timer: the runners draw after every HTTP answer they deliver (a poll's every second),
    // so new cards are drawn as they come and a wall nobody touches costs three frames a second.
    if (m_registry.action_pending() || m_relayout) request.wake_in_seconds = 0;
    m_relayout = false;
    // The time box counts down in minutes: drawn again when the minute turns, even when no poll
    // comes (the WebSocket is quiet while nobody writes).
    if (m_screen == Screen::Wall) request.wake_in_seconds = std::min(request.wake_in_seconds, m_time_turns_in);
    return request;
}

void WallApp::say_problem(float width) {
    const ProblemReport& p = m_client->problem();
    const UiStrings& t = *m_strings;
    switch (p.kind) {
    case Problem::None: return;
    case Problem::Offline: ui::problem_text(t("wall.problem.offline"), width); break;
    case Problem::SignIn: ui::problem_text(t("wall.problem.sign_in"), width); break;
    case Problem::NoWorkshop: ui::problem_text(t("wall.problem.no_workshop"), width); break;
    case Problem::Refused: ui::problem_text(t("wall.problem.refused", {{"field", p.field.empty() ? std::to_string(p.status) : p.field}}), width); break;
    case Problem::Server: ui::problem_text(t("wall.problem.server", {{"status", std::to_string(p.status)}}), width); break;
    }
}

void WallApp::draw_sign_in() {
    ui::ScreenContext ctx{*m_strings, *m_programme, m_fonts, m_registry, m_entry, m_scale};
    ui::begin_screen("wall.sign_in", ctx, 0);
    const float w = ctx.content_width;
    ui::heading_text(ctx("wall.sign_in.heading"), m_fonts, w);
    if (m_session_ended) ui::status_text(ctx("wall.sign_in.session_ended"), w);
    ui::gap(16, s());
    field("##username", ctx("wall.sign_in.username"), m_username, TextFieldKind::Text, w);
    ui::gap(8, s());
    field("##password", ctx("wall.sign_in.password"), m_password, TextFieldKind::Pin, w);
    ui::gap(16, s());
    ImGui::BeginDisabled(m_waiting);
    if (ui::big_button(ctx("wall.sign_in.button"), w, s(), true) || (ImGui::IsKeyPressed(ImGuiKey_Enter) && !m_username.empty())) {
        m_waiting = true;
        m_client->sign_in(m_username, m_password, [this](const ProblemReport& p) {
            m_waiting = false;
            m_password.clear();   // not kept once used
            if (p.kind == Problem::None) {
                m_session_ended = false;
                if (m_store->available()) m_store->save_setting("session", m_client->token());
                m_screen = Screen::Open;
                open_given_workshop();
            }
        });
    }
    ImGui::EndDisabled();
    say_problem(w);
    ui::end_screen();
}

// A theme's name in the wall's language, from the programme (its id if the programme lacks it).
std::string WallApp::theme_name(const std::string& id) const {
    const ProgrammeTheme* theme = m_programme ? m_programme->theme(id) : nullptr;
    return theme ? theme->name.in(m_strings->language()) : id;
}

// The programme's themes the new workshop is about (promoted cards take the first).
void WallApp::draw_themes(float width) {
    const UiStrings& t = *m_strings;
    ui::subheading_text(t("wall.settings.themes"), width);
    ui::begin_choice_group(t("wall.settings.themes"));
    for (const auto& theme : m_programme->themes) {
        bool on = m_themes.count(theme.id) > 0;
        if (ui::big_checkbox(theme.name.in(t.language()), on, width, s())) {
            if (on) m_themes.insert(theme.id);
            else m_themes.erase(theme.id);
        }
    }
    ui::end_choice_group();
    ui::help_text(t("wall.settings.themes_help"), width);
}

// The new workshop's time box, each participant's dots, and whether cards wait for the
// facilitator's yes. Choices are rows of large radio cards, not sliders or number fields: set
// with one touch on a wall with no keyboard.
void WallApp::draw_settings(float width) {
    const UiStrings& t = *m_strings;
    const auto choice_row = [&](const char* group, const std::string& label, std::initializer_list<int> values, int& chosen,
                                const char* words_key) {
        ui::subheading_text(label, width);
        ui::begin_choice_group(label);
        const float gap = 8 * s();
        const float each = (width - gap * static_cast<float>(values.size() - 1)) / static_cast<float>(values.size());
        bool first = true;
        for (int v : values) {
            if (!first) ImGui::SameLine(0, gap);
            first = false;
            const std::string words = t(v == 1 && t.has(std::string(words_key) + "_one") ? std::string(words_key) + "_one" : std::string(words_key),
                                        {{"n", std::to_string(v)}});
            ImGui::PushID(group);
            if (ui::choice_card(("##" + std::to_string(v)).c_str(), words, "", chosen == v, each, s())) chosen = v;
            ImGui::PopID();
        }
        ui::end_choice_group();
        ui::gap(8, s());
    };
    choice_row("time", t("wall.settings.time_box"), {30, 45, 60, 90, 120}, m_time_box_minutes, "wall.settings.minutes");
    choice_row("dots", t("wall.settings.dots"), {1, 2, 3, 4, 5}, m_dots, "wall.settings.dot_count");
    ui::big_checkbox(t("wall.settings.moderated"), m_moderated, width, s());
    ui::help_text(t("wall.settings.moderated_help"), width);
}

void WallApp::draw_open() {
    ui::ScreenContext ctx{*m_strings, *m_programme, m_fonts, m_registry, m_entry, m_scale};
    // On a projector the new workshop's settings stand in two columns, so that the whole form
    // and its button are seen at once; a narrow window gets one column and scrolls.
    ctx.column_limit = 1600.0f;
    ui::begin_screen("wall.open", ctx, 0);
    const float gutter = 48 * s();
    const bool wide = ctx.content_width >= 1300 * s();
    const float w = wide ? (ctx.content_width - gutter) / 2 : std::min(ctx.content_width, 820 * s());
    ImGui::BeginGroup();
    ui::heading_text(ctx("wall.open.heading"), m_fonts, w);
    ui::gap(16, s());
    const float form_top = ImGui::GetCursorPosY();   // the right column's first line stands level with the title's label
    field("##title", ctx("wall.open.new_title"), m_new_title, TextFieldKind::Text, w, "wall.problem.no_title");
    ui::gap(8, s());
    draw_themes(w);
    // Signing out, below the themes: the right column's forms fill a 1080-line projector.
    ui::gap(24, s());
    if (ui::big_button(ctx("wall.sign_out"), w, s())) sign_out();
    ImGui::EndGroup();
    if (wide) ImGui::SameLine(0, gutter);
    else ui::gap(8, s());
    ImGui::BeginGroup();
    if (wide) ImGui::SetCursorPosY(form_top);
    draw_settings(w);
    ui::gap(8, s());
    const auto opened = [this](const ProblemReport& p) { workshop_answered(p); };
    // An empty field does not grey its button out (greyed words are too faint to read, from the
    // back of a room or at all): pressed, the button says at the field what is missing.
    ImGui::BeginDisabled(m_waiting);
    if (ui::big_button(ctx("wall.open.create"), w, s(), true)) {
        if (m_new_title.empty()) {
            m_missing = "##title";
        } else {
            m_waiting = true;
            protocol::CreateWorkshopRequest request;
            request.title = m_new_title;
            for (const auto& theme : m_programme->themes)   // in the programme's order: the first is promoted cards' theme
                if (m_themes.count(theme.id)) request.themes.push_back(theme.id);
            request.time_box_minutes = m_time_box_minutes;
            request.moderation = m_moderated ? "moderated" : "open";
            request.dots_per_participant = m_dots;
            m_client->create(request, opened);
        }
    }
    ImGui::EndDisabled();
    ui::gap(24, s());
    field("##code", ctx("wall.open.code"), m_typed_code, TextFieldKind::Text, w, "wall.problem.no_code");
    ui::gap(8, s());
    ImGui::BeginDisabled(m_waiting);
    if (ui::big_button(ctx("wall.open.open"), w, s())) {
        if (m_typed_code.empty()) {
            m_missing = "##code";
        } else {
            m_waiting = true;
            m_client->open(m_typed_code, opened);
        }
    }
    ImGui::EndDisabled();
    say_problem(w);
    ImGui::EndGroup();
    ui::end_screen();
}

void WallApp::card_pressed(const std::string& card_id) {
    if (m_merge_pending && !m_selected.empty() && card_id != m_selected) {
        m_client->merge(m_selected, card_id);
        m_merge_pending = false;
        m_selected.clear();
        return;
    }
    m_merge_pending = false;
    m_selected = m_selected == card_id ? std::string() : card_id;
}

// A card: its title in large type, wrapped, and its dots; pressed to choose it, dragged onto a
// cluster to put it there, or onto another card to merge it into that one.
bool WallApp::draw_card(const protocol::WallCard& card, float width) {
    const UiStrings& t = *m_strings;
    const float pad = 8 * s();
    std::string title = card.title;
    if (card.status == "hidden") title += " " + t("wall.card.hidden");
    if (card.status == "pending") title += " " + t("wall.card.pending");
    // The dots as a round badge with the number: words would take half a narrow column and
    // break the title mid-word.
    const std::string dots = card.dots > 0 ? std::to_string(card.dots) : std::string();
    const float badge = ImGui::GetTextLineHeight() * 1.1f;
    const float dots_w = dots.empty() ? 0 : badge + pad;
    const float text_w = width - 2 * pad - dots_w;
    const float height = std::max(ImGui::CalcTextSize(title.c_str(), nullptr, false, text_w).y + 2 * pad, ui::min_touch_target * m_environment.ui_scale);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(card.card_id.c_str());
    // Named as drawn, "(skjult)" and "(venter)" included: a screen reader hears what the room
    // cannot see (WCAG 2.5.3, the visible words in the name).
    m_registry.label_next_item(title);
    m_registry.role_next_item(SemanticRole::Button, card.card_id == m_selected);
    if (card.dots > 0) m_registry.describe_next_item(t("wall.card.dots", {{"dots", dots}}));
    const bool pressed = ImGui::InvisibleButton("card", ImVec2(width, height));
    const bool selected = card.card_id == m_selected;
    if (ImGui::BeginDragDropSource(ImGuiDragDropFlags_SourceAllowNullID)) {
        ImGui::SetDragDropPayload("wall.card", card.card_id.c_str(), card.card_id.size() + 1);
        ImGui::TextUnformatted(card.title.c_str());
        ImGui::EndDragDropSource();
    }
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("wall.card")) {
            const std::string dropped(static_cast<const char*>(p->Data));
            if (dropped != card.card_id) m_client->merge(dropped, card.card_id);
        }
        ImGui::EndDragDropTarget();
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 fill = card.status == "shown" ? IM_COL32(255, 250, 214, 255) : IM_COL32(232, 232, 232, 255);
    draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height), fill, 6 * s());
    draw->AddRect(at, ImVec2(at.x + width, at.y + height), selected ? IM_COL32(0, 90, 200, 255) : IM_COL32(120, 120, 120, 255), 6 * s(), 0,
                  (selected ? 4.0f : 1.5f) * s());
    const ImU32 ink = card.status == "shown" ? IM_COL32(20, 20, 20, 255) : IM_COL32(80, 80, 80, 255);
    draw->AddText(nullptr, 0, ImVec2(at.x + pad, at.y + pad), ink, title.c_str(), nullptr, text_w);
    if (!dots.empty()) {
        const ImVec2 centre(at.x + width - pad - badge / 2, at.y + pad + badge / 2 - 2 * s());
        draw->AddCircleFilled(centre, badge / 2, IM_COL32(150, 0, 60, 255));
        const ImVec2 size = ImGui::CalcTextSize(dots.c_str());
        draw->AddText(ImVec2(centre.x - size.x / 2, centre.y - size.y / 2), IM_COL32(255, 255, 255, 255), dots.c_str());
    }
    ImGui::PopID();
    return pressed;
}

// A cluster's (or, with "", the new cards') coloured header with its name, and a button to put
// the chosen card there.
void WallApp::draw_panel_header(const std::string& cluster_id, float width) {
    const UiStrings& t = *m_strings;
    const protocol::WorkshopCluster* cluster = cluster_id.empty() ? nullptr : m_client->board().cluster(cluster_id);
    const std::string name = cluster ? cluster->name : t("wall.cluster.new_cards");
    const ImVec2 at = ImGui::GetCursorScreenPos();
    // The new cards' strip is as tall as the ending's button beside it (draw_wall).
    const float header = std::max(ImGui::GetTextLineHeight() + 12 * s(), cluster || m_ending ? 0.0f : ui::min_touch_target * m_environment.ui_scale * 1.25f);
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + header),
                                              cluster ? parse_colour(cluster->colour) : IM_COL32(70, 70, 70, 255), 6 * s());
    ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + 10 * s(), at.y + (header - ImGui::GetTextLineHeight()) / 2), IM_COL32(255, 255, 255, 255),
                                        name.c_str());
    m_registry.add_text(SemanticRole::Heading, name, SemanticRect{at.x, at.y, width, header}, 2);
    ImGui::Dummy(ImVec2(width, header));
    // Which theme the cluster is for, where the workshop has several to tell apart.
    const auto& info = m_client->board().workshop();
    if (cluster && !cluster->theme.empty() && info && info->themes.size() > 1)
        ui::help_text(t("wall.cluster.theme_of", {{"theme", theme_name(cluster->theme)}}), width);
    // With a card chosen: put it here (the touch and keyboard way of dragging it).
    const std::string chosen = m_selected;
    const protocol::WallCard* selected = chosen.empty() ? nullptr : m_client->board().card(chosen);
    const std::string current = selected && selected->cluster_id && m_client->board().cluster(*selected->cluster_id) ? *selected->cluster_id : std::string();
    if (m_ending && cluster) {
        // The ending: each cluster is promoted from its own heading, where its cards are seen.
        ImGui::PushID(cluster_id.c_str());
        const bool has_cards = !m_client->board().cards_in(cluster_id, false).empty();
        if (auto done = m_promoted.find(cluster_id); done != m_promoted.end()) {
            ui::status_text(t("wall.end.promoted", {{"receipt", done->second}}), width);
        } else if (m_promoting == cluster_id) {
            ui::status_text(t("wall.end.promoting"), width);
        } else if (has_cards) {
            // The visible words are the same on every cluster; the name tells them apart for a
            // screen reader (and starts with the visible words, WCAG 2.5.3).
            m_registry.label_next_item(t("wall.end.promote_cluster_named", {{"cluster", name}}));
            if (ui::big_button(t("wall.end.promote_cluster"), width, m_environment.ui_scale, true)) promote(cluster_id, true);
        }
        ImGui::PopID();
    }
    if (selected && !m_merge_pending && !m_ending && current != cluster_id) {
        ImGui::PushID(cluster_id.c_str());
        if (ui::big_button(t("wall.cluster.put_here", {{"cluster", name}}), width, m_environment.ui_scale, true)) {
            m_client->move_to_cluster(chosen, cluster_id);
            m_selected.clear();
        }
        ImGui::PopID();
    }
}

// A cluster: its coloured header, then its cards; the whole column takes a dropped card.
void WallApp::draw_panel(const std::string& cluster_id, float width) {
    ImGui::BeginGroup();
    draw_panel_header(cluster_id, width);
    for (const protocol::WallCard* card : m_client->board().cards_in(cluster_id, true))
        if (draw_card(*card, width)) card_pressed(card->card_id);
    ImGui::Dummy(ImVec2(width, 4 * s()));
    ImGui::EndGroup();
    if (ImGui::BeginDragDropTarget()) {
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("wall.card"))
            m_client->move_to_cluster(std::string(static_cast<const char*>(p->Data)), cluster_id);
        ImGui::EndDragDropTarget();
    }
}

void WallApp::draw_sidebar(float width) {
    const UiStrings& t = *m_strings;
    const WallBoard& board = m_client->board();
    const auto& info = board.workshop();
    if (info) ui::heading_text(info->title, m_fonts, width);
    draw_time_left(width);
    // The code as large as the sidebar allows: it is read aloud and typed from the back.
    ImGui::PushFont(m_fonts.display);
    const std::string code_words = t("wall.join.code", {{"code", spaced_code(m_client->code())}});
    const float natural = ImGui::CalcTextSize(code_words.c_str()).x;
    if (natural > width) ImGui::SetWindowFontScale(width / natural);
    ImGui::TextUnformatted(code_words.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    m_registry.add_text(SemanticRole::Text, code_words, SemanticRect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                                                                       ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
    if (m_ending || m_choosing_theme) {   // the QR code steps aside for the ending's tools, or a theme's
        if (m_ending) draw_ending(width);
        else draw_cluster_theme(width);
        say_problem(width);
        return;
    }
    const std::string link = m_client->join_url();
    if (link != m_qr_text) {
        m_qr_text = link;
        m_qr = encode_qr(link);
    }
    draw_qr(m_qr, std::max(qr_smallest * s(), std::min(width, 240 * s()) - m_qr_shrink), t("wall.join.qr", {{"link", link}}));
    ui::help_text(t("wall.join.how"), width);
    ui::wrapped_text(link, width);
    ui::gap(12, s());
    const bool voting = info && info->voting_open;
    if (ui::big_button(t(voting ? "wall.voting.stop" : "wall.voting.start"), width, s(), !voting)) m_client->set_voting(!voting);
    if (voting && info) ui::status_text(t("wall.voting.open", {{"dots", std::to_string(info->dots_per_participant)}}), width);
    // While a card is chosen its tools take the ranking's place: the sidebar does not scroll, and
    // with both the last tools ("Fortryd") fell below a 1080-line projector. The dots stay on
    // the cards' badges meanwhile.
    const protocol::WallCard* chosen = m_selected.empty() ? nullptr : board.card(m_selected);
    const auto ranking = board.ranking();
    if (!chosen && !ranking.empty() && ranking.front()->dots > 0) {
        ui::subheading_text(t("wall.ranking.heading"), width);
        int rank = 0;
        for (const protocol::WallCard* card : ranking) {
            if (card->dots == 0 || ++rank > 3) break;   // the top three: the sidebar keeps its tools in view
            ui::wrapped_text(t("wall.ranking.row", {{"rank", std::to_string(rank)}, {"title", card->title}, {"dots", std::to_string(card->dots)}}), width);
        }
    }
    ui::gap(12, s());
    if (const protocol::WallCard* card = chosen) {
        ui::status_text(t("wall.card.chosen", {{"title", card->title}}), width);
        if (m_merge_pending) {
            ui::help_text(t("wall.card.merge_pick"), width);
        } else {
            const char* hide_or_show = card->status == "shown" ? "wall.card.hide" : card->status == "pending" ? "wall.card.approve" : "wall.card.show";
            if (ui::big_button(t(hide_or_show), width, s())) {
                m_client->set_hidden(card->card_id, card->status == "shown");
                m_selected.clear();
            }
            if (card->cluster_id && !card->cluster_id->empty() && ui::big_button(t("wall.card.unclustered"), width, s())) {
                m_client->move_to_cluster(card->card_id, "");
                m_selected.clear();
            }
            if (ui::big_button(t("wall.card.merge"), width, s())) m_merge_pending = true;
        }
        if (ui::big_button(t("wall.card.cancel"), width, s())) {
            m_selected.clear();
            m_merge_pending = false;
        }
    } else {
        field("##cluster", t("wall.cluster.name"), m_cluster_name, TextFieldKind::Text, width, "wall.problem.no_cluster_name");
        if (ui::big_button(t("wall.cluster.make"), width, s())) {
            const std::vector<std::string> themes = info ? info->themes : std::vector<std::string>{};
            if (m_cluster_name.empty()) m_missing = "##cluster";
            else if (themes.size() > 1) m_choosing_theme = true;   // which of them: draw_cluster_theme
            else make_cluster(themes.empty() ? std::string() : themes.front());
        }
    }
    say_problem(width);
}

// Clusters are per theme: in a workshop about several, a new cluster's theme is one touch after
// its name (a promoted cluster enters the inbox under it). The choice takes the QR code's place
// for that moment: a 1080-line projector's sidebar does not scroll.
void WallApp::draw_cluster_theme(float width) {
    const UiStrings& t = *m_strings;
    const auto& info = m_client->board().workshop();
    ui::subheading_text(t("wall.cluster.theme_pick", {{"cluster", m_cluster_name}}), width);
    std::string chosen;   // made after the loop: making a cluster may change the list it walks
    if (info)
        for (const std::string& id : info->themes)
            if (ui::big_button(theme_name(id), width, s(), true)) chosen = id;
    if (!chosen.empty()) make_cluster(chosen);
    if (ui::big_button(t("wall.card.cancel"), width, s())) m_choosing_theme = false;   // the name typed stays
}

void WallApp::make_cluster(const std::string& theme) {
    const std::size_t n = m_client->board().clusters().size() % std::size(cluster_colours);
    m_client->make_cluster(m_cluster_name, cluster_colours[n], theme);
    m_cluster_name.clear();
    m_choosing_theme = false;
}

// The time box's minutes left, from the workshop's start; "Tiden er gået" once it is over (the
// workshop goes on: the facilitator decides when it ends).
void WallApp::draw_time_left(float width) {
    m_time_turns_in = FrameRequest::never;
    const UiStrings& t = *m_strings;
    const auto& info = m_client->board().workshop();
    const auto started = info ? parse_utc_ms(info->created_at) : std::nullopt;
    std::string words;
    if (started && info->time_box_minutes > 0) {
        using namespace std::chrono;
        const std::int64_t now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
        const std::int64_t left = *started + info->time_box_minutes * 60000 - now;
        if (left <= 0) {
            words = t("wall.time.up");
        } else {
            // Whole minutes, rounded up: "1 min" is the last minute, never "0 min".
            words = t("wall.time.left", {{"minutes", std::to_string((left + 59999) / 60000)}});
            m_time_turns_in = static_cast<double>((left - 1) % 60000 + 1) / 1000.0 + 0.05;
        }
    }
    if (!words.empty()) ui::status_text(words, width);
}

// The ending: the exports saved where the platform saves files, and the promotion of a card
// into the inbox (clusters are promoted from their headings, draw_panel_header).
void WallApp::draw_ending(float width) {
    const UiStrings& t = *m_strings;
    ui::subheading_text(t("wall.end.heading"), width);
    if (m_environment.save_file) {
        for (const char* format : {"csv", "json", "summary"})
            if (ui::big_button(t(std::string("wall.end.save_") + format), width, s())) save_export(format);
        // The join sheet for the door and the tables: the QR code, the code and the link, to print.
        if (ui::big_button(t("wall.end.save_qr"), width, s())) {
            const auto& info = m_client->board().workshop();
            const std::string link = m_client->join_url();
            const std::string name = "workshop-" + m_client->code() + "-qr.svg";
            const std::string sheet = qr_print_sheet_svg(encode_qr(link), {info ? info->title : std::string(),
                                                                           t("wall.join.code", {{"code", spaced_code(m_client->code())}}),
                                                                           t("wall.join.how"), link});
            m_environment.save_file(name, sheet, say_saved());
        }
        if (!m_export_said.empty()) ui::status_text(m_export_said, width);
    } else {
        ui::help_text(t("wall.end.no_save"), width);
    }
    ui::gap(12, s());
    ui::subheading_text(t("wall.end.promote_heading"), width);
    ui::help_text(t("wall.end.promote_help"), width);
    const protocol::WallCard* card = m_selected.empty() ? nullptr : m_client->board().card(m_selected);
    if (card) {
        ui::status_text(t("wall.card.chosen", {{"title", card->title}}), width);
        if (auto done = m_promoted.find(card->card_id); done != m_promoted.end()) {
            ui::status_text(t("wall.end.promoted", {{"receipt", done->second}}), width);
        } else if (m_promoting == card->card_id) {
            ui::status_text(t("wall.end.promoting"), width);
        } else if (card->status == "shown") {
            if (ui::big_button(t("wall.end.promote_card"), width, s(), true)) promote(card->card_id, false);
        } else {
            ui::help_text(t("wall.end.not_shown"), width);
        }
    }
    ui::gap(12, s());
    if (ui::big_button(t("wall.end.back"), width, s())) {
        m_ending = false;
        m_selected.clear();
    }
    // Signing out ends the wall on this screen: the next start asks for the password again.
    ui::gap(12, s());
    if (ui::big_button(t("wall.sign_out"), width, s())) sign_out();
}

std::function<void(Expected<std::string>)> WallApp::say_saved() {
    return [this](Expected<std::string> where) {
        const UiStrings& words = *m_strings;
        m_export_said = where ? words("wall.end.saved", {{"where", where.value()}}) : words("wall.end.not_saved", {{"why", where.error().describe()}});
    };
}

void WallApp::save_export(const std::string& format) {
    const UiStrings& t = *m_strings;
    m_export_said = t("wall.end.saving");
    m_client->fetch_export(format, std::string(t.language()), [this](const ProblemReport& p, const std::string& name, std::string bytes) {
        if (p.kind != Problem::None) {   // said by say_problem, in the wall's words
            m_export_said.clear();
            return;
        }
        m_environment.save_file(name, std::move(bytes), say_saved());
    });
}

void WallApp::promote(const std::string& source_id, bool cluster) {
    protocol::PromoteRequest request;
    if (cluster) request.cluster_id = source_id;
    else request.card_id = source_id;
    m_promoting = source_id;
    m_client->promote(request, [this, source_id](const ProblemReport&, const protocol::PromoteReply* reply) {
        m_promoting.clear();   // a refusal is said by say_problem; the button comes back to try again
        if (reply) m_promoted[source_id] = reply->receipt;
    });
}

// The wall: the sidebar (code, QR, vote, ranking, tools) on the left; on the right the new cards
// in a strip across the top, as they arrive, and below it the clusters side by side, as columns
// on a real wall: six clusters of ten cards fit a 1920x1080 projector without scrolling.
void WallApp::draw_wall() {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(20 * s(), 16 * s()));
    ImGui::Begin("wall", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PopStyleVar();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float sidebar = std::clamp(avail * 0.2f, 260 * s(), 420 * s());
    ImGui::BeginChild("side", ImVec2(sidebar, 0), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8 * s(), 6 * s()));
    // The sidebar does not scroll: when its tools would run off the screen (a title on two
    // lines put "Ny klynge" half below a 1080-line projector), the QR code gives up the height,
    // down to a size a phone still reads across a room. Measured after drawing, applied on the
    // next frame (asked for at once); started again for another title, screen or scale.
    static const std::string no_title;
    const auto& workshop = m_client->board().workshop();
    const std::string& title = workshop ? workshop->title : no_title;
    if (title != m_qr_fit.title || viewport->WorkSize.x != m_qr_fit.width || viewport->WorkSize.y != m_qr_fit.height ||
        s() != m_qr_fit.scale) {
        m_qr_fit = QrFit{title, viewport->WorkSize.x, viewport->WorkSize.y, s()};
        m_qr_shrink = 0;
    }
    draw_sidebar(ImGui::GetContentRegionAvail().x);
    const float overflow = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y - ImGui::GetWindowHeight();
    const float room = std::min(ImGui::GetWindowWidth(), 240 * s()) - qr_smallest * s();
    if (!m_ending && !m_choosing_theme && overflow > 0.5f && m_qr_shrink < room) {
        m_qr_shrink = std::min(room, m_qr_shrink + std::ceil(overflow));
        m_relayout = true;
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::SameLine(0, 20 * s());
    ImGui::BeginChild("board", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8 * s(), 5 * s()));
    const float board_w = ImGui::GetContentRegionAvail().x;
    const float gap = 12 * s();
    const auto& clusters = m_client->board().clusters();
    const int fit = std::max(1, static_cast<int>((board_w + gap) / (180 * s() + gap)));
    const int columns = std::clamp(static_cast<int>(clusters.size()), 1, fit);
    const float column_w = (board_w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);

    // The way to the ending, at the board's top right: the sidebar has no room left below its
    // live tools on a 1080-line wall, and here it is in sight without being in the way.
    float strip_header_w = board_w;
    if (!m_ending) {
        const std::string end_words = m_strings->operator()("wall.end.open");
        const float end_w = std::max(ImGui::CalcTextSize(end_words.c_str()).x + ImGui::GetStyle().FramePadding.x * 2, 140 * s());
        const ImVec2 top = ImGui::GetCursorPos();
        ImGui::SetCursorPos(ImVec2(top.x + board_w - end_w, top.y));
        if (ui::big_button(end_words, end_w, m_environment.ui_scale)) {
            m_ending = true;
            m_selected.clear();
            m_merge_pending = false;
        }
        ImGui::SetCursorPos(top);
        strip_header_w = board_w - end_w - gap;
    }
    // The new cards: a strip across the board, flowing in the clusters' columns.
    draw_panel_header("", strip_header_w);
    const auto fresh = m_client->board().cards_in("", true);
    if (fresh.empty()) ui::help_text(m_strings->operator()("wall.cluster.none_yet"), board_w);
    const int strip_columns = std::max(1, static_cast<int>((board_w + gap) / (180 * s() + gap)));
    const float strip_w = (board_w - gap * static_cast<float>(strip_columns - 1)) / static_cast<float>(strip_columns);
    float row_top = ImGui::GetCursorPosY(), row_bottom = row_top;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        const int c = static_cast<int>(i % static_cast<std::size_t>(strip_columns));
        if (c == 0 && i > 0) row_top = row_bottom + 5 * s();
        ImGui::SetCursorPos(ImVec2(static_cast<float>(c) * (strip_w + gap), row_top));
        if (draw_card(*fresh[i], strip_w)) card_pressed(fresh[i]->card_id);
        row_bottom = std::max(row_bottom, ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + ImGui::GetScrollY());
    }
    ImGui::SetCursorPos(ImVec2(0, row_bottom + gap));
    ImGui::Dummy(ImVec2(board_w, 1));
    if (ImGui::BeginDragDropTarget()) {   // the strip takes a card out of its cluster
        if (const ImGuiPayload* p = ImGui::AcceptDragDropPayload("wall.card"))
            m_client->move_to_cluster(std::string(static_cast<const char*>(p->Data)), "");
        ImGui::EndDragDropTarget();
    }

    // The clusters, in rows of columns: each row starts below the tallest of the row before.
    for (std::size_t i = 0; i < clusters.size(); i += static_cast<std::size_t>(columns)) {
        const float top = ImGui::GetCursorPosY();
        float bottom = top;
        for (int c = 0; c < columns && i + static_cast<std::size_t>(c) < clusters.size(); ++c) {
            ImGui::SetCursorPos(ImVec2(static_cast<float>(c) * (column_w + gap), top));
            draw_panel(clusters[i + static_cast<std::size_t>(c)].cluster_id, column_w);
            bottom = std::max(bottom, ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + ImGui::GetScrollY());
        }
        ImGui::SetCursorPos(ImVec2(0, bottom + gap));
    }
    ImGui::Dummy(ImVec2(1, 1));
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ImGui::End();
}

std::string WallApp::state_json() const {
    json::Writer w;
    w.begin_object();
    w.member("screen", m_screen == Screen::Starting ? "starting" : m_screen == Screen::SignIn ? "sign_in" : m_screen == Screen::Open ? "open" : "wall");
    if (m_client) {
        w.member("code", m_client->code());
        w.member("revision", m_client->board().revision());
        w.member("cards", static_cast<std::int64_t>(m_client->board().cards().size()));
        w.member("clusters", static_cast<std::int64_t>(m_client->board().clusters().size()));
        w.member("join_url", m_client->join_url());
        const auto& info = m_client->board().workshop();
        w.member("voting", info && info->voting_open);
        w.member("polls", m_client->polls());
        w.member("live", m_client->live());
    }
    w.end_object();
    return w.take();
}

} // namespace idekort::wall

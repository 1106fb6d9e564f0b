// WizardScreen drawing (see wizard_screen.h).
#include "app/capture/wizard_screen.h"

#include "common/text.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>
#include <cstdio>

namespace idekort::capture {

namespace {

// Problems that are worth saying while the person is still typing.
bool says_at_once(const FieldProblem& p) { return p.rule != "required" && p.rule != "consent_needs_contact_way"; }

// The body of a theme's card: its optional "we believe in / we invest in / criteria" texts.
std::string theme_body(const ProgrammeTheme& theme, const ScreenContext& ctx) {
    std::string body = theme.summary ? theme.summary->in(ctx.language()) : std::string();
    const auto add = [&](const std::optional<LocalText>& text, const char* key) {
        if (!text) return;
        if (!body.empty()) body += "\n";
        body += ctx(key) + ": " + text->in(ctx.language());
    };
    add(theme.we_believe_in, "wizard.theme.we_believe_in");
    add(theme.we_invest_in, "wizard.theme.we_invest_in");
    add(theme.criteria, "wizard.theme.criteria");
    return body;
}

// Toggles `id` in a list of chosen ids; returns true (the card changed).
bool toggle(std::vector<std::string>& chosen, const std::string& id, bool on) {
    const auto it = std::find(chosen.begin(), chosen.end(), id);
    if (on && it == chosen.end()) chosen.push_back(id);
    if (!on && it != chosen.end()) chosen.erase(it);
    return true;
}

} // namespace

void WizardScreen::start(WizardStep step) {
    m_touched.clear();
    m_theme_chosen = false;
    m_tried_next = false;
    go_to(step);
}

void WizardScreen::go_to(WizardStep step) {
    m_step = step;
    m_tried_next = false;
    m_scroll_to_problem = false;
    m_scroll_top = true;
}

const FieldProblem* WizardScreen::shown_problem(const std::vector<FieldProblem>& problems, std::string_view field) const {
    const bool touched = m_touched.count(field) > 0;
    for (const FieldProblem& p : problems) {
        if (base_field(p.field) != field) continue;
        if (!(m_tried_next || touched || says_at_once(p))) continue;
        return &p; // one problem at a time per field: the first to fix
    }
    return nullptr;
}

void WizardScreen::field_problem(ScreenContext& ctx, const std::vector<FieldProblem>& problems, std::string_view field) {
    const FieldProblem* p = shown_problem(problems, field);
    if (!p) return;
    // After "Next", the first problem comes into view (its messages could push it off a phone).
    if (m_scroll_to_problem) {
        const ImRect visible = ImGui::GetCurrentWindow()->InnerClipRect;
        const float y = ImGui::GetCursorScreenPos().y;
        if (y < visible.Min.y || y + ImGui::GetTextLineHeightWithSpacing() * 2 > visible.Max.y) ImGui::SetScrollHereY(0.5f);
        m_scroll_to_problem = false;
    }
    problem_text(describe_problem(*p, ctx.strings), ctx.content_width);
    m_shown.push_back(p->field + ":" + p->rule);
}

bool WizardScreen::text(ScreenContext& ctx, const std::vector<FieldProblem>& problems, const char* field, std::string& value,
                        TextFieldKind kind, int lines, bool with_help) {
    const std::string key = std::string("field.") + field;
    const std::string& label = ctx(key + ".label");
    const bool invalid = shown_problem(problems, field) != nullptr;
    if (invalid && m_scroll_to_problem) {
        // Off screen (or partly): its label near the top, the message below the field. A field
        // in view is left where it is (a scroll would move what the person is looking at).
        const float tall = ImGui::GetTextLineHeightWithSpacing() * 2 + ImGui::GetFrameHeight() * static_cast<float>(lines);
        const ImVec2 top = ImGui::GetCursorScreenPos();
        const ImRect visible = ImGui::GetCurrentWindow()->InnerClipRect;
        if (top.y < visible.Min.y || top.y + tall > visible.Max.y) ImGui::SetScrollHereY(0.15f);
        m_scroll_to_problem = false;
    }
    // The label, help and problem drawn around the field are its name, description and error
    // for the mirror (a <label>, aria-describedby), not text of their own.
    ctx.registry.mute_text(true);
    wrapped_text(label, ctx.content_width);
    if (with_help) {
        help_text(ctx(key + ".help"), ctx.content_width);
        ctx.registry.describe_next_item(ctx(key + ".help"));
    }
    const std::string id = std::string("##") + field;
    if (m_focus == field) {
        ImGui::SetKeyboardFocusHere();
        m_focus.clear();
    }
    if (const FieldProblem* p = shown_problem(problems, field)) ctx.registry.set_next_item_error(describe_problem(*p, ctx.strings));
    const bool edited = text_field(ctx.entry, ctx.registry, id.c_str(), label, value, kind, ctx.content_width, ctx.ui_scale, lines, invalid);
    if (ImGui::IsItemDeactivatedAfterEdit()) m_touched.insert(field);
    field_problem(ctx, problems, field);
    ctx.registry.mute_text(false);
    gap(10, ctx.ui_scale);
    return edited;
}

void WizardScreen::draw_progress(ScreenContext& ctx, std::string_view save_key) {
    const int n = step_index(m_step) + 1;
    const std::string steps = ctx.strings("wizard.progress", {{"n", std::to_string(n)}, {"total", std::to_string(wizard_step_count)}});
    std::string progress = steps;
    if (!save_key.empty()) progress += "  ·  " + ctx(save_key);
    ctx.registry.mute_text(true);
    help_text(progress, ctx.content_width);
    ctx.registry.mute_text(false);
    // For the mirror: the progress ("Trin 2 af 8") and the saving state, which changes on its
    // own and is announced politely.
    const ImVec2 line_min = ImGui::GetItemRectMin(), line_max = ImGui::GetItemRectMax();
    const SemanticRect line{line_min.x, line_min.y, line_max.x - line_min.x, line_max.y - line_min.y};
    ctx.registry.add_progress(steps, n, wizard_step_count, line);
    if (!save_key.empty()) ctx.registry.add_text(SemanticRole::Status, ctx(save_key), line);
    // One segment per step: done ones filled, the current one filled and outlined.
    const float s = ctx.ui_scale;
    const float seg_gap = 6 * s, h = 10 * s;
    const float w = (ctx.content_width - seg_gap * (wizard_step_count - 1)) / wizard_step_count;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int i = 0; i < wizard_step_count; ++i) {
        const ImVec2 a(at.x + static_cast<float>(i) * (w + seg_gap), at.y), b(a.x + w, a.y + h);
        draw->AddRectFilled(a, b, i < n ? IM_COL32(0x00, 0x45, 0x7E, 255) : IM_COL32(0xC9, 0xD3, 0xDD, 255), h / 2);
    }
    ImGui::Dummy(ImVec2(ctx.content_width, h));
    heading_text(ctx("wizard." + std::string(step_key(m_step)) + ".title"), ctx.fonts, ctx.content_width);
}

WizardScreen::Action WizardScreen::draw_step(IdeaCard& card, ScreenContext& ctx, const std::vector<FieldProblem>& problems) {
    bool edited = false;
    const float w = ctx.content_width;
    const float s = ctx.ui_scale;
    const std::string_view lang = ctx.language();
    switch (m_step) {
    case WizardStep::Theme: {
        help_text(ctx("wizard.theme.help"), w);
        gap(6, s);
        // Two columns where there is room (a kiosk, a desktop), so the choices and "Next" fit
        // on one landscape screen now that each theme has a line of what it covers.
        const bool two_columns = w >= 600 * s;
        const float column = two_columns ? (w - ImGui::GetStyle().ItemSpacing.x) / 2 : w;
        int index = 0;
        begin_choice_group(ctx("wizard.theme.title"));
        for (const ProgrammeTheme& theme : ctx.programme.themes) {
            const std::string& name = theme.name.in(lang);
            if (two_columns && index++ % 2 == 1) ImGui::SameLine();
            ctx.registry.label_next_item(name);
            if (choice_card(("##theme_" + theme.id).c_str(), name, theme_body(theme, ctx), card.theme == theme.id, column, s)) {
                card.theme = theme.id;
                m_theme_chosen = true;
                edited = true;
            }
        }
        const std::string& none = ctx("wizard.theme.none");
        ctx.registry.label_next_item(none);
        if (two_columns && index % 2 == 1) ImGui::SameLine();
        if (choice_card("##theme_none", none, "", theme_chosen(card) && card.theme.empty(), column, s)) {
            edited = !card.theme.empty();   // a new card's theme is already empty: nothing to save
            card.theme.clear();
            m_theme_chosen = true;
        }
        end_choice_group();
        field_problem(ctx, problems, "theme");
        if (m_tried_next && !theme_chosen(card)) {
            if (m_scroll_to_problem) {
                const ImRect visible = ImGui::GetCurrentWindow()->InnerClipRect;
                const float y = ImGui::GetCursorScreenPos().y;
                if (y < visible.Min.y || y + ImGui::GetTextLineHeightWithSpacing() * 2 > visible.Max.y) ImGui::SetScrollHereY(0.5f);
                m_scroll_to_problem = false;
            }
            problem_text(ctx("wizard.theme.choose"), w);
            m_shown.push_back("theme:choose");
        }
        break;
    }
    case WizardStep::Challenge:
        edited |= text(ctx, problems, "challenge", card.challenge, TextFieldKind::MultiLine, 5);
        edited |= text(ctx, problems, "target_group", card.target_group);
        break;
    case WizardStep::Idea:
        edited |= text(ctx, problems, "title", card.title);
        edited |= text(ctx, problems, "idea", card.idea, TextFieldKind::MultiLine, 6);
        break;
    case WizardStep::Gain: {
        edited |= text(ctx, problems, "gain.text", card.gain.text, TextFieldKind::MultiLine, 4);
        ctx.registry.mute_text(true);   // the group's name
        wrapped_text(ctx("field.gain.kinds.label"), w);
        ctx.registry.mute_text(false);
        begin_choice_group(ctx("field.gain.kinds.label"));
        for (const NamedItem& kind : ctx.programme.gain_kinds) {
            bool on = std::find(card.gain.kinds.begin(), card.gain.kinds.end(), kind.id) != card.gain.kinds.end();
            if (big_checkbox(kind.name.in(lang), on, w, s)) edited |= toggle(card.gain.kinds, kind.id, on);
        }
        field_problem(ctx, problems, "gain.kinds");
        end_choice_group();
        break;
    }
    case WizardStep::Involved: {
        ctx.registry.mute_text(true);   // the group's name
        wrapped_text(ctx("field.departments.label"), w);
        ctx.registry.mute_text(false);
        help_text(ctx("field.departments.help"), w);
        begin_choice_group(ctx("field.departments.label"));
        for (const NamedItem& d : ctx.programme.departments) {
            bool on = std::find(card.departments.begin(), card.departments.end(), d.id) != card.departments.end();
            if (big_checkbox(d.name.in(lang), on, w, s)) edited |= toggle(card.departments, d.id, on);
        }
        field_problem(ctx, problems, "departments");
        end_choice_group();
        gap(8, s);
        edited |= text(ctx, problems, "partners", card.partners, TextFieldKind::MultiLine, 3);
        break;
    }
    case WizardStep::FirstTest:
        edited |= text(ctx, problems, "first_test", card.first_test, TextFieldKind::MultiLine, 4);
        edited |= text(ctx, problems, "needs", card.needs, TextFieldKind::MultiLine, 3);
        break;
    case WizardStep::AboutYou: {
        help_text(ctx("wizard.about_you.help"), w);
        gap(6, s);
        CardContact& c = card.contact;
        edited |= text(ctx, problems, "contact.name", c.name, TextFieldKind::Text, 1, false);
        edited |= text(ctx, problems, "contact.workplace", c.workplace, TextFieldKind::Text, 1, false);
        edited |= text(ctx, problems, "contact.email", c.email, TextFieldKind::Email, 1, false);
        edited |= text(ctx, problems, "contact.phone", c.phone, TextFieldKind::Phone, 1, false);
        if (big_checkbox(ctx("field.contact.consent.label"), c.consent_to_contact, w, s)) {
            edited = true;
            m_touched.insert("contact.consent_to_contact");
        }
        field_problem(ctx, problems, "contact.consent_to_contact");
        // The contact part exists only when something was given (GDPR: no empty shell either).
        card.has_contact = !c.empty();
        break;
    }
    case WizardStep::Review:
        edited |= draw_review(card, ctx);
        break;
    }
    return edited ? Action::Edited : Action::None;
}

bool WizardScreen::draw_review(IdeaCard& card, ScreenContext& ctx) {
    const float w = ctx.content_width;
    const float s = ctx.ui_scale;
    const std::string_view lang = ctx.language();
    help_text(ctx("wizard.review.help"), w);
    const std::vector<WizardStep> missing = steps_with_problems(card, ctx.programme);
    const auto names = [&](const std::vector<std::string>& ids, auto lookup) {
        std::string out;
        for (const std::string& id : ids)
            if (const NamedItem* item = lookup(id)) out += (out.empty() ? "" : ", ") + item->name.in(lang);
        return out;
    };
    const auto line = [&](const char* label_key, const std::string& value) {
        help_text(ctx(label_key), w);
        wrapped_text(value.empty() ? ctx("wizard.review.empty") : value, w);
    };
    for (WizardStep step : wizard_steps) {
        if (step == WizardStep::Review) break;
        gap(8, s);
        rule(w, s);
        ImGui::PushFont(ctx.fonts.heading);
        ImGui::SetWindowFontScale(0.7f);
        subheading_text(ctx("wizard." + std::string(step_key(step)) + ".title"), w);
        ImGui::SetWindowFontScale(1.0f);
        ImGui::PopFont();
        switch (step) {
        case WizardStep::Theme: {
            const ProgrammeTheme* theme = ctx.programme.theme(card.theme);
            wrapped_text(theme ? theme->name.in(lang) : ctx("wizard.review.no_theme"), w);
            break;
        }
        case WizardStep::Challenge:
            line("field.challenge.label", card.challenge);
            line("field.target_group.label", card.target_group);
            break;
        case WizardStep::Idea:
            line("field.title.label", card.title);
            line("field.idea.label", card.idea);
            break;
        case WizardStep::Gain:
            line("field.gain.text.label", card.gain.text);
            line("field.gain.kinds.label", names(card.gain.kinds, [&](const std::string& id) { return ctx.programme.gain_kind(id); }));
            break;
        case WizardStep::Involved:
            line("field.departments.label", names(card.departments, [&](const std::string& id) { return ctx.programme.department(id); }));
            line("field.partners.label", card.partners);
            break;
        case WizardStep::FirstTest:
            line("field.first_test.label", card.first_test);
            line("field.needs.label", card.needs);
            break;
        case WizardStep::AboutYou: {
            const CardContact& c = card.contact;
            std::string who;
            for (const std::string* part : {&c.name, &c.workplace, &c.email, &c.phone})
                if (!part->empty()) who += (who.empty() ? "" : ", ") + *part;
            if (c.consent_to_contact) who += (who.empty() ? "" : " – ") + ctx("wizard.review.contact_yes");
            wrapped_text(who.empty() ? ctx("wizard.review.empty") : who, w);
            break;
        }
        case WizardStep::Review: break;
        }
        if (std::find(missing.begin(), missing.end(), step) != missing.end()) problem_text(ctx("wizard.review.needs_fixing"), w);
        ImGui::PushID(step_index(step));
        // "Edit" buttons are named "Edit: <step>" for tests and screen readers alike.
        ctx.registry.label_next_item(ctx("wizard.review.edit") + ": " + ctx("wizard." + std::string(step_key(step)) + ".title"));
        if (big_button(ctx("wizard.review.edit"), 160 * s, s)) go_to(step);
        ImGui::PopID();
    }
    return false;
}

WizardScreen::Action WizardScreen::draw_navigation(const IdeaCard& card, ScreenContext& ctx, const std::vector<FieldProblem>& problems) {
    const float s = ctx.ui_scale;
    const float half = (ctx.content_width - ImGui::GetStyle().ItemSpacing.x) / 2;
    gap(12, s);
    if (m_tried_next && (!problems.empty() || (m_step == WizardStep::Theme && !theme_chosen(card)))) {
        // Said at once to a screen reader too: "Next" did nothing visible where the person is.
        ctx.registry.mute_text(true);
        problem_text(ctx("wizard.fix_first"), ctx.content_width);
        ctx.registry.mute_text(false);
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ctx.registry.add_text(SemanticRole::Status, ctx("wizard.fix_first"), SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y});
    }
    Action action = Action::None;
    if (m_step == WizardStep::Theme) {
        if (big_button(ctx("wizard.cancel"), half, s)) action = Action::Cancel;
    } else if (big_button(ctx("wizard.back"), half, s)) {
        go_to(wizard_steps[static_cast<std::size_t>(step_index(m_step) - 1)]);
    }
    ImGui::SameLine();
    if (m_step == WizardStep::Review) {
        if (big_button(ctx("wizard.send"), half, s, true)) {
            const std::vector<WizardStep> missing = steps_with_problems(card, ctx.programme);
            if (missing.empty()) action = Action::Send;
            else {
                go_to(missing.front());
                m_tried_next = true;   // show what is missing there at once
                m_scroll_to_problem = true;
            }
        }
    } else if (big_button(ctx("wizard.next"), half, s, true)) {
        if (m_step == WizardStep::Theme && !theme_chosen(card)) {
            m_tried_next = true;   // "choose a theme, or 'don't know'", at the list
            m_scroll_to_problem = true;
        } else if (problems.empty()) {
            go_to(wizard_steps[static_cast<std::size_t>(step_index(m_step) + 1)]);
        } else {
            m_tried_next = true;
            m_scroll_to_problem = true;
            // Straight into the first empty field that is needed (an empty one only: focusing
            // selects the text, and typing would replace a long one).
            if (problems.front().rule == "required") focus_field(std::string(base_field(problems.front().field)));
        }
    }
    return action;
}

WizardScreen::Action WizardScreen::draw(IdeaCard& card, ScreenContext& ctx, float bottom_reserved, std::string_view save_key) {
    m_shown.clear();
    begin_screen("##wizard", ctx, bottom_reserved);
    if (m_scroll_top) {
        ImGui::SetScrollY(0);
        m_scroll_top = false;
    }
    draw_progress(ctx, save_key);
    gap(4, ctx.ui_scale);
    const std::vector<FieldProblem> problems = step_problems(card, ctx.programme, m_step);
    Action action = draw_step(card, ctx, problems);
    // The navigation judges the card as it is after this frame's edits.
    const Action nav = draw_navigation(card, ctx, m_step == WizardStep::Review ? problems : step_problems(card, ctx.programme, m_step));
    if (nav != Action::None) action = nav;
    gap(24, ctx.ui_scale);
    touch_scroll(m_scroll, ctx.ui_scale);
    end_screen();
    return action;
}

} // namespace idekort::capture

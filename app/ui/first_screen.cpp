// FirstScreen drawing (see first_screen.h).
#include "app/ui/first_screen.h"

#include "app/ui/item_registry.h"

#include "imgui.h"
#include "imgui_stdlib.h"

#include <algorithm>

namespace idekort::ui {

namespace {

// Text that wraps at `width` from the current cursor, so nothing runs off a phone's screen.
void wrapped_text(const std::string& text, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
}

} // namespace

void FirstScreen::submit() {
    ++m_presses;
    m_just_noted = m_idea.note();
    m_show_problem = !m_just_noted;
    if (m_just_noted && m_shelf && m_autosave) {
        // The text was autosaved while typed; keeping it saves its final form and starts anew.
        IdeaCard card = m_autosave->card();
        card.title = m_idea.noted().back();
        card.language = std::string(m_strings.language());
        m_shelf->keep(card, m_autosave->revision() + 1);
        m_autosave->start_new(m_shelf->new_card(std::string(m_strings.language())));
    }
}

void FirstScreen::draw_store_notice(float width) {
    // Said plainly when drafts will not survive (private window, second tab, broken disk).
    std::string_view key;
    if (m_shelf && !m_shelf->store_error().empty()) key = "store.failed";
    else if (m_store && !m_store->durable()) key = m_store->describe().find("another tab") != std::string::npos ? "store.other_tab" : "store.memory_only";
    if (key.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.55f, 0.25f, 0.0f, 1.0f)); // dark amber, 7:1
    wrapped_text(m_strings(key), width);
    ImGui::PopStyleColor();
}

void FirstScreen::draw_drafts(float width, float ui_scale) {
    if (!m_shelf || m_kiosk || m_shelf->entries().empty()) return;
    ImGui::Dummy(ImVec2(0, 12 * ui_scale));
    ImGui::SeparatorText(m_strings("drafts.heading").c_str());
    for (const ShelfEntry& e : m_shelf->entries()) {
        wrapped_text(e.title, width);
        const std::string_view key = label_key(e, !m_store || m_store->durable());
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
        wrapped_text(m_strings(key), width);
        ImGui::PopStyleColor();
    }
}

void FirstScreen::draw(const Fonts& fonts, float ui_scale, double now) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    // Phones get a narrower margin: 32 px on each side of a 390 px screen wastes a sixth of it.
    const bool narrow = viewport->WorkSize.x < 600.0f * ui_scale;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2((narrow ? 16.0f : 32.0f) * ui_scale, 24.0f * ui_scale));
    ImGui::Begin("##first_screen", nullptr, flags);
    ImGui::PopStyleVar();

    const float target = min_touch_target * ui_scale;
    const float content_width = std::min(ImGui::GetContentRegionAvail().x, 760.0f * ui_scale);

    // Language switch, top right: switching keeps everything typed.
    {
        const char* other = m_strings("language.switch").c_str();
        const float w = ImGui::CalcTextSize(other).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - std::max(w, target * 2.5f));
        if (ImGui::Button(other, ImVec2(std::max(w, target * 2.5f), target)))
            m_strings.set_language(m_strings.language() == "da" ? "en" : "da");
    }

    ImGui::PushFont(fonts.heading);
    ImGui::TextUnformatted(m_strings("first_screen.title").c_str());
    ImGui::PopFont();
    wrapped_text(m_strings("first_screen.intro"), content_width);
    ImGui::Dummy(ImVec2(0, 12 * ui_scale));

    const std::string& field_label = m_strings("quick_idea.label");
    wrapped_text(field_label, content_width);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    wrapped_text(m_strings("quick_idea.help"), content_width);
    ImGui::PopStyleColor();
    ImGui::SetNextItemWidth(content_width);
    m_registry.label_next_item(field_label);
    // The frame is padded so the field is at least a touch target tall.
    const float font_h = ImGui::GetFontSize();
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetStyle().FramePadding.x, std::max(ImGui::GetStyle().FramePadding.y, (target - font_h) / 2)));
    const bool entered = ImGui::InputText("##quick_idea", &m_idea.draft(), ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopStyleVar();
    if (ImGui::IsItemEdited()) {
        m_just_noted = false;
        if (m_autosave) {
            m_autosave->card().title = m_idea.draft();
            m_autosave->edited(now);
        }
    }

    const std::string_view problem = m_idea.problem_key();
    if (m_show_problem && !problem.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.07f, 0.07f, 1.0f)); // 6.9:1
        wrapped_text(m_strings(problem), content_width);
        ImGui::PopStyleColor();
    } else if (problem == "quick_idea.error.too_long") {
        m_show_problem = true; // too long is worth saying at once, while typing
    }

    push_primary_button();
    const bool pressed = ImGui::Button(m_strings("quick_idea.submit").c_str(), ImVec2(std::max(target * 4, 220 * ui_scale), target * 1.25f));
    pop_primary_button();
    if (pressed || entered) submit();

    draw_store_notice(content_width);
    if (m_just_noted && !m_idea.noted().empty()) {
        ImGui::Dummy(ImVec2(0, 8 * ui_scale));
        wrapped_text(m_strings("quick_idea.thanks"), content_width);
        ImGui::PushFont(fonts.heading);
        wrapped_text(m_idea.noted().back(), content_width);
        ImGui::PopFont();
    }
    draw_drafts(content_width, ui_scale);
    ImGui::End();
}

} // namespace idekort::ui

// Shared capture widgets (see widgets.h).
#include "app/ui/widgets.h"

#include "app/ui/item_registry.h"
#include "app/ui/text_entry.h"
#include "app/ui/wrapped_edit.h"
#include "common/text.h"

#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"

#include <algorithm>
#include <cmath>

namespace idekort::ui {

namespace {

constexpr ImU32 selected_border = IM_COL32(0x00, 0x45, 0x7E, 0xFF);   // the primary blue
constexpr ImU32 selected_fill = IM_COL32(0xE3, 0xEB, 0xF3, 0xFF);
constexpr ImU32 card_fill = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 card_border = IM_COL32(0x6B, 0x6B, 0x6B, 0xFF);

// How far a finger may wander and still be a tap (logical px); further, it is a drag that
// scrolls (touch_scroll). Phones use about the same slop.
constexpr float touch_slop = 12.0f;

// A finger on a field that is not in edit may be the start of a scroll: ImGui would put the
// field in edit on the press and the page could not be dragged from it, and on a phone fields
// fill most of the screen. So for touch, the field ignores the press and goes into edit when the
// finger lifts without having moved (a tap), with the caret where it lifted, as phones do. The
// mouse keeps ImGui's press-to-edit (and drag to select). Construct before the field's widget,
// with its frame; the destructor restores ImGui's click state for everything drawn after it.
class TapToEdit {
public:
    TapToEdit(ImGuiID id, const ImRect& frame, float ui_scale) {
        ImGuiIO& io = ImGui::GetIO();
        if (io.MouseSource != ImGuiMouseSource_TouchScreen || ImGui::GetActiveID() == id) return;
        const float slop = touch_slop * ui_scale;
        if (io.MouseClicked[0]) {
            io.MouseClicked[0] = false;   // a press: not yet a tap
            m_restore = true;
            m_clicked = true;
        } else if (io.MouseReleased[0] && io.MouseDragMaxDistanceSqr[0] <= slop * slop && frame.Contains(io.MouseClickedPos[0]) &&
                   frame.Contains(io.MousePos)) {
            io.MouseClicked[0] = true;    // a tap that began and ended here: the field's click
            m_restore = true;
            m_clicked = false;
        }
    }
    ~TapToEdit() {
        if (m_restore) ImGui::GetIO().MouseClicked[0] = m_clicked;
    }
    TapToEdit(const TapToEdit&) = delete;
    TapToEdit& operator=(const TapToEdit&) = delete;

private:
    bool m_restore = false;
    bool m_clicked = false;
};

// Pads the next frame-drawn control so it is at least a touch target tall.
void push_touch_padding(float ui_scale) {
    const float target = min_touch_target * ui_scale;
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad.x, std::max(pad.y, (target - ImGui::GetFontSize()) / 2)));
}

struct FieldCallbackData {
    TextEntry* entry;
    ImGuiID id;
    WrappedEdit* wrapped = nullptr;   // a multi-line field's wrapped editing
};

// Runs every frame while the field is edited: applies the platform's edit (the browser's DOM
// input) through ImGui's public callback API, puts the caret where the person meant it on a
// multi-line field's wrapped lines, and reports the cursor in code points.
int field_callback(ImGuiInputTextCallbackData* data) {
    auto* d = static_cast<FieldCallbackData*>(data->UserData);
    if (data->EventFlag != ImGuiInputTextFlags_CallbackAlways) return 0;
    const bool platform_edit = d->entry->pending_edit_for(d->id);
    if (platform_edit) {
        const TextFieldEdit& edit = d->entry->pending_edit();
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, edit.text.data(), edit.text.data() + edit.text.size());
        const auto at = [&](int cp) { return static_cast<int>(text::byte_offset_of_character(edit.text, static_cast<std::size_t>(std::max(cp, 0)))); };
        data->SelectionStart = at(edit.selection_start);
        data->SelectionEnd = at(edit.selection_end);
        data->CursorPos = data->SelectionEnd;
        d->entry->edit_applied();
    }
    if (d->wrapped) d->wrapped->on_callback(data, platform_edit);
    d->entry->set_cursor(static_cast<int>(text::count_characters(std::string_view(data->Buf, static_cast<std::size_t>(data->CursorPos)))));
    return 0;
}

// Tells the registry (the accessibility mirror) about the words just drawn: ImGui's text has
// no id and no hook, so without this a screen reader would find only the controls.
void annotate_last_text(SemanticRole role, std::string_view text, int level = 0) {
    ItemRegistry* registry = ItemRegistry::current();
    if (!registry) return;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    registry->add_text(role, text, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y}, level);
}

void draw_wrapped(std::string_view text, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
}

} // namespace

void wrapped_text(std::string_view text, float width) {
    draw_wrapped(text, width);
    annotate_last_text(SemanticRole::Text, text);
}

void heading_text(std::string_view text, const Fonts& fonts, float width) {
    ImGui::PushFont(fonts.heading);
    draw_wrapped(text, width);
    ImGui::PopFont();
    annotate_last_text(SemanticRole::Heading, text, 1);
}

void display_heading_text(std::string_view text, const Fonts& fonts, float width) {
    ImGui::PushFont(fonts.display);
    draw_wrapped(text, width);
    ImGui::PopFont();
    annotate_last_text(SemanticRole::Heading, text, 1);
}

void subheading_text(std::string_view text, float width) {
    draw_wrapped(text, width);
    annotate_last_text(SemanticRole::Heading, text, 2);
}

void status_text(std::string_view text, float width) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    draw_wrapped(text, width);
    ImGui::PopStyleColor();
    annotate_last_text(SemanticRole::Status, text);
}

void progress_text(std::string_view words, int step, int steps, float width) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    draw_wrapped(words, width);
    ImGui::PopStyleColor();
    if (ItemRegistry* registry = ItemRegistry::current()) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        registry->add_progress(words, step, steps, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y});
    }
}

void begin_choice_group(std::string_view label) {
    if (ItemRegistry* registry = ItemRegistry::current()) registry->begin_group(SemanticRole::Group, label);
}

void end_choice_group() {
    if (ItemRegistry* registry = ItemRegistry::current()) registry->end_group();
}

void help_text(std::string_view text, float width) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    wrapped_text(text, width);
    ImGui::PopStyleColor();
}

void problem_text(std::string_view text, float width) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.07f, 0.07f, 1.0f)); // 6.9:1 on the background
    wrapped_text(text, width);
    ImGui::PopStyleColor();
}

void gap(float logical_px, float ui_scale) { ImGui::Dummy(ImVec2(0, logical_px * ui_scale)); }

void rule(float width, float ui_scale) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + width, at.y), ImGui::GetColorU32(ImGuiCol_Border), ui_scale);
    ImGui::Dummy(ImVec2(width, ui_scale));
}

bool big_button(const std::string& label, float width, float ui_scale, bool primary) {
    // Named and typed even when clipped (ImGui says nothing of a clipped item), so the mirror
    // lists every button of the screen, scrolled out of view or not.
    if (ItemRegistry* registry = ItemRegistry::current()) {
        registry->default_label_next_item(label);
        registry->role_next_item(SemanticRole::Button);
    }
    if (primary) push_primary_button();
    const float target = min_touch_target * ui_scale;
    const float w = std::max(width, ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
    // Primary and secondary are equally tall, so a pair side by side ("‹ Tilbage", "Næste ›")
    // lines up; colour marks the primary.
    const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, target * 1.25f));
    if (primary) pop_primary_button();
    return pressed;
}

bool big_checkbox(const std::string& label, bool& value, float width, float ui_scale) {
    push_touch_padding(ui_scale);
    if (ItemRegistry* registry = ItemRegistry::current()) {
        registry->default_label_next_item(label);
        registry->role_next_item(SemanticRole::Checkbox, value);
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    const bool changed = ImGui::Checkbox(label.c_str(), &value);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleVar();
    return changed;
}

bool choice_card(const char* id, const std::string& heading, const std::string& body, bool selected, float width, float ui_scale) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float pad = 16 * ui_scale;
    const float inner = width - pad * 2;
    const ImVec2 heading_size = ImGui::CalcTextSize(heading.c_str(), nullptr, false, inner);
    const ImVec2 body_size = body.empty() ? ImVec2(0, 0) : ImGui::CalcTextSize(body.c_str(), nullptr, false, inner);
    const float height = std::max(min_touch_target * ui_scale * 1.25f,
                                  pad * 2 + heading_size.y + (body.empty() ? 0 : style.ItemSpacing.y * 0.5f + body_size.y));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    // A choice of several: a radio button, chosen when `selected`.
    if (ItemRegistry* registry = ItemRegistry::current()) {
        registry->default_label_next_item(heading);
        registry->role_next_item(SemanticRole::Radio, selected);
        if (!body.empty()) registry->describe_next_item(body);
    }
    const bool pressed = ImGui::InvisibleButton(id, ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec2 end(at.x + width, at.y + height);
    draw->AddRectFilled(at, end, selected ? selected_fill : card_fill, style.FrameRounding);
    draw->AddRect(at, end, selected ? selected_border : card_border, style.FrameRounding, 0, (selected ? 4.0f : 1.0f) * ui_scale);
    if (ImGui::IsItemFocused()) ImGui::RenderNavHighlight(ImRect(at, end), ImGui::GetItemID());
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    draw->AddText(nullptr, 0, ImVec2(at.x + pad, at.y + pad), text, heading.c_str(), nullptr, inner);
    if (!body.empty()) {
        draw->AddText(nullptr, 0, ImVec2(at.x + pad, at.y + pad + heading_size.y + style.ItemSpacing.y * 0.5f),
                      ImGui::GetColorU32(ImGuiCol_TextDisabled), body.c_str(), nullptr, inner);
    }
    return pressed;
}

bool text_field(TextEntry& entry, ItemRegistry& registry, const char* id, const std::string& label, std::string& value,
                TextFieldKind kind, float width, float ui_scale, int lines, bool invalid) {
    const ImGuiID item_id = ImGui::GetID(id);
    FieldCallbackData data{&entry, item_id};
    push_touch_padding(ui_scale);
    if (invalid) {
        ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.70f, 0.07f, 0.07f, 1.0f));   // the problem text's red
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 3.0f * ui_scale);
        registry.mark_next_item_invalid();
    }
    registry.label_next_item(label);
    registry.role_next_item(SemanticRole::TextInput, false, lines > 1);
    // A secret (TextFieldKind::Pin: a PIN, the wall's password) is drawn as dots and never told
    // to the registry, so neither the mirror nor a test's dump holds it.
    const bool secret = kind == TextFieldKind::Pin;
    if (!secret) registry.set_next_item_value(value);
    bool edited = false;
    if (lines > 1) {
        // ImGui 1.90's multi-line field does not wrap words, in edit or not. It stays the editing
        // engine (buffer, undo, clipboard, keys, IME text) with its text, caret and selection
        // transparent and no scrollbar of its own; WrappedEdit draws the words wrapped at the
        // field's width, with caret and selection, and maps clicks, drags and Up/Down/Home/End on
        // the wrapped lines (wrapped_edit.h). The field grows with its lines (to twelve; beyond
        // that the words scroll, keeping the caret in view, and the mouse wheel scrolls them).
        const ImGuiStyle& style = ImGui::GetStyle();
        const float wrap = width - style.FramePadding.x * 2;
        const float line = ImGui::GetTextLineHeight();
        const float wrapped = WrappedLayout(ImGui::GetFont(), ImGui::GetFontSize(), value, wrap).height();
        const float height = std::clamp(wrapped, line * static_cast<float>(lines), line * 12) + style.FramePadding.y * 2;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        WrappedEdit wrapped_edit(item_id, at.x, at.y, width, height, ui_scale);
        data.wrapped = &wrapped_edit;
        const TapToEdit tap(item_id, ImRect(at, ImVec2(at.x + width, at.y + height)), ui_scale);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_TextSelectedBg, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 0.0f);
        edited = ImGui::InputTextMultiline(id, &value, ImVec2(width, height),
                                           ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_NoHorizontalScroll, field_callback, &data);
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
        wrapped_edit.draw(value, ImGui::GetActiveID() == item_id);
    } else {
        ImGui::SetNextItemWidth(width);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const TapToEdit tap(item_id, ImRect(at, ImVec2(at.x + width, at.y + ImGui::GetFrameHeight())), ui_scale);
        edited = ImGui::InputText(id, &value, ImGuiInputTextFlags_CallbackAlways | (secret ? ImGuiInputTextFlags_Password : 0),
                                  field_callback, &data);
    }
    ImGui::PopStyleVar();
    if (invalid) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
    if (ImGui::IsItemActive()) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        entry.field_active(item_id, SemanticRect{a.x, a.y, b.x - a.x, b.y - a.y}, value, lines > 1 ? TextFieldKind::MultiLine : kind,
                           ImGui::IsItemActivated());
        // The on-screen keyboard takes the bottom of the screen: keep the field above it.
        const ImRect visible = ImGui::GetCurrentWindow()->InnerRect;
        if (entry.scroll_into_view_pending() && (b.y > visible.Max.y || a.y < visible.Min.y)) ImGui::SetScrollHereY(0.25f);
    }
    return edited;
}

void touch_scroll(TouchScroll& state, float ui_scale) {
    ImGuiContext& g = *GImGui;
    const ImGuiIO& io = g.IO;
    if (io.MouseClicked[0] && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
        // A press inside the text being edited selects text; anywhere else it may become a drag.
        state.armed = !(g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID);
        state.dragging = false;
        state.start_scroll = ImGui::GetScrollY();
    }
    if (!io.MouseDown[0]) {
        state.armed = state.dragging = false;
        return;
    }
    if (!state.armed) return;
    const float dy = io.MousePos.y - io.MouseClickedPos[0].y;
    if (!state.dragging && std::abs(dy) > touch_slop * ui_scale) {
        state.dragging = true;
        ImGui::ClearActiveID(); // the button under the finger must not fire when it lifts
    }
    if (state.dragging) ImGui::SetScrollY(std::clamp(state.start_scroll - dy, 0.0f, ImGui::GetScrollMaxY()));
}

} // namespace idekort::ui

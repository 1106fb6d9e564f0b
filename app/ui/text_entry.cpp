// TextEntry (see text_entry.h).
#include "app/ui/text_entry.h"

#include "imgui.h"
#include "imgui_internal.h"

namespace idekort::ui {

void TextEntry::begin_frame(TextInputBridge* bridge) {
    m_current = {};
    m_activated = false;
    if (m_scroll_frames > 0) --m_scroll_frames;
    m_edit_arrived = false;
    if (bridge && !m_has_edit) m_has_edit = m_edit_arrived = bridge->take_edit(m_edit);
}

void TextEntry::field_active(std::uint32_t id, const SemanticRect& rect, const std::string& text, TextFieldKind kind, bool just_activated) {
    const int cursor = m_current.cursor;
    m_current = TextFieldFocus{id, rect, text, cursor, kind};
    m_activated = m_activated || just_activated || m_reported.field_id != id;
    if (m_activated) m_scroll_frames = 3;
}

void TextEntry::end_frame(TextInputBridge* bridge) {
    // An edit for a field no longer being edited has nowhere to go: drop it rather than apply it
    // to whatever field is focused next.
    if (m_has_edit && m_edit.field_id != m_current.field_id) m_has_edit = false;
    if (!bridge) {
        m_reported = m_current;
        return;
    }
    const auto& a = m_current;
    const auto& b = m_reported;
    const bool moved = a.rect.x != b.rect.x || a.rect.y != b.rect.y || a.rect.width != b.rect.width || a.rect.height != b.rect.height;
    if (a.field_id != b.field_id || a.text != b.text || moved) {
        bridge->focus_changed(m_current);
        m_reported = m_current;
    }
}

void TextEntry::forget() {
    ImGuiContext& g = *GImGui;
    ImGui::ClearActiveID();
    // ImGui keeps the last edited field's text, its initial text and its undo stack in
    // InputTextState even after the field is left; a wipe must not leave them behind.
    ImGuiInputTextState& state = g.InputTextState;
    state.ClearFreeMemory();
    state.ID = 0;
    state.CurLenA = state.CurLenW = 0;
    state.Stb = ImStb::STB_TexteditState{}; // the undo buffer holds deleted characters
    g.InputTextDeactivatedState.ClearFreeMemory();
    m_current = {};
    m_has_edit = false;
}

} // namespace idekort::ui

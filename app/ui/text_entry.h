// TextEntry: who is editing which text field, for the parts of the app that are not the field
// itself: the on-screen keyboard (shown while a field is edited on a kiosk or by touch, and
// placed so that it never covers the field), the browser's DOM input bridge (told where the
// field is and what it holds, and whose edits are applied back through ImGui's public
// CallbackAlways route), and the kiosk wipe (ImGui keeps a copy of the last edited text and its
// undo history, which must go with the person).
#pragma once

#include "app/core/text_input_bridge.h"

#include <cstdint>
#include <string>

namespace idekort::ui {

class TextEntry {
public:
    // Called at the start of each frame: takes an edit the platform made, if any.
    void begin_frame(TextInputBridge* bridge);
    // Called at the end of each frame: tells the platform when the edited field changed.
    void end_frame(TextInputBridge* bridge);

    // For text_field(): the field `id` is being edited this frame, at `rect`, holding `text`.
    void field_active(std::uint32_t id, const SemanticRect& rect, const std::string& text, TextFieldKind kind, bool just_activated);
    // The platform's edit for field `id`, if one waits: applied by the field's callback.
    bool pending_edit_for(std::uint32_t id) const { return m_has_edit && m_edit.field_id == id; }
    const TextFieldEdit& pending_edit() const { return m_edit; }
    void edit_applied() { m_has_edit = false; }
    // True in the frame the platform handed over a new edit: a person typed through the DOM
    // bridge (the browser's keyboard), which ImGui's input events never see.
    bool edit_arrived() const { return m_edit_arrived; }
    void set_cursor(int code_points) { m_current.cursor = code_points; }

    bool editing() const { return m_current.field_id != 0; }
    const TextFieldFocus& current() const { return m_current; }
    // True in the frame a field became active (the keyboard reappears, the page scrolls to it).
    bool activated_this_frame() const { return m_activated; }

    // For a few frames after a field is activated (while the keyboard slides in and the screen
    // above it shrinks), the field asks its window to scroll it into view.
    bool scroll_into_view_pending() const { return m_scroll_frames > 0; }

    // Ends any editing and forgets ImGui's copy of the text and its undo history (kiosk wipe).
    void forget();

private:
    TextFieldFocus m_current;       // this frame's
    TextFieldFocus m_reported;      // last told to the platform
    TextFieldEdit m_edit;
    bool m_has_edit = false;
    bool m_edit_arrived = false;
    bool m_activated = false;
    int m_scroll_frames = 0;
};

} // namespace idekort::ui

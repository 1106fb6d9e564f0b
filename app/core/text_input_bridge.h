// TextInputBridge: how a platform with its own text entry (the browser's DOM input bridge for
// phone keyboards, CANVAS-A11Y.md) takes part in editing the focused text field. The app tells
// it which field is being edited, where it is and what it holds; the platform hands back the
// whole new value when the person typed, pasted, used a dead key (´ + e = é), an IME or
// autocorrect there. The app applies that value to the field through ImGui's public callback.
//
// Plain C++ so platform/ can implement it; the native kiosk has none (its on-screen keyboard
// is drawn by the app).
#pragma once

#include "app/core/semantic_item.h"

#include <cstdint>
#include <string>

namespace idekort {

enum class TextFieldKind { Text, MultiLine, Email, Phone, Pin };

struct TextFieldFocus {
    std::uint32_t field_id = 0;   // 0: no field is being edited
    SemanticRect rect;            // logical pixels
    std::string text;             // UTF-8
    int cursor = 0;               // in code points (IMGUI_USE_WCHAR32 on both sides)
    TextFieldKind kind = TextFieldKind::Text;
};

// The whole value of the field after the person's edit, with the selection in code points.
struct TextFieldEdit {
    std::uint32_t field_id = 0;
    std::string text;
    int selection_start = 0;
    int selection_end = 0;
};

class TextInputBridge {
public:
    virtual ~TextInputBridge() = default;
    // Called when the edited field, its place or its text changed (field_id 0: none edited).
    virtual void focus_changed(const TextFieldFocus& focus) = 0;
    // An edit made on the platform's side, if one is waiting; each edit is taken once.
    virtual bool take_edit(TextFieldEdit& out) = 0;
};

} // namespace idekort

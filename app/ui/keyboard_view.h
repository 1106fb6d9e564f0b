// KeyboardView: draws the on-screen keyboard (app/core/onscreen_keyboard.h) docked at the
// bottom of the screen, and turns presses on it into ordinary text and key input for the field
// being edited.
//
// Why presses are taken before ImGui sees them: ImGui ends text editing on any click outside the
// field, so a keyboard made of ordinary buttons would close the field on the first key. At the
// start of each frame, a press that lands on the keyboard is taken out of ImGui's input
// (io.MouseClicked) and becomes io.AddInputCharactersUTF8 / a Backspace or Enter key event, which
// the still-active field receives like typing on a physical keyboard; the cursor and selection
// keep working, and a physical keyboard works alongside. The keys are still registered as items
// (ItemAdd), so tests and the accessibility mirror find them by label.
#pragma once

#include "app/core/onscreen_keyboard.h"
#include "app/core/string_table.h"

#include <string>
#include <vector>

namespace idekort::ui {

class ItemRegistry;

class KeyboardView {
public:
    // Takes a press on the keyboard out of ImGui's input and applies it. Call right after
    // ImGui::NewFrame(), before any widget. Returns true when a key was pressed (the field
    // receives it on the next frame, so the caller asks for one).
    bool intercept();

    // Draws the keyboard in a window along the bottom of the display; `shown` false hides it.
    // Returns the height it takes (0 when hidden), which the screens leave free.
    float draw(bool shown, const UiStrings& strings, ItemRegistry& registry, float ui_scale);

    // The keyboard's height at this width, for laying out the screen before it is drawn.
    float height(float ui_scale) const;

    // "Hide" was pressed: stay hidden until a field is activated again.
    bool hidden_by_user() const { return m_hidden_by_user; }
    void show_again() { m_hidden_by_user = false; }

    void reset() { m_keyboard.reset(); m_hidden_by_user = false; m_pressed = -1; }

    const OnscreenKeyboard& keyboard() const { return m_keyboard; }

private:
    struct KeyRect {
        float x0, y0, x1, y1;
        int row, column;
    };
    OnscreenKeyboard m_keyboard;
    std::vector<KeyRect> m_rects;      // last frame's, in display coordinates
    float m_top = -1;                  // last frame's top edge; < 0 when hidden
    bool m_hidden_by_user = false;
    int m_pressed = -1;                // index into m_rects of the key under the finger
};

} // namespace idekort::ui

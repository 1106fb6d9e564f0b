// OnscreenKeyboard: the layout and behaviour of the kiosk's on-screen keyboard (issue 4), as
// plain logic. A Danish layout with æ ø å, shift (one letter) and caps lock, a digits-and-symbols
// layer, and @ . - _ within reach for e-mail addresses. app/ui draws it and feeds its output to
// the focused field as ordinary text and key input, so a physical keyboard keeps working
// alongside it.
//
// Keys that are words (space, delete, shift ...) carry a string key for their caption, so the
// keyboard speaks the UI's language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace idekort {

enum class KeyAction { Text, Shift, CapsLock, Backspace, Enter, Space, Symbols, Letters, Hide };

struct KeyboardKey {
    KeyAction action = KeyAction::Text;
    std::string text;          // for Text: the lower-case (or only) character, UTF-8
    std::string shifted;       // for Text: with shift or caps; empty = same as text
    std::string caption_key;   // for word keys: the asset string key of the caption
    float width = 1.0f;        // in key units; a row fills the keyboard's width
};

using KeyboardRow = std::vector<KeyboardKey>;

// What a key press does to the focused field.
struct KeyOutput {
    std::string text;          // characters to insert
    bool backspace = false;
    bool enter = false;
    bool hide = false;
};

class OnscreenKeyboard {
public:
    enum class Layer { Letters, Symbols };

    OnscreenKeyboard();

    const std::vector<KeyboardRow>& rows() const;   // of the current layer
    Layer layer() const { return m_layer; }
    bool shift() const { return m_shift; }
    bool caps_lock() const { return m_caps; }

    // What the key shows now: its text in the current case, or its caption key.
    std::string label(const KeyboardKey& key) const;

    // Presses a key: returns what the field receives and updates shift/caps/layer. Shift
    // applies to one letter and then releases itself, as on a phone.
    KeyOutput press(const KeyboardKey& key);

    // Back to lower-case letters (a new person at the kiosk).
    void reset();

private:
    std::vector<KeyboardRow> m_letters;
    std::vector<KeyboardRow> m_symbols;
    Layer m_layer = Layer::Letters;
    bool m_shift = false;
    bool m_caps = false;
};

} // namespace idekort

// The Danish on-screen keyboard (see onscreen_keyboard.h). The letter rows follow the Danish
// keyboard (å after p, æ ø after l); the bottom row keeps @ . - _ beside the space bar because
// e-mail addresses are the one thing almost every card asks for.
#include "app/core/onscreen_keyboard.h"

namespace idekort {

namespace {

KeyboardKey letter(std::string lower, std::string upper) { return {KeyAction::Text, std::move(lower), std::move(upper), {}, 1.0f}; }
KeyboardKey symbol(std::string text) { return {KeyAction::Text, std::move(text), {}, {}, 1.0f}; }
KeyboardKey word(KeyAction action, std::string caption_key, float width) { return {action, {}, {}, std::move(caption_key), width}; }

KeyboardRow letters(std::string_view lower, std::string_view upper) {
    // Splits two UTF-8 strings of the same letters into keys (æ ø å are two bytes each).
    KeyboardRow row;
    std::size_t i = 0, j = 0;
    const auto next = [](std::string_view s, std::size_t& at) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(s[at]);
        if (c >= 0xF0) len = 4; else if (c >= 0xE0) len = 3; else if (c >= 0xC0) len = 2;
        std::string out(s.substr(at, len));
        at += len;
        return out;
    };
    while (i < lower.size() && j < upper.size()) {
        std::string l = next(lower, i);
        std::string u = next(upper, j);
        row.push_back(letter(std::move(l), std::move(u)));
    }
    return row;
}

} // namespace

OnscreenKeyboard::OnscreenKeyboard() {
    KeyboardRow r1 = letters("qwertyuiopå", "QWERTYUIOPÅ");
    KeyboardRow r2 = letters("asdfghjklæø", "ASDFGHJKLÆØ");
    KeyboardRow r3;
    r3.push_back(word(KeyAction::Shift, "keyboard.shift", 1.5f));
    for (KeyboardKey& k : letters("zxcvbnm", "ZXCVBNM")) r3.push_back(std::move(k));
    r3.push_back(symbol(","));
    r3.push_back(symbol("."));
    r3.push_back(word(KeyAction::Backspace, "keyboard.backspace", 1.5f));
    KeyboardRow r4 = {word(KeyAction::Symbols, "keyboard.symbols", 1.5f), symbol("@"), symbol("-"), symbol("_"),
                      word(KeyAction::Space, "keyboard.space", 4.0f), word(KeyAction::CapsLock, "keyboard.caps", 1.5f),
                      word(KeyAction::Enter, "keyboard.enter", 1.5f), word(KeyAction::Hide, "keyboard.hide", 1.5f)};
    m_letters = {std::move(r1), std::move(r2), std::move(r3), std::move(r4)};

    KeyboardRow s1;
    for (const char* d : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "+"}) s1.push_back(symbol(d));
    KeyboardRow s2;
    for (const char* d : {"!", "?", "\"", "#", "%", "&", "/", "(", ")", "=", ":"}) s2.push_back(symbol(d));
    KeyboardRow s3;
    for (const char* d : {";", "'", "*", "é", "ü", "ö", "ä", "–", "€", "§"}) s3.push_back(symbol(d));
    s3.push_back(word(KeyAction::Backspace, "keyboard.backspace", 1.5f));
    KeyboardRow s4 = {word(KeyAction::Letters, "keyboard.letters", 1.5f), symbol("@"), symbol("."), symbol(","),
                      word(KeyAction::Space, "keyboard.space", 4.0f), symbol("-"), word(KeyAction::Enter, "keyboard.enter", 1.5f),
                      word(KeyAction::Hide, "keyboard.hide", 1.5f)};
    m_symbols = {std::move(s1), std::move(s2), std::move(s3), std::move(s4)};
}

const std::vector<KeyboardRow>& OnscreenKeyboard::rows() const { return m_layer == Layer::Letters ? m_letters : m_symbols; }

std::string OnscreenKeyboard::label(const KeyboardKey& key) const {
    if (key.action != KeyAction::Text) return key.caption_key;
    return (m_shift || m_caps) && !key.shifted.empty() ? key.shifted : key.text;
}

KeyOutput OnscreenKeyboard::press(const KeyboardKey& key) {
    KeyOutput out;
    switch (key.action) {
    case KeyAction::Text:
        out.text = label(key);
        m_shift = false;
        break;
    case KeyAction::Shift: m_shift = !m_shift; break;
    case KeyAction::CapsLock: m_caps = !m_caps; m_shift = false; break;
    case KeyAction::Backspace: out.backspace = true; break;
    case KeyAction::Enter: out.enter = true; break;
    case KeyAction::Space: out.text = " "; break;
    case KeyAction::Symbols: m_layer = Layer::Symbols; break;
    case KeyAction::Letters: m_layer = Layer::Letters; break;
    case KeyAction::Hide: out.hide = true; break;
    }
    return out;
}

void OnscreenKeyboard::reset() {
    m_layer = Layer::Letters;
    m_shift = false;
    m_caps = false;
}

} // namespace idekort

// Word wrapping for a multi-line field while it is edited natively (issue 12, point 5). ImGui
// 1.90's InputTextMultiline has no word wrap (ImGuiInputTextFlags_WordWrap came in 1.92), so it
// stays the editing engine (buffer, undo, clipboard, typing, IME text) with its text, caret and
// selection drawn transparent, and this lays the text out wrapped at the field's width, draws it
// with the caret and selection, and maps what ImGui maps on its own unwrapped lines (a click, a
// drag, a double click, Up/Down/Home/End) onto the wrapped lines, through the field's
// CallbackAlways (CursorPos, SelectionStart/End). The browser shows its own textarea instead.
#pragma once

#include <string_view>
#include <vector>

struct ImFont;
struct ImGuiInputTextCallbackData;
struct ImGuiStorage;

namespace idekort::ui {

// One line of wrapped text, in bytes of the text: [begin, end) is drawn; `next` is where the
// following line begins (after the blanks a soft wrap swallows, or after the '\n').
struct WrappedLine {
    int begin = 0;
    int end = 0;
    int next = 0;
};

// The text laid out as ImGui's own wrapped text (ImFont::CalcWordWrapPositionA) at a width.
class WrappedLayout {
public:
    WrappedLayout(const ImFont* font, float font_size, std::string_view text, float width);

    const std::vector<WrappedLine>& lines() const { return m_lines; }
    float line_height() const { return m_font_size; }
    float height() const { return m_font_size * static_cast<float>(m_lines.size()); }
    // The line the caret at byte `at` is drawn on (a caret at a line's `next` is on the next one).
    int line_of(int at) const;
    // The caret's x at byte `at` on `line`, from the text's left edge.
    float x_of(int line, int at) const;
    // The byte nearest to a point given from the text's top left (a click, a finger).
    int offset_at(float x, float y) const;
    // Where Home and End take the caret on `line`: its first byte, and the end of its words.
    int line_start(int line) const { return m_lines[static_cast<std::size_t>(line)].begin; }
    int line_end(int line) const;

private:
    const ImFont* m_font;
    float m_font_size;
    std::string_view m_text;
    std::vector<WrappedLine> m_lines;
};

// A multi-line field's wrapped editing for one frame. Construct before the field's
// InputTextMultiline with the field's top left and size; call on_callback() from its
// CallbackAlways; call draw() after it. Keeps its state between frames (scroll, the caret's
// column for Up/Down, last frame's caret) in the window's ImGuiStorage under the field's id.
class WrappedEdit {
public:
    WrappedEdit(unsigned int field_id, float x, float y, float width, float height, float ui_scale);

    // Inside the field's callback: moves the caret and selection as the person meant them on the
    // wrapped lines. `platform_edit`: the callback just applied the browser's edit (left alone).
    void on_callback(ImGuiInputTextCallbackData* data, bool platform_edit);
    // After the field: draws `text` wrapped, with the caret and selection while `editing`, and
    // tells the platform's IME where the caret is.
    void draw(std::string_view text, bool editing);

private:
    unsigned int m_id;
    float m_x, m_y, m_width, m_height;
    float m_ui_scale;
    float m_pad_x, m_pad_y;
    ImGuiStorage* m_storage;
    bool m_had_callback = false;
    int m_cursor = 0, m_selection_start = 0, m_selection_end = 0;
};

} // namespace idekort::ui

// Wrapped editing of multi-line fields (see wrapped_edit.h).
#include "app/ui/wrapped_edit.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace idekort::ui {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The length of the UTF-8 sequence starting at `s` (1 for a stray continuation byte).
int utf8_length(const char* s, const char* end) {
    unsigned int c = 0;
    return std::max(1, ImTextCharFromUtf8(&c, s, end));
}

// Keys of what a field keeps between frames in its window's storage.
ImGuiID key(const char* what, unsigned int field_id) { return ImHashStr(what, 0, field_id); }

} // namespace

WrappedLayout::WrappedLayout(const ImFont* font, float font_size, std::string_view text, float width)
    : m_font(font), m_font_size(font_size), m_text(text) {
    const float scale = font_size / font->FontSize;
    const char* const base = text.data();
    const char* const end = base + text.size();
    const auto offset = [&](const char* p) { return static_cast<int>(p - base); };
    const char* s = base;
    for (;;) {
        const char* eol = static_cast<const char*>(std::memchr(s, '\n', static_cast<std::size_t>(end - s)));
        if (!eol) eol = end;
        const char* brk = eol;
        if (s < eol) {
            brk = font->CalcWordWrapPositionA(scale, s, eol, width);
            // Too narrow for even one letter: ImGui breaks after a byte; we keep the letter whole.
            if (brk <= s) brk = s + utf8_length(s, eol);
            brk = std::min(brk, eol);
        }
        const char* next = brk;
        if (brk < eol) {
            while (next < eol && is_blank(*next)) ++next;   // a soft wrap swallows the blanks
        }
        if (next >= eol) {
            // The logical line ends on this row: the next row starts after its '\n'.
            if (eol == end) {
                m_lines.push_back({offset(s), offset(brk), offset(end)});
                break;
            }
            m_lines.push_back({offset(s), offset(brk), offset(eol + 1)});
            s = eol + 1;
            continue;
        }
        m_lines.push_back({offset(s), offset(brk), offset(next)});
        s = next;
    }
}

int WrappedLayout::line_of(int at) const {
    const auto after = std::upper_bound(m_lines.begin(), m_lines.end(), at, [](int a, const WrappedLine& l) { return a < l.begin; });
    return std::max(0, static_cast<int>(after - m_lines.begin()) - 1);
}

float WrappedLayout::x_of(int line, int at) const {
    const WrappedLine& l = m_lines[static_cast<std::size_t>(line)];
    at = std::clamp(at, l.begin, l.next);
    // Up to the '\n' at most: the newline has no width.
    int stop = at;
    while (stop > l.begin && m_text[static_cast<std::size_t>(stop - 1)] == '\n') --stop;
    return m_font->CalcTextSizeA(m_font_size, FLT_MAX, 0, m_text.data() + l.begin, m_text.data() + stop).x;
}

int WrappedLayout::line_end(int line) const {
    const WrappedLine& l = m_lines[static_cast<std::size_t>(line)];
    // A row broken inside a long word has no blank to stand on: its end is the last letter's start,
    // since the caret after it would be drawn on the next row.
    if (l.end == l.next && static_cast<std::size_t>(line + 1) < m_lines.size() && l.end > l.begin) {
        int p = l.end - 1;
        while (p > l.begin && (static_cast<unsigned char>(m_text[static_cast<std::size_t>(p)]) & 0xC0) == 0x80) --p;
        return p;
    }
    return l.end;
}

int WrappedLayout::offset_at(float x, float y) const {
    const int line = std::clamp(static_cast<int>(std::floor(y / m_font_size)), 0, static_cast<int>(m_lines.size()) - 1);
    const WrappedLine& l = m_lines[static_cast<std::size_t>(line)];
    const float scale = m_font_size / m_font->FontSize;
    const char* const base = m_text.data();
    const char* p = base + l.begin;
    const char* const stop = base + line_end(line);
    float at = 0;
    while (p < stop) {
        unsigned int c = 0;
        const int n = std::max(1, ImTextCharFromUtf8(&c, p, stop));
        const float advance = m_font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
        if (x < at + advance * 0.5f) break;   // nearer this letter's left edge than its right
        at += advance;
        p += n;
    }
    return static_cast<int>(p - base);
}

WrappedEdit::WrappedEdit(unsigned int field_id, float x, float y, float width, float height, float ui_scale)
    : m_id(field_id), m_x(x), m_y(y), m_width(width), m_height(height), m_ui_scale(ui_scale),
      m_pad_x(ImGui::GetStyle().FramePadding.x), m_pad_y(ImGui::GetStyle().FramePadding.y), m_storage(ImGui::GetStateStorage()) {}

void WrappedEdit::on_callback(ImGuiInputTextCallbackData* data, bool platform_edit) {
    ImGuiContext& g = *GImGui;
    const ImGuiIO& io = g.IO;
    const std::string_view text(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    // Last frame's caret, from before ImGui moved it on its own unwrapped lines this frame; only
    // if the text is as it was (else the keys' effect is ImGui's, e.g. typed in the same frame).
    const int prev_len = m_storage->GetInt(key("wrap.len", m_id), -1);
    const int prev_cursor = m_storage->GetInt(key("wrap.cursor", m_id), 0);
    const int prev_start = m_storage->GetInt(key("wrap.sel_start", m_id), 0);
    const int prev_end = m_storage->GetInt(key("wrap.sel_end", m_id), 0);
    const bool prev_valid = !g.ActiveIdIsJustActivated && prev_len == data->BufTextLen && prev_cursor <= data->BufTextLen &&
                            prev_start <= data->BufTextLen && prev_end <= data->BufTextLen;
    int preferred_for = m_storage->GetInt(key("wrap.column_for", m_id), -1);

    if (!platform_edit) {
        const WrappedLayout layout(g.Font, g.FontSize, text, m_width - m_pad_x * 2);
        const float scroll = m_storage->GetFloat(key("wrap.scroll", m_id), 0.0f);
        const ImVec2 origin(m_x + m_pad_x, m_y + m_pad_y - scroll);
        const ImRect frame(m_x, m_y, m_x + m_width, m_y + m_height);
        ImGuiWindow* inner = g.CurrentWindow;   // the field's own child window
        const bool hovered = frame.Contains(io.MousePos) && g.HoveredWindow &&
                             (g.HoveredWindow == inner || g.HoveredWindow == inner->ParentWindow);
        const bool mouse_locked = g.InputTextState.SelectedAllMouseLock;
        const int at_mouse = layout.offset_at(io.MousePos.x - origin.x, io.MousePos.y - origin.y);
        const auto place = [&](int at) { data->CursorPos = data->SelectionStart = data->SelectionEnd = at; };
        const auto select = [&](int from, int to) {
            data->SelectionStart = from;
            data->SelectionEnd = data->CursorPos = to;
        };
        if (hovered && io.MouseClickedCount[0] >= 2 && !io.KeyShift) {
            // A double click takes the word under it, a triple click its paragraph (as ImGui).
            const bool word = ((io.MouseClickedCount[0] - 2) % 2) == 0;
            const auto stops = [&](char c) { return c == '\n' || (word && is_blank(c)); };
            int from = at_mouse, to = at_mouse;
            while (from > 0 && !stops(text[static_cast<std::size_t>(from - 1)])) --from;
            while (to < data->BufTextLen && !stops(text[static_cast<std::size_t>(to)])) ++to;
            select(from, to);
        } else if (io.MouseClicked[0] && hovered && !mouse_locked) {
            // With Shift the selection grows from where it began (ImGui's stb drag kept the anchor).
            if (io.KeyShift) select(data->SelectionStart, at_mouse);
            else place(at_mouse);
        } else if (io.MouseDown[0] && !mouse_locked && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f) &&
                   frame.Contains(io.MouseClickedPos[0])) {
            // A drag that began in the field selects from where it began to the finger.
            select(data->SelectionStart, at_mouse);
        } else if (prev_valid && !io.KeyCtrl && !io.KeySuper) {
            // Up/Down move by wrapped line, keeping the column; Home/End go to the wrapped line's
            // ends. ImGui has moved by its unwrapped lines already; this puts the caret right.
            const bool up = ImGui::IsKeyPressed(ImGuiKey_UpArrow), down = ImGui::IsKeyPressed(ImGuiKey_DownArrow);
            const bool home = ImGui::IsKeyPressed(ImGuiKey_Home), end = ImGui::IsKeyPressed(ImGuiKey_End);
            if (up || down || home || end) {
                const int line = layout.line_of(prev_cursor);
                int to = prev_cursor;
                if (up || down) {
                    const float column = preferred_for == prev_cursor ? m_storage->GetFloat(key("wrap.column", m_id), 0.0f)
                                                                      : layout.x_of(line, prev_cursor);
                    const int last = static_cast<int>(layout.lines().size()) - 1;
                    if (up) to = line > 0 ? layout.offset_at(column, (static_cast<float>(line) - 0.5f) * layout.line_height()) : 0;
                    else to = line < last ? layout.offset_at(column, (static_cast<float>(line) + 1.5f) * layout.line_height()) : data->BufTextLen;
                    m_storage->SetFloat(key("wrap.column", m_id), column);
                    preferred_for = to;
                } else {
                    to = home ? layout.line_start(line) : layout.line_end(line);
                }
                const int anchor = prev_start != prev_end ? prev_start : prev_cursor;
                if (io.KeyShift) select(anchor, to);
                else place(to);
            }
        }
    }
    if (preferred_for != data->CursorPos) preferred_for = -1;   // any other move forgets the column
    m_storage->SetInt(key("wrap.column_for", m_id), preferred_for);
    m_storage->SetInt(key("wrap.len", m_id), data->BufTextLen);
    m_storage->SetInt(key("wrap.cursor", m_id), data->CursorPos);
    m_storage->SetInt(key("wrap.sel_start", m_id), data->SelectionStart);
    m_storage->SetInt(key("wrap.sel_end", m_id), data->SelectionEnd);
    m_had_callback = true;
    m_cursor = data->CursorPos;
    m_selection_start = data->SelectionStart;
    m_selection_end = data->SelectionEnd;
}

void WrappedEdit::draw(std::string_view text, bool editing) {
    ImGuiContext& g = *GImGui;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const WrappedLayout layout(g.Font, g.FontSize, text, m_width - m_pad_x * 2);
    const float line_height = layout.line_height();
    const bool caret = editing && m_had_callback;
    const int cursor = std::clamp(m_cursor, 0, static_cast<int>(text.size()));

    // Beyond the field's twelve lines the words scroll while editing. The mouse wheel over the
    // field scrolls them (ImGui's own field holds one unwrapped line per paragraph, so its scroll
    // would not match), and owning the wheel keeps the page under the field still. The caret is
    // brought into view when it moves or the text changes, not in every frame, or the wheel
    // could never take the view away from it.
    const float visible = m_height - m_pad_y * 2;
    const float most = std::max(0.0f, layout.height() - visible);
    float scroll = editing ? m_storage->GetFloat(key("wrap.scroll", m_id), 0.0f) : 0.0f;
    const ImRect frame(m_x, m_y, m_x + m_width, m_y + m_height);
    if (editing && most > 0.0f && frame.Contains(g.IO.MousePos) &&
        ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
        ImGui::SetKeyOwner(ImGuiKey_MouseWheelY, m_id);   // takes effect from the next frame: set while hovered
        if (g.IO.MouseWheel != 0.0f) scroll -= g.IO.MouseWheel * std::min(line_height * 5, visible * 0.67f);   // ImGui's step
    }
    const bool caret_moved = cursor != m_storage->GetInt(key("wrap.shown_cursor", m_id), -1) ||
                             static_cast<int>(text.size()) != m_storage->GetInt(key("wrap.shown_len", m_id), -1);
    if (caret && caret_moved) {
        const float top = static_cast<float>(layout.line_of(cursor)) * line_height;
        if (top < scroll) scroll = top;
        if (top + line_height > scroll + visible) scroll = top + line_height - visible;
    }
    scroll = std::clamp(scroll, 0.0f, most);
    m_storage->SetFloat(key("wrap.scroll", m_id), scroll);
    m_storage->SetInt(key("wrap.shown_cursor", m_id), caret ? cursor : -1);
    m_storage->SetInt(key("wrap.shown_len", m_id), caret ? static_cast<int>(text.size()) : -1);
    if (!editing) m_storage->SetInt(key("wrap.len", m_id), -1);   // the next edit starts afresh

    const ImVec2 origin(m_x + m_pad_x, m_y + m_pad_y - scroll);
    const float border = std::max(1.0f, g.Style.FrameBorderSize);
    const ImVec2 clip_min(m_x + border, m_y + border), clip_max(m_x + m_width - border, m_y + m_height - border);
    draw->PushClipRect(clip_min, clip_max, true);
    const auto& lines = layout.lines();
    const int count = static_cast<int>(lines.size());

    if (caret && m_selection_start != m_selection_end) {
        const int from = std::min(m_selection_start, m_selection_end), to = std::max(m_selection_start, m_selection_end);
        const ImU32 colour = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
        const float newline = g.Font->GetCharAdvance(' ') * (g.FontSize / g.Font->FontSize) * 0.5f;   // a selected line break shows
        for (int i = 0; i < count; ++i) {
            const WrappedLine& l = lines[static_cast<std::size_t>(i)];
            if (to <= l.begin || from >= l.next) continue;
            const int a = std::clamp(from, l.begin, l.end), b = std::clamp(to, l.begin, l.end);
            const float x0 = layout.x_of(i, a);
            float x1 = layout.x_of(i, b);
            if (to > l.end && i + 1 < count) x1 += newline;
            const float y = origin.y + static_cast<float>(i) * line_height;
            if (x1 > x0) draw->AddRectFilled(ImVec2(origin.x + x0, y), ImVec2(origin.x + x1, y + line_height), colour);
        }
    }

    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    for (int i = 0; i < count; ++i) {
        const float y = origin.y + static_cast<float>(i) * line_height;
        if (y + line_height < clip_min.y || y > clip_max.y) continue;
        const WrappedLine& l = lines[static_cast<std::size_t>(i)];
        if (l.end > l.begin) draw->AddText(g.Font, g.FontSize, ImVec2(origin.x, y), ink, text.data() + l.begin, text.data() + l.end);
    }

    if (caret) {
        const int line = layout.line_of(cursor);
        // Blank swallowed by a wrap would put the caret past the edge: it waits at the edge.
        const float x = std::min(origin.x + layout.x_of(line, cursor), m_x + m_width - m_pad_x * 0.5f);
        const float y = origin.y + static_cast<float>(line) * line_height;
        const float anim = g.InputTextState.CursorAnim;
        const bool blink_on = !g.IO.ConfigInputTextCursorBlink || anim <= 0.0f || std::fmod(anim, 1.20f) <= 0.80f;
        const float thickness = std::max(1.0f, std::round(1.5f * m_ui_scale));
        if (blink_on) draw->AddRectFilled(ImVec2(std::floor(x), y), ImVec2(std::floor(x) + thickness, y + line_height), ink);
        // The IME's candidate window opens at the caret (ImGui put it at its own, unwrapped one).
        g.PlatformImeData.InputPos = ImVec2(x - 1.0f, y);
        g.PlatformImeData.InputLineHeight = line_height;
    }
    draw->PopClipRect();
}

} // namespace idekort::ui

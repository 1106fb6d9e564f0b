// The kit's multi-line field wraps its words while it is edited natively (issue 12, point 5):
// a real ImGui context drives ui::text_field with mouse, keys and typed text, and the tests read
// what ImGui would put on the screen (the draw list's glyphs and the caret) and what the person's
// typing does to the text.
#include "app/ui/item_registry.h"
#include "app/ui/text_entry.h"
#include "app/ui/widgets.h"
#include "tests/ui/bare_imgui.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace idekort;

namespace {

constexpr float field_width = 300.0f;
const std::string idea = "Vi vil gerne have en bedre ordning for cykelparkering ved rådhuset, så flere medarbejdere "
                         "cykler til arbejde hver dag og parkerer tørt";

// A letter as drawn: the rectangle of its glyph on the screen.
struct Glyph {
    float x0, y0, x1, y1;
};

// One ImGui context with a CPU-built atlas (ImGui's own font), a window and one multi-line field.
struct Kit {
    test::BareContext context;   // first: made before, destroyed after the kit's parts
    Kit() {
        ImGui::GetIO().ConfigInputTextCursorBlink = false;   // the caret is drawn in every frame the test looks at
        registry.attach(ImGui::GetCurrentContext());
        frame();
    }

    void frame() {
        ImGui::NewFrame();
        entry.begin_frame(nullptr);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(800, 600));
        ImGui::Begin("W", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::SetCursorScreenPos(ImVec2(40, 40));
        ui::text_field(entry, registry, "##idea", "Idé", value, TextFieldKind::MultiLine, field_width, 1.0f, 4);
        field_min = ImGui::GetItemRectMin();
        field_max = ImGui::GetItemRectMax();
        if (page_below > 0) ImGui::Dummy(ImVec2(10, page_below));   // a page that scrolls under the field
        ImGui::End();
        entry.end_frame(nullptr);
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void click(float x, float y) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMouseButtonEvent(0, false);
        frames(2);
    }
    void drag(float x0, float y0, float x1, float y1) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x0, y0);
        frame();
        io.AddMouseButtonEvent(0, true);
        frame();
        io.AddMousePosEvent((x0 + x1) / 2, (y0 + y1) / 2);
        frame();
        io.AddMousePosEvent(x1, y1);
        frame();
        io.AddMouseButtonEvent(0, false);
        frames(2);
    }
    void wheel(float x, float y, float notches) {
        ImGuiIO& io = ImGui::GetIO();
        io.AddMousePosEvent(x, y);
        frame();
        io.AddMouseWheelEvent(0, notches);
        frames(2);
    }
    float page_scroll() const { return ImGui::FindWindowByName("W")->Scroll.y; }
    void key(ImGuiKey k) {
        ImGui::GetIO().AddKeyEvent(k, true);
        frame();
        ImGui::GetIO().AddKeyEvent(k, false);
        frames(2);
    }
    void shortcut(ImGuiKey k) {   // Ctrl + a key
        ImGuiIO& io = ImGui::GetIO();
        io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddKeyEvent(k, true);
        frame();
        io.AddKeyEvent(k, false);
        io.AddKeyEvent(ImGuiMod_Ctrl, false);
        frames(2);
    }
    void type(const std::string& text) {
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(2);
    }

    // The letters drawn in the text's colour in the last frame, top to bottom, left to right.
    std::vector<Glyph> glyphs() const {
        std::vector<Glyph> out;
        const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
        const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImDrawList* list = data->CmdLists[l];
            // Text quads are 4 vertices each with the font's UVs (not the white pixel).
            for (int i = 0; i + 3 < list->VtxBuffer.Size; ++i) {
                const ImDrawVert& v = list->VtxBuffer[i];
                if (v.col != ink || (v.uv.x == white.x && v.uv.y == white.y)) continue;
                const ImDrawVert& c = list->VtxBuffer[i + 2];
                if (c.col != ink) continue;
                out.push_back({std::min(v.pos.x, c.pos.x), std::min(v.pos.y, c.pos.y), std::max(v.pos.x, c.pos.x), std::max(v.pos.y, c.pos.y)});
                i += 3;
            }
        }
        return out;
    }
    // The rows of letters: a row ends where the next letter is drawn left of the one before.
    std::vector<std::vector<Glyph>> rows() const {
        std::vector<std::vector<Glyph>> out;
        for (const Glyph& g : glyphs()) {
            if (out.empty() || g.x0 < out.back().back().x0) out.emplace_back();
            out.back().push_back(g);
        }
        return out;
    }
    // The caret: a thin upright bar in the text's colour inside the field (none when not drawn,
    // or outside the field's frame, where the clip rect hides it).
    bool caret(Glyph& found) const {
        const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
        const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
        const float line = ImGui::GetTextLineHeight();
        const ImDrawData* data = ImGui::GetDrawData();
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImDrawList* list = data->CmdLists[l];
            for (int i = 0; i + 3 < list->VtxBuffer.Size; ++i) {
                const ImDrawVert& a = list->VtxBuffer[i];
                const ImDrawVert& c = list->VtxBuffer[i + 2];
                if (a.col != ink || c.col != ink || a.uv.x != white.x || a.uv.y != white.y) continue;
                const Glyph bar{std::min(a.pos.x, c.pos.x), std::min(a.pos.y, c.pos.y), std::max(a.pos.x, c.pos.x), std::max(a.pos.y, c.pos.y)};
                if (bar.x1 - bar.x0 <= 3 && bar.y1 - bar.y0 >= line * 0.75f && bar.x0 >= field_min.x && bar.x1 <= field_max.x &&
                    bar.y0 >= field_min.y && bar.y1 <= field_max.y) {
                    found = bar;
                    return true;
                }
            }
        }
        return false;
    }

    ui::TextEntry entry;
    ui::ItemRegistry registry;
    std::string value;
    ImVec2 field_min, field_max;
    float page_below = 0;
};

// The letters of `text` a font draws (blanks have no glyph).
int letters(const std::string& text) {
    int n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) != 0x80 && c != ' ' && c != '\n') ++n;
    }
    return n;
}

// The byte offset of the `n`th letter (0-based) of `text`.
std::size_t letter_offset(const std::string& text, int n) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80 || c == ' ' || c == '\n') continue;
        if (n-- == 0) return i;
    }
    return text.size();
}

float middle(const Glyph& g) { return (g.y0 + g.y1) / 2; }

} // namespace

TEST_CASE("[WrappedEdit] a long idea typed into a multi-line field wraps inside it while it is edited, caret at its last letter") {
    Kit kit;
    kit.click(kit.field_min.x + 20, kit.field_min.y + 20);
    REQUIRE(ImGui::GetActiveID() != 0);   // in edit
    kit.type(idea);
    REQUIRE(kit.value == idea);

    const auto rows = kit.rows();
    REQUIRE_MESSAGE(rows.size() >= 3, "the words are on " << rows.size() << " line(s), expected them wrapped");
    int drawn = 0;
    for (const auto& row : rows) {
        for (const Glyph& g : row) {
            // Every letter is inside the field: none past its right border, none cut at its left.
            CHECK(g.x0 >= kit.field_min.x);
            CHECK(g.x1 <= kit.field_max.x);
            CHECK(g.y0 >= kit.field_min.y);
            CHECK(g.y1 <= kit.field_max.y);
        }
        drawn += static_cast<int>(row.size());
    }
    CHECK(drawn == letters(idea));   // every letter is drawn: the start is not scrolled away
    // The first letter stands at the field's left padding, as outside editing.
    const float pad = ImGui::GetStyle().FramePadding.x;
    CHECK(rows.front().front().x0 <= kit.field_min.x + pad + 4);
    // The field grew with its lines.
    CHECK(kit.field_max.y - kit.field_min.y >= static_cast<float>(rows.size()) * ImGui::GetTextLineHeight());

    Glyph caret{};
    REQUIRE_MESSAGE(kit.caret(caret), "no caret drawn in the field");
    const Glyph& last = rows.back().back();
    CHECK(caret.y0 <= middle(last));   // on the line of the last letter
    CHECK(caret.y1 >= middle(last));
    CHECK(caret.x0 >= last.x1 - 1);    // just after it
    CHECK(caret.x0 <= last.x1 + 4);
}

TEST_CASE("[WrappedEdit] a click on the second wrapped line puts the caret there; Up, Down, End, drag, copy and paste follow the wrapped lines") {
    Kit kit;
    kit.click(kit.field_min.x + 20, kit.field_min.y + 20);
    kit.type(idea);
    auto rows = kit.rows();
    REQUIRE(rows.size() >= 3);
    const int first_row = static_cast<int>(rows[0].size());
    const Glyph second_start = rows[1].front();

    // A click just left of the second line's first letter: the caret is drawn there...
    kit.click(second_start.x0 + 1, middle(second_start));
    Glyph caret{};
    REQUIRE(kit.caret(caret));
    CHECK(caret.y0 <= middle(second_start));
    CHECK(caret.y1 >= middle(second_start));
    CHECK(std::abs(caret.x0 - second_start.x0) <= 3);
    // ...and what is typed goes there.
    kit.type("X");
    const std::size_t second_at = letter_offset(idea, first_row);
    CHECK(kit.value == idea.substr(0, second_at) + "X" + idea.substr(second_at));

    // Up goes to the first wrapped line (ImGui alone would stay: it is one unwrapped line), at
    // about the same column: the start.
    kit.key(ImGuiKey_LeftArrow);   // before the X again
    kit.key(ImGuiKey_UpArrow);
    kit.type("Y");
    CHECK(kit.value.rfind("Y", 0) == 0);
    // Down goes back to the second line's start (after the Y, the column is one letter in).
    kit.key(ImGuiKey_Backspace);
    kit.key(ImGuiKey_DownArrow);
    REQUIRE(kit.caret(caret));
    rows = kit.rows();
    CHECK(caret.y0 <= middle(rows[1].front()));
    CHECK(caret.y1 >= middle(rows[1].front()));
    // End goes to the end of the wrapped line, not of the whole paragraph.
    kit.key(ImGuiKey_End);
    REQUIRE(kit.caret(caret));
    CHECK(caret.y0 <= middle(rows[1].back()));
    CHECK(caret.y1 >= middle(rows[1].back()));
    CHECK(std::abs(caret.x0 - rows[1].back().x1) <= 3);

    // A drag from the first line's start to the second line's start selects the first line:
    // Ctrl+C copies it, typing replaces it, Ctrl+V puts it back after what was typed.
    const std::string before = kit.value;
    rows = kit.rows();
    kit.drag(rows[0].front().x0, middle(rows[0].front()), rows[1].front().x0, middle(rows[1].front()));
    kit.shortcut(ImGuiKey_C);
    kit.type("Z");
    const std::size_t second_now = letter_offset(before, static_cast<int>(rows[0].size()));
    CHECK(kit.value == "Z" + before.substr(second_now));
    kit.shortcut(ImGuiKey_V);
    CHECK(kit.value == "Z" + before);
}

// A row's shape: where its letters stand from its first one. Two rows with the same words have
// the same shape wherever they are drawn; the test tells the text's first line by it.
std::vector<float> shape(const std::vector<Glyph>& row) {
    std::vector<float> out;
    for (const Glyph& g : row) out.push_back(g.x0 - row.front().x0);
    return out;
}

TEST_CASE("[WrappedEdit] the mouse wheel scrolls a field longer than twelve lines, not the page under it; typing brings the caret back") {
    Kit kit;
    kit.page_below = 2000;
    kit.click(kit.field_min.x + 20, kit.field_min.y + 20);
    kit.type(idea);   // a few lines: the first is at the field's top
    const std::vector<float> first_line = shape(kit.rows().front());
    const float top_y = kit.rows().front().front().y0;
    std::string rest;
    for (int i = 0; i < 5; ++i) rest += " " + idea;
    kit.type(rest);
    REQUIRE(kit.value == idea + rest);

    // Typed to the end: the caret is in view, the text's first line is scrolled away.
    Glyph caret{};
    REQUIRE(kit.caret(caret));
    REQUIRE(shape(kit.rows().front()) != first_line);

    // A notch of the wheel up over the field: the words move down (the caret's line leaves the
    // view), the page stays where it was.
    kit.wheel(kit.field_min.x + 40, kit.field_min.y + 40, 1.0f);
    CHECK_FALSE(kit.caret(caret));
    CHECK(kit.page_scroll() == 0.0f);
    // More notches reach the text's first line, at the field's top; it stays there while the
    // caret does not move (the next frames do not snap back to the caret).
    kit.wheel(kit.field_min.x + 40, kit.field_min.y + 40, 20.0f);
    kit.frames(3);
    CHECK(shape(kit.rows().front()) == first_line);
    CHECK(kit.rows().front().front().y0 == top_y);
    CHECK(kit.page_scroll() == 0.0f);

    // Typing goes on at the caret, and the caret comes back into view.
    kit.type("!");
    CHECK(kit.value == idea + rest + "!");
    CHECK(kit.caret(caret));
    CHECK(shape(kit.rows().front()) != first_line);

    // The same wheel beside the field scrolls the page (the page could scroll all along).
    kit.wheel(kit.field_max.x + 100, kit.field_min.y + 40, -1.0f);
    CHECK(kit.page_scroll() > 0.0f);
}

// Theme and fonts (see theme.h). Colours: near-black text on near-white gives a contrast ratio
// above 15:1, white on the primary blue about 10:1, and near-black on the
// pale secondary buttons about 14:1, both well past WCAG 1.4.3's 4.5:1.
#include "app/ui/theme.h"

#include "app/ui/item_registry.h"

#include "imgui.h"

#include <algorithm>
#include <cmath>

namespace idekort::ui {

namespace {

ImVec4 rgb(int hex, float alpha = 1.0f) {
    return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, alpha);
}

// Danish, English and the typography a card needs: Latin-1, Latin Extended-A, dashes, quotes,
// bullet, ellipsis, single angle quotes (the wizard's ‹ ›) and the euro sign. The web build's font is subset to the same set.
const ImWchar glyph_ranges[] = {
    0x0020, 0x00FF, 0x0100, 0x017F, 0x2013, 0x2014, 0x2018, 0x201E, 0x2022, 0x2022,
    0x2026, 0x2026, 0x2039, 0x203A, 0x20AC, 0x20AC, 0x27E6, 0x27E7, 0,
};

// The display size is only for short texts (a heading, a receipt code): Latin-1 is enough and
// keeps the font atlas small at 3x.
const ImWchar display_ranges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0};

} // namespace

void prepare_context(ItemRegistry& registry) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    registry.attach(ImGui::GetCurrentContext());
}

void apply_theme(float ui_scale) {
    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(32, 28);
    style.FramePadding = ImVec2(14, 10);
    style.ItemSpacing = ImVec2(14, 14);
    style.ItemInnerSpacing = ImVec2(10, 8);
    style.ScrollbarSize = 22;
    style.GrabMinSize = 28;
    style.FrameRounding = 8;
    style.GrabRounding = 8;
    style.WindowRounding = 0;
    style.FrameBorderSize = 1;
    style.WindowBorderSize = 0;

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = rgb(0x1A1A1A);
    c[ImGuiCol_TextDisabled] = rgb(0x5C5C5C);                   // 6.4:1 on the background
    c[ImGuiCol_WindowBg] = rgb(0xFAFAF7);
    c[ImGuiCol_ChildBg] = rgb(0xFFFFFF);
    c[ImGuiCol_PopupBg] = rgb(0xFFFFFF);                       // opaque: ImGui's 0.98 let the screen behind show through a dialog
    c[ImGuiCol_Border] = rgb(0x6B6B6B);
    c[ImGuiCol_FrameBg] = rgb(0xFFFFFF);
    c[ImGuiCol_FrameBgHovered] = rgb(0xFFFFFF);
    c[ImGuiCol_FrameBgActive] = rgb(0xFFFFFF);
    c[ImGuiCol_Button] = rgb(0xE3EBF3);                         // secondary: pale blue
    c[ImGuiCol_ButtonHovered] = rgb(0xE3EBF3);                  // nothing depends on hover
    c[ImGuiCol_ButtonActive] = rgb(0xC3D5E8);
    c[ImGuiCol_NavHighlight] = rgb(0xD9480F);                   // focus ring, visible on both
    c[ImGuiCol_TextSelectedBg] = rgb(0x9CC3E6);
    c[ImGuiCol_CheckMark] = rgb(0x00457E);                      // the primary blue: 9.8:1 on white (ImGui's was about 3:1)
    style.ScaleAllSizes(ui_scale);
    ImGui::GetStyle() = style;
}

float layout_scale(float platform_scale, float display_width, float display_height, bool kiosk, bool large_text) {
    float scale = platform_scale;
    if (kiosk) {
        const float short_side = std::min(display_width, display_height);
        const float logical = short_side > 0 ? short_side / platform_scale : 1080.0f;
        // Quarter-pixel steps of the body size would blur nothing (the atlas is rebuilt), but a
        // whole-pixel body size keeps line heights, and so the layout, on whole pixels.
        const float body = std::round(kiosk_body_px_at_1080 * logical / 1080.0f);
        scale = std::max(platform_scale, platform_scale * body / body_font_size);
    }
    return large_text ? scale * large_text_factor : scale;
}

void push_primary_button() {
    ImGui::PushStyleColor(ImGuiCol_Button, rgb(0x00457E));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, rgb(0x00457E));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, rgb(0x002B52));
    ImGui::PushStyleColor(ImGuiCol_Text, rgb(0xFFFFFF));
}

void pop_primary_button() { ImGui::PopStyleColor(4); }

Status load_fonts(const AssetSource& assets, float ui_scale, float pixel_ratio, Fonts& fonts, bool build_now) {
    auto body = assets.read("fonts/NotoSans-Regular.ttf");
    if (!body) return body.error();
    auto heading = assets.read("fonts/NotoSans-Bold.ttf");
    if (!heading) return heading.error();

    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear(); // before the old bytes go: the atlas points into them
    fonts.data = {std::move(body).value(), std::move(heading).value()};
    const float raster = ui_scale * pixel_ratio;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.FontDataOwnedByAtlas = false;
    const auto add = [&](std::string& ttf, float size, const ImWchar* ranges) {
        return io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), size * raster, &config, ranges);
    };
    fonts.body = add(fonts.data[0], body_font_size, glyph_ranges);
    // The extra glyphs go into the body font only: headings and the display size draw the
    // app's own words, never what a person typed. One horizontal sample: they are few, and at
    // 3x on a phone a second one would double their share of the atlas.
    if (!fonts.extra_ranges.empty() && fonts.extra_ranges[0] != 0) {
        ImFontConfig merge = config;
        merge.MergeMode = true;
        merge.OversampleH = 1;
        for (std::string& ttf : fonts.extra_data)
            io.Fonts->AddFontFromMemoryTTF(ttf.data(), static_cast<int>(ttf.size()), body_font_size * raster, &merge,
                                           fonts.extra_ranges.data());
    }
    // Headings (38.5 px at scale 1) and the display size (66 px) are large glyphs, where a
    // second horizontal sample adds nothing one can see ("You can reduce this to 1 for large
    // glyphs", imgui.h; later ImGui picks 1 itself from 36 px). It halves the atlas at scale 1,
    // 1024 x 1024 to 512 x 1024: 2 MB less to upload before the first frame, and on a phone at 3x.
    config.OversampleH = 1;
    fonts.heading = add(fonts.data[1], body_font_size * 1.75f, glyph_ranges);
    fonts.display = add(fonts.data[1], body_font_size * 3.0f, display_ranges);
    // Glyphs are rasterised at physical pixels and drawn at logical size.
    io.FontGlobalScale = 1.0f / pixel_ratio;
    io.FontDefault = fonts.body;
    // Rasterise now, in init, rather than lazily in the first frame: the native runner runs
    // init while the window is being created, so this work is hidden behind it. The same for
    // the RGBA copy that ImGui's OpenGL3 renderer uploads (it asks for RGBA32, and the first
    // frame would otherwise convert the whole atlas while the person waits for the window).
    if (build_now) {
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);   // builds, then converts once
    }
    return {};
}

} // namespace idekort::ui

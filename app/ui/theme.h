// The light, high-contrast kiosk theme and the fonts. Sizes are chosen for reading at arm's
// length and for touch: every control is at least 44 logical px tall (WCAG 2.5.5).
#pragma once

#include "app/core/asset_source.h"
#include "common/status.h"

#include <string>
#include <vector>

struct ImFont;
using ImWchar32 = unsigned int; // as imgui.h (IMGUI_USE_WCHAR32: ImWchar is ImWchar32)

namespace idekort::ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
    ImFont* display = nullptr;   // the attract screen's question and the receipt code: ~3x body
    // The TTF bytes: ImGui reads them again whenever the atlas is rebuilt, so they live here.
    std::vector<std::string> data;
    // Fonts merged into `body` for the code points the first download leaves out (Greek,
    // Cyrillic, Latin extensions, emoji), loaded when text needs them (app/ui/glyph_coverage.h),
    // and exactly those code points: pairs of first and last, ending with 0. Kept here so a
    // rebuild for a new display scale keeps them.
    std::vector<std::string> extra_data;
    std::vector<ImWchar32> extra_ranges;
};

// Minimum touch target, in logical pixels at scale 1.
constexpr float min_touch_target = 44.0f;
// Body text size at scale 1, for reading at arm's length.
constexpr float body_font_size = 22.0f;

// A kiosk is read standing, at arm's length, not at a desk: on its 1080-px short side body text
// is 28 px (headings 49, touch targets 56), and a larger display scales the same way. The
// platform's DPI scale knows nothing of the viewing distance, so the kiosk's own scale comes from
// the display's size.
constexpr float kiosk_body_px_at_1080 = 28.0f;
// Large-text mode (the kiosk's toggle and --large-text): everything this much larger again.
constexpr float large_text_factor = 1.4f;

// The scale the UI is laid out and its fonts rasterised at: `platform_scale` (from DPI) on a
// personal device; on a kiosk the display's short side (logical px at `platform_scale`) decides,
// never below `platform_scale`; large text multiplies either. A display of unknown size (0)
// counts as 1080 px.
float layout_scale(float platform_scale, float display_width, float display_height, bool kiosk, bool large_text);

// Applies the colours and sizes to the current ImGui style, scaled by `ui_scale`.
void apply_theme(float ui_scale);

class ItemRegistry;
// The current ImGui context as every product wants it: no imgui.ini (a shared kiosk keeps no
// per-user layout, and a browser has no file for it), keyboard navigation on, and `registry`
// watching its items (tests, the ARIA mirror and the narrator read from it).
void prepare_context(ItemRegistry& registry);

// The primary action's colours (white on blue); everything else is a pale secondary button.
void push_primary_button();
void pop_primary_button();

// Loads the body and heading fonts (fonts/*.ttf in `assets`) into the current ImGui atlas,
// rasterised at ui_scale * pixel_ratio so text stays sharp on HiDPI screens. `fonts` keeps the
// bytes; on failure the atlas is left as it was. `fonts.extra_data` is merged into the body
// font for `fonts.extra_ranges`. With `build_now` false the atlas is left for the runner to
// rasterise and upload before the next frame (it checks Fonts->IsBuilt()), which is how a
// rebuild between frames reaches the GPU.
Status load_fonts(const AssetSource& assets, float ui_scale, float pixel_ratio, Fonts& fonts, bool build_now = true);

} // namespace idekort::ui

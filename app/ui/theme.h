// The light, high-contrast kiosk theme and the fonts. Sizes are chosen for reading at arm's
// length and for touch: every control is at least 44 logical px tall (WCAG 2.5.5).
#pragma once

#include "common/status.h"

#include <string>

struct ImFont;

namespace idekort::ui {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
};

// Minimum touch target, in logical pixels at scale 1.
constexpr float min_touch_target = 44.0f;
// Body text size at scale 1, for reading at arm's length.
constexpr float body_font_size = 22.0f;

// Applies the colours and sizes to the current ImGui style, scaled by `ui_scale`.
void apply_theme(float ui_scale);

// The primary action's colours (white on blue); everything else is a pale secondary button.
void push_primary_button();
void pop_primary_button();

// Loads the body and heading fonts from `font_dir` into the current ImGui atlas, rasterised at
// ui_scale * pixel_ratio so text stays sharp on HiDPI screens.
Expected<Fonts> load_fonts(const std::string& font_dir, float ui_scale, float pixel_ratio);

} // namespace idekort::ui

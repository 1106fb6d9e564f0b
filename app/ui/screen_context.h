// ScreenContext: what every capture screen draws with: the strings in the chosen language, the
// programme (themes, departments, kinds of gain), the fonts, the item registry, the text entry
// coordinator and the UI scale. Screens keep their own state; the card lives in the app.
#pragma once

#include "app/core/string_table.h"
#include "app/ui/item_registry.h"
#include "app/ui/text_entry.h"
#include "app/ui/theme.h"
#include "common/programme_config.h"

#include <string>

namespace idekort::ui {

struct ScreenContext {
    UiStrings& strings;
    const ProgrammeConfig& programme;
    const Fonts& fonts;
    ItemRegistry& registry;
    TextEntry& entry;
    float ui_scale = 1.0f;
    float content_width = 0;   // set by begin_screen(): the column the screen's content uses
    // The widest the column may be, in logical px: a readable line for forms; a screen laid out
    // in columns of its own (the wall's new workshop on a projector) asks for more.
    float column_limit = 820.0f;
    // Speech on a kiosk (issue 17): when set, every screen has the button that turns it on and off.
    bool* speech_on = nullptr;
    // Large-text mode on a kiosk (issue 17): when set, the button that turns it on and off sits
    // beside the speech button; the app rescales before the next frame.
    bool* large_text = nullptr;

    const std::string& operator()(std::string_view key) const { return strings(key); }
    std::string_view language() const { return strings.language(); }
};

// Opens the full-screen window the screens draw in, leaving `bottom_reserved` logical px free
// for the on-screen keyboard, with the language switch at the top right (and, where the platform
// can speak, the speech button beside it). Returns true if the
// language was switched this frame (nothing typed is touched by that).
bool begin_screen(const char* id, ScreenContext& ctx, float bottom_reserved);
void end_screen();

} // namespace idekort::ui

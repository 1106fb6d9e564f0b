// Widgets the capture screens share: wrapped text, labelled text fields that work with the
// on-screen keyboard and the browser's input bridge, big choice cards and check boxes, and the
// colours of help and problem text. Every control is at least a touch target tall (44 px at 1x,
// WCAG 2.5.5) and nothing depends on hover.
#pragma once

#include "app/core/text_input_bridge.h"
#include "app/ui/theme.h"

#include <string>
#include <string_view>

namespace idekort::ui {

class ItemRegistry;

// Text that wraps at `width` from the current cursor, so nothing runs off a phone's screen.
void wrapped_text(std::string_view text, float width);
// A screen's heading: the heading font, wrapped.
void heading_text(std::string_view text, const Fonts& fonts, float width);
// A screen's heading in the display font (a kiosk's attract screen, read from a distance).
void display_heading_text(std::string_view text, const Fonts& fonts, float width);
// A heading within a screen (a review's sections): body font, level 2 for the mirror.
void subheading_text(std::string_view text, float width);
// Words that change on their own ("Gemt", sync state, a countdown): drawn as help text and
// announced politely by screen readers (a live region in the browser's mirror).
void status_text(std::string_view text, float width);
// Where the person is: "Trin 2 af 8" as help text, and step of steps for the mirror.
void progress_text(std::string_view words, int step, int steps, float width);
// Check boxes or choice cards drawn between these form one group named `label`.
void begin_choice_group(std::string_view label);
void end_choice_group();
// Every text function here also tells the item registry what it drew (text, heading), so the
// browser's mirror and the kiosk's speech have the words ImGui draws without an id.
// Help text: smaller contrast step (still 6.4:1), wrapped.
void help_text(std::string_view text, float width);
// A problem at a field, in words: dark red (6.9:1), wrapped.
void problem_text(std::string_view text, float width);
// Vertical space in logical pixels.
void gap(float logical_px, float ui_scale);
// A thin horizontal line across the content column (ImGui's separators span the whole window).
void rule(float width, float ui_scale);

// A full-width button at least one touch target tall. `primary`: white on blue.
bool big_button(const std::string& label, float width, float ui_scale, bool primary = false);

// A check box whose whole row (box and words) is a touch target.
bool big_checkbox(const std::string& label, bool& value, float width, float ui_scale);

// A tall selectable card: a heading and optional body lines; `selected` draws it as chosen.
bool choice_card(const char* id, const std::string& heading, const std::string& body, bool selected, float width, float ui_scale);

// Edits `value` in a text field labelled above by `label` (the registry's name for it), with
// the on-screen keyboard and the platform's text bridge taking part (TextEntry). Returns true
// when the text changed this frame. Multi-line fields are at least `lines` lines tall, grow
// with their words (to twelve lines) and wrap them, also while edited (wrapped_edit.h).
// `invalid`: a problem is shown at the field; its border is drawn thick and red, and the
// registry says so.
class TextEntry;
bool text_field(TextEntry& entry, ItemRegistry& registry, const char* id, const std::string& label, std::string& value,
                TextFieldKind kind, float width, float ui_scale, int lines = 1, bool invalid = false);

// Finger-drag scrolling of the current window (ImGui scrolls only by wheel and scrollbar): a
// press that moves more than a few pixels becomes a scroll, and the control under the finger
// is not pressed. Call before End() of a scrolling window, every frame.
struct TouchScroll {
    bool armed = false;
    bool dragging = false;
    float start_scroll = 0;
};
void touch_scroll(TouchScroll& state, float ui_scale);

} // namespace idekort::ui

// SemanticItem: one widget of a frame, as the item registry (app/ui) recorded it, in plain C++
// so that platform/ and tests can use it without ImGui. It is designed for three readers:
// headless tests (find by label, click the rect centre), browser tests, and the ARIA mirror
// of wave 2 (role, name, state, rect in logical pixels, submission order = tab order).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

enum class SemanticRole { Button, TextInput, Checkbox, Disclosure, Slider, Other };

struct SemanticRect {
    float x = 0, y = 0, width = 0, height = 0;
    float centre_x() const { return x + width / 2; }
    float centre_y() const { return y + height / 2; }
};

struct SemanticItem {
    std::uint32_t id = 0;            // ImGuiID: stable across frames for the same widget
    std::string label;               // visible label, without ImGui's "##suffix"
    SemanticRole role = SemanticRole::Other;
    SemanticRect rect;               // logical pixels, origin top-left of the display
    bool visible = false;            // not clipped this frame
    bool disabled = false;
    bool focused = false;            // keyboard/nav focus
    bool active = false;             // being pressed, or the text field being edited
    bool checked = false;            // for Checkbox; for Disclosure: opened
    bool invalid = false;            // its answer has a problem the screen shows (aria-invalid)
};

std::string_view to_string(SemanticRole role);

// The first visible item whose label equals `label`, or nullptr.
const SemanticItem* find_item(const std::vector<SemanticItem>& items, std::string_view label);

// A JSON array of the items, for the browser bridge and test dumps.
std::string to_json(const std::vector<SemanticItem>& items);

} // namespace idekort

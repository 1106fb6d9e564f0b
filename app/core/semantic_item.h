// SemanticItem: one widget of a frame, as the item registry (app/ui) recorded it, in plain C++
// so that platform/ and tests can use it without ImGui. It is designed for three readers:
// headless tests (find by label, click the rect centre), browser tests, and the ARIA mirror
// (role, name, state, rect in logical pixels, submission order = tab order).
//
// Items come from two sources: ImGui's item hooks (controls with an id) and the kit's
// annotations (ItemRegistry: headings, text, the progress, live status, groups and dialogs,
// which ImGui draws without an id). Annotated items have ids the registry derives from their
// text, so that the same heading keeps its id from frame to frame.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace idekort {

enum class SemanticRole {
    Button, TextInput, Checkbox, Disclosure, Slider, Other,
    Radio,      // one choice of several (a group's children); `checked` = chosen
    Heading,    // a screen's title; `level` 1..6
    Text,       // words a person reads (help, a review's answers, a problem at a group)
    Progress,   // where the person is ("Trin 2 af 8"): value_now of value_max, label as words
    Status,     // what changes on its own (saved, sync, offline, a countdown): a polite live region
    Group,      // a labelled set of controls (check boxes, radio buttons); its children name it as parent
    Dialog,     // a modal window: its children name it as parent, focus stays inside
};

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
    // True when what clipped the item when it was submitted (a scrolling region, a child window,
    // a table column) cut its rect; `shown` is then the part that is drawn, zero-sized when none
    // is. An item nothing cut (or one made outside the registry) is drawn whole. Pixel checks
    // (contrast) measure the drawn part only.
    bool cut = false;
    SemanticRect shown;
    // A table row (a selectable spanning its table's columns): its words sit on the row's own
    // fill (striped, or the chosen row's), with no border of its own to measure.
    bool row = false;
    bool disabled = false;
    bool focused = false;            // keyboard/nav focus
    bool active = false;             // being pressed, or the text field being edited
    bool checked = false;            // for Checkbox; for Disclosure: opened
    bool invalid = false;            // its answer has a problem the screen shows (aria-invalid)
    bool multiline = false;          // TextInput: several lines (a <textarea>)
    int level = 0;                   // Heading: 1 = the screen's title
    int value_now = 0, value_max = 0; // Progress
    std::uint32_t parent = 0;        // the Group or Dialog it belongs to, 0 = the screen
    std::string description;         // help shown with it (aria-describedby)
    std::string error;               // the problem shown at it, in words (with invalid)
    std::string value;               // TextInput: the text it holds (the mirror's value, the kiosk's speech)
};

std::string_view to_string(SemanticRole role);

// Something a person operates (presses, ticks, types into), as opposed to words, groups and
// dialogs the kit annotates: touch-target and keyboard rules apply to these.
bool is_control(SemanticRole role);

// The first visible item whose label equals `label`, or nullptr.
const SemanticItem* find_item(const std::vector<SemanticItem>& items, std::string_view label);

// A JSON array of the items, for the browser bridge and test dumps.
std::string to_json(const std::vector<SemanticItem>& items);

} // namespace idekort

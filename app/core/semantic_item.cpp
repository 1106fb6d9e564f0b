// SemanticItem lookup and JSON (see semantic_item.h).
#include "app/core/semantic_item.h"

#include "common/json_writer.h"


namespace idekort {

std::string_view to_string(SemanticRole role) {
    switch (role) {
    case SemanticRole::Button: return "button";
    case SemanticRole::TextInput: return "textbox";
    case SemanticRole::Checkbox: return "checkbox";
    case SemanticRole::Disclosure: return "disclosure";
    case SemanticRole::Slider: return "slider";
    case SemanticRole::Other: return "other";
    case SemanticRole::Radio: return "radio";
    case SemanticRole::Heading: return "heading";
    case SemanticRole::Text: return "text";
    case SemanticRole::Progress: return "progressbar";
    case SemanticRole::Status: return "status";
    case SemanticRole::Group: return "group";
    case SemanticRole::Dialog: return "dialog";
    }
    return "other";
}

bool is_control(SemanticRole role) {
    switch (role) {
    case SemanticRole::Button: case SemanticRole::TextInput: case SemanticRole::Checkbox: case SemanticRole::Disclosure:
    case SemanticRole::Slider: case SemanticRole::Other: case SemanticRole::Radio: return true;
    default: return false;
    }
}

const SemanticItem* find_item(const std::vector<SemanticItem>& items, std::string_view label) {
    for (const auto& item : items)
        if (item.visible && item.label == label) return &item;
    return nullptr;
}

std::string to_json(const std::vector<SemanticItem>& items) {
    json::Writer w;
    w.begin_array();
    for (const SemanticItem& it : items) {
        // Rects with one decimal: logical pixels, enough for a test to click a centre.
        w.begin_object().member("id", it.id).member("label", it.label).member("role", to_string(it.role));
        w.key("x").fixed(it.rect.x, 1).key("y").fixed(it.rect.y, 1).key("width").fixed(it.rect.width, 1).key("height").fixed(it.rect.height, 1);
        w.member("visible", it.visible).member("disabled", it.disabled).member("focused", it.focused)
            .member("active", it.active).member("checked", it.checked)
            .member("invalid", it.invalid);
        // The annotations: written only when they say something, to keep the page's JSON short.
        if (it.multiline) w.member("multiline", true);
        // The drawn part, only when something cut the rect (most items are drawn whole).
        if (it.cut) {
            w.key("shown").begin_array().fixed(it.shown.x, 1).fixed(it.shown.y, 1).fixed(it.shown.width, 1)
                .fixed(it.shown.height, 1).end_array();
        }
        if (it.row) w.member("row", true);
        if (it.level) w.member("level", it.level);
        if (it.value_max) w.member("valueNow", it.value_now).member("valueMax", it.value_max);
        if (it.parent) w.member("parent", it.parent);
        if (!it.description.empty()) w.member("description", it.description);
        if (!it.error.empty()) w.member("error", it.error);
        if (it.role == SemanticRole::TextInput) w.member("value", it.value);
        w.end_object();
    }
    w.end_array();
    return w.take();
}

} // namespace idekort

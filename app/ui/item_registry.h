// ItemRegistry: records every widget ImGui submits each frame (id, label, rect, role, state)
// through ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE; we implement
// ImGuiTestEngineHook_ItemAdd / _ItemInfo instead of linking the test engine).
//
// Readers: the headless UI tests (find by label, click the centre), the browser tests (through
// the platform bridge), and the browser's ARIA mirror (web/idekort-aria-mirror.js). It runs with no per-frame calls from the
// app: context hooks open a frame at NewFrame and publish it at EndFrame, so items() always
// holds the last *complete* frame in submission order (= tab order).
//
// ImGui gives no label to fields drawn with a "##id" label (our text fields put their label
// above them as text), so label_next_item() names the next item for the registry, the way an
// HTML <label for> names an input.
//
// [SECTION] The annotation API. ImGui's hooks cannot tell a button from a radio button, and
// text, headings and the progress have no id at all. So the kit's widgets say what they are
// (widgets.cpp calls these; screens rarely need to): role_next_item(), describe_next_item()
// (help), set_next_item_error() (a problem tied to its field), add_text() for headings, text
// and live status, add_progress(), and begin_group()/end_group() for groups and dialogs.
//
// Clipping: each item also keeps the part of it that is drawn (SemanticItem::shown, ImGui's clip
// rect at submission cut with the item's box), since the mirror places an element over the
// whole box: a heading scrolled half out of a child window is half drawn, and pixel checks must
// not read the other half as blank. A table row (a selectable spanning its columns) is marked.
//
// Change detection: generation() grows only when something a person could notice changed
// (a label, a role, a state, a rect, focus, text), never for hover, so a mouse moving over the
// canvas does not rebuild the browser's mirror.
//
// Cost (docs/BENCHMARKS.md, bench/a11y_frames.cpp): the registry runs for every item of every
// frame, so a steady frame allocates nothing. Items are recorded into the slots of the frame
// before last (their strings keep their capacity), ids are found in a flat open-addressing
// table cleared by one fill, and the change check compares the frame with the last one field by
// field (stopping at the first difference) instead of hashing every byte of every label.
//
// Actions from outside ImGui (the mirror's focus, click, toggle): request_action() queues one;
// it is carried out at the next NewFrame, scrolling the item into view first when it is clipped.
#pragma once

#include "app/core/semantic_item.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct ImGuiContext;
struct ImRect;

namespace idekort::ui {

class ItemRegistry {
public:
    ItemRegistry() = default;
    ItemRegistry(const ItemRegistry&) = delete;
    ItemRegistry& operator=(const ItemRegistry&) = delete;
    ~ItemRegistry();

    // Starts recording on `context` (one registry per context).
    void attach(ImGuiContext* context);
    void detach();

    // The widgets of the last complete frame.
    const std::vector<SemanticItem>& items() const { return m_published; }

    // Names the next submitted item, for fields whose visible label is drawn separately.
    void label_next_item(std::string_view label) { m_next_label = label; }
    // Marks the next submitted item as having a problem shown at it (aria-invalid).
    void mark_next_item_invalid() { m_next_invalid = true; }

    // [SECTION] Annotations
    // The registry of the current ImGui context, or null (kit widgets annotate through it).
    static ItemRegistry* current();
    // Names the next item unless a screen already did ("Ret: Idéen" beats "Ret").
    void default_label_next_item(std::string_view label) {
        if (m_next_label.empty()) m_next_label = label;
    }
    // What the next item is, when ImGui cannot tell (a radio button drawn as a card) or does
    // not say (a clipped item gets no ItemInfo). `checked` for Checkbox and Radio.
    void role_next_item(SemanticRole role, bool checked = false, bool multiline = false);
    // Help shown with the next item (its description).
    void describe_next_item(std::string_view description) { m_next.description = description; }
    // The text the next item (a text field) holds.
    void set_next_item_value(std::string_view value) { m_next.value = value; }
    // The problem shown at the next item, in words; marks it invalid.
    void set_next_item_error(std::string_view message);
    // Words drawn without an id: `role` Heading, Text or Status; the rect is where they are.
    void add_text(SemanticRole role, std::string_view text, const SemanticRect& rect, int level = 0);
    void add_progress(std::string_view words, int now, int max, const SemanticRect& rect);
    // Items added until end_group() belong to a Group or Dialog named `label`.
    void begin_group(SemanticRole role, std::string_view label);
    void end_group();
    // While muted, add_text() records nothing: a field's label and help drawn as text above it
    // are its name and description, not text of their own.
    void mute_text(bool muted) { m_text_muted = muted; }

    // A number that grows whenever the published items changed in a way a person notices.
    std::uint64_t generation() const { return m_generation; }

    // [SECTION] Actions from outside ImGui
    enum class Action { Focus, Activate, Edit };
    void request_action(std::uint32_t id, Action action);
    // True while an action waits for its item or for the frame that carries it out: the app keeps
    // drawing until then.
    bool action_pending() const { return m_action_id != 0 || m_frames_wanted > 0 || m_edit_id != 0; }

    // Called by the hooks (item_registry.cpp); not for app code.
    void on_item_add(std::uint32_t id, float x0, float y0, float x1, float y1, bool disabled);
    void on_item_info(std::uint32_t id, const char* label, int status_flags);
    void on_frame_begin();
    void on_frame_end();
    const char* debug_label(std::uint32_t id) const;

private:
    // id -> position in m_current, for this frame: open addressing over a power-of-two table
    // that only grows, so a frame neither allocates nor frees (std::unordered_map did both for
    // every item). Id 0 marks a free slot (ImGui gives no item the id 0).
    class IdIndex {
    public:
        void clear(std::size_t expected);
        std::uint32_t* find(std::uint32_t id);
        void insert(std::uint32_t id, std::uint32_t position);
    private:
        std::vector<std::uint32_t> m_ids;
        std::vector<std::uint32_t> m_positions;
        std::size_t m_size = 0;
        void grow();
    };

    ImGuiContext* m_context = nullptr;
    std::vector<SemanticItem> m_current;   // this frame's items are the first m_count
    std::size_t m_count = 0;
    std::vector<SemanticItem> m_published;
    IdIndex m_index;
    std::string m_next_label;
    bool m_next_invalid = false;
    // What role_next_item()/describe_next_item()/set_next_item_error() said about the next item.
    struct NextItem {
        bool has_role = false;
        SemanticRole role = SemanticRole::Other;
        bool checked = false;
        bool multiline = false;
        std::string description;
        std::string error;
        std::string value;
        // Forgets what was said, keeping the strings' capacity.
        void reset() {
            has_role = checked = multiline = false;
            role = SemanticRole::Other;
            description.clear();
            error.clear();
            value.clear();
        }
    } m_next;
    std::vector<std::uint32_t> m_groups;   // open begin_group()s, innermost last
    bool m_text_muted = false;
    std::uint64_t m_generation = 0;
    std::uint32_t m_action_id = 0;
    Action m_action = Action::Focus;
    int m_action_frames = 0;               // frames the action has waited for its item
    bool m_action_scrolled = false;
    int m_frames_wanted = 0;
    // An Edit is done when its field is ImGui's active item, not when it was asked for: the ask
    // can be lost (another field's edit ending in the same frames), so the field is asked again
    // while it is on the screen and not yet in edit, a few times, counted in frames.
    std::uint32_t m_edit_id = 0;
    int m_edit_frames = 0;                 // frames since the last ask was carried out
    int m_edit_asks = 0;                   // asks carried out for this Edit

    // A fresh item at the end of this frame's list, reusing an old slot's strings.
    SemanticItem& new_item();
    void add_annotated(SemanticItem& item);
    SemanticItem* find_current(std::uint32_t id);
    void carry_out_action(std::uint32_t id, const ImRect& rect);
    void check_edit(const ImGuiContext& g);
    bool noticeably_changed() const;
};

} // namespace idekort::ui

// ItemRegistry and our implementation of ImGui's item hooks (see item_registry.h).
//
// Facts this relies on (ImGui 1.90.1, measured in CANVAS-A11Y.md):
// - ItemAdd fires for every item with an id, clipped ones included; item_data is NULL for
//   windows, which we drop. InputTextMultiline fires it twice with the same id.
// - ItemInfo fires at the end of most widgets only when not clipped; its label still carries
//   "##suffix", which FindRenderedTextEnd() cuts.
// - Button, Selectable and RadioButton report the same flags; all are "button" here unless the
//   kit said otherwise (role_next_item).
// - ActivateItemByID presses a button or toggles a check box at the next NewFrame; a text field
//   needs the PreferInput | TryToPreserveState flags too. A clipped item cannot be activated, so
//   an action first scrolls its item into view.
// - ItemAdd calls its hook before it tests the window's ClipRect, which is then the clip the item
//   is drawn under (a table column's, a child window's); a selectable with SpanAllColumns widens
//   it to the row for that call and later reports ImGuiItemStatusFlags_HasClipRect (so does a
//   tree node spanning all columns): that flag is how a table row is told from a button.
#include "app/ui/item_registry.h"

#include <algorithm>
#include <utility>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"

namespace idekort::ui {

namespace {

ItemRegistry* registry_of(ImGuiContext* ctx) { return static_cast<ItemRegistry*>(ctx->TestEngine); }

// The part of `bb` that `window` draws: ImGui's current clip rect (the window's inside, a
// scrolling child, a table column; a row-spanning selectable widens it to the whole row before
// its ItemAdd) cut with the item's box. All of `bb` without a window; zero-sized at bb's corner
// when nothing of it is drawn. A box of zero height inside the clip (a group's marker) stays as
// it is, so it does not read as clipped.
SemanticRect shown_part(const ImRect& bb, const ImGuiWindow* window) {
    if (!window) return {bb.Min.x, bb.Min.y, bb.GetWidth(), bb.GetHeight()};
    const ImRect& clip = window->ClipRect;
    const float x0 = ImMax(bb.Min.x, clip.Min.x), y0 = ImMax(bb.Min.y, clip.Min.y);
    const float x1 = ImMin(bb.Max.x, clip.Max.x), y1 = ImMin(bb.Max.y, clip.Max.y);
    if (x1 < x0 || y1 < y0) return {bb.Min.x, bb.Min.y, 0, 0};
    return {x0, y0, x1 - x0, y1 - y0};
}

bool same_rect(const SemanticRect& a, const SemanticRect& b) {
    return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
}

void hook_frame_begin(ImGuiContext* ctx, ImGuiContextHook* hook) {
    if (ctx->TestEngine == hook->UserData) registry_of(ctx)->on_frame_begin();
}
void hook_frame_end(ImGuiContext* ctx, ImGuiContextHook* hook) {
    if (ctx->TestEngine == hook->UserData) registry_of(ctx)->on_frame_end();
}

} // namespace

ItemRegistry::~ItemRegistry() { detach(); }

void ItemRegistry::attach(ImGuiContext* context) {
    detach();
    m_context = context;
    context->TestEngine = this;
    context->TestEngineHookItems = true;
    ImGuiContextHook begin;
    begin.Type = ImGuiContextHookType_NewFramePost;
    begin.Callback = hook_frame_begin;
    begin.UserData = this;
    ImGui::AddContextHook(context, &begin);
    ImGuiContextHook end;
    end.Type = ImGuiContextHookType_EndFramePost;
    end.Callback = hook_frame_end;
    end.UserData = this;
    ImGui::AddContextHook(context, &end);
}

void ItemRegistry::detach() {
    if (!m_context) return;
    // The context's hooks check TestEngine == this, so clearing it disarms them even if the
    // context outlives us; RemoveContextHook needs the hook ids, which we do not need to keep.
    m_context->TestEngine = nullptr;
    m_context->TestEngineHookItems = false;
    m_context = nullptr;
}

ItemRegistry* ItemRegistry::current() {
    ImGuiContext* ctx = ImGui::GetCurrentContext();
    return ctx ? registry_of(ctx) : nullptr;
}

// [SECTION] IdIndex: the frame's ids, without allocating in a steady frame

void ItemRegistry::IdIndex::clear(std::size_t expected) {
    // Room for twice the items of the last frame: probes stay short, and the table only grows.
    std::size_t capacity = m_ids.empty() ? 64 : m_ids.size();
    while (capacity < expected * 2) capacity *= 2;
    if (capacity != m_ids.size()) {
        m_ids.assign(capacity, 0);
        m_positions.assign(capacity, 0);
    } else {
        std::fill(m_ids.begin(), m_ids.end(), 0u);
    }
    m_size = 0;
}

std::uint32_t* ItemRegistry::IdIndex::find(std::uint32_t id) {
    if (id == 0 || m_ids.empty()) return nullptr;
    const std::size_t mask = m_ids.size() - 1;
    for (std::size_t at = id & mask;; at = (at + 1) & mask) {
        if (m_ids[at] == id) return &m_positions[at];
        if (m_ids[at] == 0) return nullptr;
    }
}

void ItemRegistry::IdIndex::insert(std::uint32_t id, std::uint32_t position) {
    if (m_ids.empty() || (m_size + 1) * 2 > m_ids.size()) grow();
    const std::size_t mask = m_ids.size() - 1;
    std::size_t at = id & mask;
    while (m_ids[at] != 0 && m_ids[at] != id) at = (at + 1) & mask;
    if (m_ids[at] == 0) ++m_size;
    m_ids[at] = id;
    m_positions[at] = position;
}

void ItemRegistry::IdIndex::grow() {
    std::vector<std::uint32_t> ids(std::max<std::size_t>(64, m_ids.size() * 2), 0), positions(ids.size(), 0);
    ids.swap(m_ids);
    positions.swap(m_positions);
    m_size = 0;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] != 0) insert(ids[i], positions[i]);
}

// [SECTION] Recording

void ItemRegistry::on_frame_begin() {
    m_count = 0;
    m_index.clear(m_published.size());
    m_next_label.clear();
    m_next_invalid = false;
    m_next.reset();
    m_groups.clear();
    m_text_muted = false;
}

void ItemRegistry::role_next_item(SemanticRole role, bool checked, bool multiline) {
    m_next.has_role = true;
    m_next.role = role;
    m_next.checked = checked;
    m_next.multiline = multiline;
}

void ItemRegistry::set_next_item_error(std::string_view message) {
    m_next.error = message;
    m_next_invalid = true;
}

SemanticItem& ItemRegistry::new_item() {
    if (m_count == m_current.size()) m_current.emplace_back();
    SemanticItem& item = m_current[m_count++];
    // Every field back to its default; the strings keep their capacity for this frame's words.
    item.id = 0;
    item.label.clear();
    item.role = SemanticRole::Other;
    item.rect = {};
    item.shown = {};
    item.cut = item.row = false;
    item.visible = item.disabled = item.focused = item.active = item.checked = item.invalid = item.multiline = false;
    item.level = item.value_now = item.value_max = 0;
    item.parent = 0;
    item.description.clear();
    item.error.clear();
    item.value.clear();
    return item;
}

SemanticItem* ItemRegistry::find_current(std::uint32_t id) {
    // ItemInfo nearly always follows its own ItemAdd: try the last item before the table.
    if (m_count > 0 && m_current[m_count - 1].id == id) return &m_current[m_count - 1];
    const std::uint32_t* at = m_index.find(id);
    return at && *at < m_count ? &m_current[*at] : nullptr;
}

void ItemRegistry::add_annotated(SemanticItem& item) {
    // Ids from the words, the role, the group and ImGui's id stack (as ImGui names a widget), so
    // a heading keeps its id from frame to frame; the same words twice in one scope get the next
    // id along. The id stack matters for cost too: the same line in each of 125 PushID scopes
    // (a list) would otherwise walk a chain of collisions that grows with every line.
    const ImGuiWindow* window = GImGui->CurrentWindow;
    const ImGuiID scope = window && !window->IDStack.empty() ? window->IDStack.back() : 0;
    ImGuiID id = ImHashStr(item.label.c_str(), item.label.size(), scope + static_cast<ImGuiID>(item.role) * 7919u + item.parent);
    while (id == 0 || m_index.find(id)) id = ImHashData(&id, sizeof id, 0x9E3779B9u);
    item.id = id;
    if (!m_groups.empty() && item.parent == 0) item.parent = m_groups.back();
    const ImRect box(item.rect.x, item.rect.y, item.rect.x + item.rect.width, item.rect.y + item.rect.height);
    item.visible = !window || window->ClipRect.Overlaps(box);
    item.shown = shown_part(box, window);
    item.cut = !same_rect(item.shown, item.rect);
    m_index.insert(id, static_cast<std::uint32_t>(m_count - 1));
}

void ItemRegistry::add_text(SemanticRole role, std::string_view text, const SemanticRect& rect, int level) {
    if (text.empty() || (m_text_muted && role == SemanticRole::Text)) return;
    SemanticItem& item = new_item();
    item.role = role;
    item.label.assign(text);
    item.rect = rect;
    item.level = level;
    add_annotated(item);
}

void ItemRegistry::add_progress(std::string_view words, int now, int max, const SemanticRect& rect) {
    SemanticItem& item = new_item();
    item.role = SemanticRole::Progress;
    item.label.assign(words);
    item.rect = rect;
    item.value_now = now;
    item.value_max = max;
    add_annotated(item);
}

void ItemRegistry::begin_group(SemanticRole role, std::string_view label) {
    SemanticItem& item = new_item();
    item.role = role;
    item.label.assign(label);
    if (const ImGuiWindow* window = GImGui->CurrentWindow) {
        const ImVec2 at = window->DC.CursorPos;
        item.rect = {at.x, at.y, window->WorkRect.GetWidth(), 0};
    }
    add_annotated(item);
    m_groups.push_back(item.id);
}

void ItemRegistry::end_group() {
    if (!m_groups.empty()) m_groups.pop_back();
}

void ItemRegistry::request_action(std::uint32_t id, Action action) {
    // The mirror focuses the field it asked into edit (its DOM twin has the focus): that Focus
    // must not undo the Edit, waiting or being checked.
    const bool editing = (m_action_id == id && m_action == Action::Edit) || m_edit_id == id;
    if (action == Action::Focus && editing) action = Action::Edit;
    // Another field, or another kind of ask, ends the check; the same Edit asked again keeps its count.
    if (action != Action::Edit || id != m_edit_id) m_edit_id = 0;
    m_action_id = id;
    m_action = action;
    m_action_frames = 0;
    m_action_scrolled = false;
}

void ItemRegistry::on_item_add(std::uint32_t id, float x0, float y0, float x1, float y1, bool disabled) {
    if (id == 0 || find_current(id)) return; // multiline: same id twice
    SemanticItem& item = new_item();
    item.id = id;
    item.rect = {x0, y0, x1 - x0, y1 - y0};
    // ItemAdd calls its hook before it tests the clip rect, so the window's ClipRect is the one
    // the item is drawn (or not drawn) under.
    item.shown = shown_part(ImRect(x0, y0, x1, y1), m_context ? m_context->CurrentWindow : nullptr);
    item.cut = !same_rect(item.shown, item.rect);
    item.disabled = disabled;
    // Copied, not moved: the item's and the annotations' strings both keep their capacity.
    if (!m_next_label.empty()) {
        item.label.assign(m_next_label);
        m_next_label.clear();
    }
    item.invalid = std::exchange(m_next_invalid, false);
    if (m_next.has_role) {
        item.role = m_next.role;
        item.checked = m_next.checked;
        item.multiline = m_next.multiline;
    }
    item.description.assign(m_next.description);
    item.error.assign(m_next.error);
    item.value.assign(m_next.value);
    m_next.reset();
    if (!m_groups.empty()) item.parent = m_groups.back();
    m_index.insert(id, static_cast<std::uint32_t>(m_count - 1));
    if (id == m_action_id) carry_out_action(id, ImRect(x0, y0, x1, y1));
}

void ItemRegistry::on_item_info(std::uint32_t id, const char* label, int flags) {
    SemanticItem* found = find_current(id);
    if (!found) return;
    SemanticItem& item = *found;
    item.visible = true;
    // ImGui sets HasClipRect only for a selectable or tree node spanning all of a table's
    // columns: a row, whose words sit on the row's own fill.
    if (flags & ImGuiItemStatusFlags_HasClipRect) item.row = true;
    if (item.label.empty() && label) item.label.assign(label, ImGui::FindRenderedTextEnd(label));
    const bool checked = (flags & (ImGuiItemStatusFlags_Checked | ImGuiItemStatusFlags_Opened)) != 0;
    if (item.role == SemanticRole::Checkbox) item.checked = checked;   // declared by the kit, state from ImGui
    if (item.role != SemanticRole::Other) return;                     // the kit said what it is
    if (flags & ImGuiItemStatusFlags_Inputable) item.role = SemanticRole::TextInput;
    else if (flags & ImGuiItemStatusFlags_Checkable) item.role = SemanticRole::Checkbox;
    else if (flags & ImGuiItemStatusFlags_Openable) item.role = SemanticRole::Disclosure;
    else item.role = SemanticRole::Button;
    item.checked = checked;
}

void ItemRegistry::on_frame_end() {
    const ImGuiContext& g = *m_context;
    for (std::size_t i = 0; i < m_count; ++i) {
        SemanticItem& item = m_current[i];
        item.active = item.id == g.ActiveId;
        item.focused = item.id == g.NavId && g.NavWindow != nullptr;
        // A slider also reports Inputable; only InputText keeps an InputTextState for its id.
        if (item.role == SemanticRole::TextInput && item.active && g.InputTextState.ID != item.id && !item.multiline)
            item.role = SemanticRole::Slider;
    }
    const bool changed = noticeably_changed();
    // Slots past this frame's items go (a screen with fewer items); then this frame is published
    // and the last one's slots are next frame's storage.
    m_current.resize(m_count);
    m_published.swap(m_current);
    // Between frames (ImGui's NewFrame submits its own windows before our hook opens the next
    // frame) nothing is this frame's: hooks then find no item.
    m_count = 0;
    if (changed) ++m_generation;
    // An action whose item did not come for a few frames (the screen changed) is dropped.
    if (m_action_id != 0 && ++m_action_frames > 4) m_action_id = 0;
    if (m_frames_wanted > 0) --m_frames_wanted;
    check_edit(g);
}

void ItemRegistry::check_edit(const ImGuiContext& g) {
    if (m_edit_id == 0 || m_action_id == m_edit_id) return;   // none, or an ask on its way
    if (g.ActiveId == m_edit_id) {
        m_edit_id = 0;   // in edit: done
        return;
    }
    // The activation is carried out at the next NewFrame and the field takes it while it is
    // drawn, so it shows at the end of the frame after the ask.
    if (++m_edit_frames < 2) return;
    bool on_screen = false;
    for (const SemanticItem& item : m_published) on_screen = on_screen || item.id == m_edit_id;
    constexpr int most_asks = 5;
    if (!on_screen || m_edit_asks >= most_asks) {
        m_edit_id = 0;   // the screen changed, or the field will not take the edit
        return;
    }
    request_action(m_edit_id, Action::Edit);   // asked again: the same Edit keeps its count
}

namespace {

// The state bits a person notices: never hover; "active" only for a field being typed into.
int noticed_state(const SemanticItem& it) {
    return it.visible | it.disabled << 1 | it.focused << 2 | (it.active && it.role == SemanticRole::TextInput) << 3 |
           it.checked << 4 | it.invalid << 5 | it.multiline << 6 | it.row << 7 | it.cut << 8;
}

bool same_pixels(const SemanticRect& a, const SemanticRect& b) {
    // Rects to whole pixels: a scroll moves them, sub-pixel jitter does not count.
    return static_cast<int>(a.x) == static_cast<int>(b.x) && static_cast<int>(a.y) == static_cast<int>(b.y) &&
           static_cast<int>(a.width) == static_cast<int>(b.width) && static_cast<int>(a.height) == static_cast<int>(b.height);
}

} // namespace

bool ItemRegistry::noticeably_changed() const {
    // This frame (m_current's first m_count) against the last published one, stopping at the
    // first difference; a frame like the last compares each string once (a memcmp).
    if (m_count != m_published.size()) return true;
    for (std::size_t i = 0; i < m_count; ++i) {
        const SemanticItem& a = m_current[i];
        const SemanticItem& b = m_published[i];
        if (a.id != b.id || a.role != b.role || noticed_state(a) != noticed_state(b) || !same_pixels(a.rect, b.rect) ||
            !same_pixels(a.shown, b.shown) ||
            a.level != b.level || a.value_now != b.value_now || a.value_max != b.value_max || a.parent != b.parent ||
            a.label != b.label || a.value != b.value || a.error != b.error || a.description != b.description)
            return true;
    }
    return false;
}

void ItemRegistry::carry_out_action(std::uint32_t id, const ImRect& rect) {
    ImGuiContext& g = *m_context;
    ImGuiWindow* window = g.CurrentWindow;
    if (!window) return;
    // A clipped item cannot be pressed or focused: bring it into view, and act a frame later.
    if (!window->ClipRect.Contains(rect) && !m_action_scrolled) {
        ImGui::ScrollToRectEx(window, rect, ImGuiScrollFlags_KeepVisibleEdgeY);
        m_action_scrolled = true;
        m_frames_wanted = 3;
        return;
    }
    ImGui::SetFocusID(id, window);
    // The nav highlight is ImGui's focus ring: show it, as for keyboard focus.
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    if (m_action == Action::Activate || m_action == Action::Edit) {
        ImGui::ActivateItemByID(id);
        if (m_action == Action::Edit) {
            g.NavNextActivateFlags = ImGuiActivateFlags_PreferInput | ImGuiActivateFlags_TryToPreserveState;
            if (m_edit_id != id) m_edit_asks = 0;
            m_edit_id = id;
            m_edit_frames = 0;
            ++m_edit_asks;
        }
    }
    m_action_id = 0;
    m_frames_wanted = 3;   // the activation happens at the next NewFrame; then its result is drawn
}

const char* ItemRegistry::debug_label(std::uint32_t id) const {
    for (const auto& item : m_published)
        if (item.id == id) return item.label.c_str();
    return nullptr;
}

} // namespace idekort::ui

// [SECTION] ImGui's hook entry points (declared in imgui_internal.h)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item_data) {
    if (!item_data || !ctx->TestEngine) return; // windows have no item data
    const bool disabled = (item_data->InFlags & ImGuiItemFlags_Disabled) != 0;
    idekort::ui::registry_of(ctx)->on_item_add(id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, disabled);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (ctx->TestEngine) idekort::ui::registry_of(ctx)->on_item_info(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext* ctx, ImGuiID id) {
    return ctx->TestEngine ? idekort::ui::registry_of(ctx)->debug_label(id) : nullptr;
}

// KeyboardView (see keyboard_view.h).
#include "app/ui/keyboard_view.h"

#include "app/ui/item_registry.h"
#include "app/ui/theme.h"

#include "imgui.h"
#include "imgui_internal.h"

#include <algorithm>

namespace idekort::ui {

namespace {
constexpr float key_height = 64.0f;   // logical px: well above 44 for gloved fingers
constexpr float key_gap = 6.0f;
constexpr float padding = 8.0f;
} // namespace

float KeyboardView::height(float ui_scale) const {
    const auto rows = static_cast<float>(m_keyboard.rows().size());
    return (rows * key_height + (rows - 1) * key_gap + padding * 2) * ui_scale;
}

bool KeyboardView::intercept() {
    ImGuiIO& io = ImGui::GetIO();
    if (!io.MouseDown[0]) m_pressed = -1;
    if (m_top < 0 || !io.MouseClicked[0] || io.MousePos.y < m_top) return false;
    // The press is the keyboard's: no widget beneath may see it, or the field would close.
    io.MouseClicked[0] = false;
    io.MouseClickedCount[0] = 0;
    io.MouseDoubleClicked[0] = false;
    for (std::size_t i = 0; i < m_rects.size(); ++i) {
        const KeyRect& r = m_rects[i];
        if (io.MousePos.x < r.x0 || io.MousePos.x >= r.x1 || io.MousePos.y < r.y0 || io.MousePos.y >= r.y1) continue;
        m_pressed = static_cast<int>(i);
        const KeyboardKey& key = m_keyboard.rows()[static_cast<std::size_t>(r.row)][static_cast<std::size_t>(r.column)];
        const KeyOutput out = m_keyboard.press(key);
        if (!out.text.empty()) io.AddInputCharactersUTF8(out.text.c_str());
        const auto tap = [&](ImGuiKey k) { io.AddKeyEvent(k, true); io.AddKeyEvent(k, false); };
        if (out.backspace) tap(ImGuiKey_Backspace);
        if (out.enter) tap(ImGuiKey_Enter);
        if (out.hide) m_hidden_by_user = true;
        return true;
    }
    return true; // the gap between keys: swallowed too, so a near miss never closes the field
}

float KeyboardView::draw(bool shown, const UiStrings& strings, ItemRegistry& registry, float ui_scale) {
    m_rects.clear();
    m_top = -1;
    if (!shown || m_hidden_by_user) return 0;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float h = height(ui_scale);
    const float top = viewport->WorkPos.y + viewport->WorkSize.y - h;
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x, top));
    ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, h));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.85f, 0.87f, 0.89f, 1.0f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(padding * ui_scale, padding * ui_scale));
    ImGui::Begin("##keyboard", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    m_top = top;

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float gap = key_gap * ui_scale;
    const float key_h = key_height * ui_scale;
    // Wide screens get a keyboard of a comfortable width, centred, not keys a hand wide.
    const float full = viewport->WorkSize.x - padding * 2 * ui_scale;
    const float width = std::min(full, 1100.0f * ui_scale);
    const float left = viewport->WorkPos.x + padding * ui_scale + (full - width) / 2;
    const auto& rows = m_keyboard.rows();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float units = 0;
        for (const KeyboardKey& k : rows[r]) units += k.width;
        const float unit = (width - gap * static_cast<float>(rows[r].size() - 1)) / units;
        float x = left;
        const float y = top + padding * ui_scale + static_cast<float>(r) * (key_h + gap);
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const KeyboardKey& key = rows[r][c];
            const float w = unit * key.width;
            const ImRect bb(ImVec2(x, y), ImVec2(x + w, y + key_h));
            const std::string caption = key.action == KeyAction::Text ? m_keyboard.label(key) : strings(key.caption_key);
            const bool latched = (key.action == KeyAction::Shift && m_keyboard.shift()) ||
                                 (key.action == KeyAction::CapsLock && m_keyboard.caps_lock());
            const bool pressed = m_pressed == static_cast<int>(m_rects.size());
            ImU32 fill = key.action == KeyAction::Text || key.action == KeyAction::Space ? IM_COL32(255, 255, 255, 255)
                                                                                       : IM_COL32(0xC9, 0xD3, 0xDD, 255);
            if (latched || pressed) fill = IM_COL32(0x00, 0x45, 0x7E, 255);
            draw->AddRectFilled(bb.Min, bb.Max, fill, 6 * ui_scale);
            draw->AddRect(bb.Min, bb.Max, IM_COL32(0x6B, 0x6B, 0x6B, 255), 6 * ui_scale);
            const ImVec2 ts = ImGui::CalcTextSize(caption.c_str());
            draw->AddText(ImVec2(bb.Min.x + (w - ts.x) / 2, bb.Min.y + (key_h - ts.y) / 2),
                          latched || pressed ? IM_COL32(255, 255, 255, 255) : IM_COL32(0x1A, 0x1A, 0x1A, 255), caption.c_str());
            // Registered for tests and the accessibility mirror; never focusable, never active.
            const ImGuiID id = ImGui::GetCurrentWindow()->GetID(static_cast<int>(r * 100 + c));
            registry.label_next_item(caption);
            ImGui::ItemAdd(bb, id, nullptr, ImGuiItemFlags_NoNav);
            ImGuiContext& g = *GImGui; // IMGUI_TEST_ENGINE_ITEM_INFO expects it by this name
            IMGUI_TEST_ENGINE_ITEM_INFO(id, caption.c_str(), 0);
            m_rects.push_back({bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y, static_cast<int>(r), static_cast<int>(c)});
            x += w + gap;
        }
    }
    ImGui::End();
    return h;
}

} // namespace idekort::ui

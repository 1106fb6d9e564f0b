// The join link's QR code (see qr_view.h).
#include "app/wall/qr_view.h"

#include "app/ui/item_registry.h"

#include <qrcodegen/qrcodegen.hpp>

#include "imgui.h"

#include <cmath>

namespace idekort::wall {

QrModules encode_qr(const std::string& text) {
    QrModules out;
    // The library says "too long" by throwing, and the browser build does not catch (an exception
    // there ends the app): what no QR code can hold (version 40 at medium correction holds
    // 2,331 bytes) is never handed to it. A join link is some 50 bytes.
    if (text.size() > max_qr_bytes) return out;
    try {
        const qrcodegen::QrCode qr = qrcodegen::QrCode::encodeText(text.c_str(), qrcodegen::QrCode::Ecc::MEDIUM);
        out.side = qr.getSize();
        out.dark.resize(static_cast<std::size_t>(out.side * out.side));
        for (int y = 0; y < out.side; ++y)
            for (int x = 0; x < out.side; ++x) out.dark[static_cast<std::size_t>(y * out.side + x)] = qr.getModule(x, y);
    } catch (const qrcodegen::data_too_long&) {
        out = {};
    }
    return out;
}

void draw_qr(const QrModules& qr, float size, const std::string& label) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + size, at.y + size), IM_COL32(255, 255, 255, 255));
    if (qr.side > 0) {
        constexpr int quiet = 4;
        // Whole pixels per module: a module split across pixels blurs and decoders miss it.
        const float module = std::floor(size / static_cast<float>(qr.side + 2 * quiet));
        const float margin = std::floor((size - module * static_cast<float>(qr.side)) / 2);
        const ImVec2 origin(std::floor(at.x + margin), std::floor(at.y + margin));
        for (int y = 0; y < qr.side; ++y)
            for (int x = 0; x < qr.side; ++x)
                if (qr.at(x, y)) {
                    const ImVec2 a(origin.x + module * static_cast<float>(x), origin.y + module * static_cast<float>(y));
                    draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
                }
    }
    ImGui::Dummy(ImVec2(size, size));
    if (ui::ItemRegistry* registry = ui::ItemRegistry::current())
        registry->add_text(SemanticRole::Text, label, SemanticRect{at.x, at.y, size, size});
}

} // namespace idekort::wall

// The join link's QR code (see qr_view.h).
#include "app/wall/qr_view.h"

#include "app/ui/item_registry.h"
#include "common/text.h"

#include <qrcodegen/qrcodegen.hpp>

#include "imgui.h"

#include <cmath>

namespace idekort::wall {

std::string qr_print_sheet_svg(const QrModules& qr, const std::vector<std::string>& lines) {
    // Millimetres on A4. The code's modules in one path, each a unit square at its place in a
    // group scaled to 120 mm (quiet zone of four modules included).
    const auto line = [&](std::size_t i) { return i < lines.size() ? text::markup_escaped(lines[i]) : std::string(); };
    const int span = qr.side + 8;
    std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\">\n"
                      "<rect width=\"210\" height=\"297\" fill=\"#fff\"/>\n"
                      "<g font-family=\"Noto Sans, DejaVu Sans, sans-serif\" text-anchor=\"middle\" fill=\"#111\">\n"
                      "<text x=\"105\" y=\"30\" font-size=\"11\" font-weight=\"bold\">" + line(0) + "</text>\n"
                      "<text x=\"105\" y=\"192\" font-size=\"16\" font-weight=\"bold\">" + line(1) + "</text>\n"
                      "<text x=\"105\" y=\"210\" font-size=\"6\">" + line(2) + "</text>\n"
                      "<text x=\"105\" y=\"220\" font-size=\"6\">" + line(3) + "</text>\n</g>\n";
    if (qr.side > 0) {
        svg += "<g transform=\"translate(45 45) scale(" + std::to_string(120.0 / span) + ")\"><path fill=\"#000\" d=\"";
        for (int y = 0; y < qr.side; ++y)
            for (int x = 0; x < qr.side; ++x)
                if (qr.at(x, y)) svg += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
        svg += "\"/></g>\n";
    }
    return svg + "</svg>\n";
}

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

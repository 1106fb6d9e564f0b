// ThanksScreen drawing (see thanks_screen.h).
#include "app/capture/thanks_screen.h"

#include "imgui.h"

#include <algorithm>

namespace idekort::capture {

bool ThanksScreen::draw(const std::string& receipt, bool received, ScreenContext& ctx) {
    const float s = ctx.ui_scale;
    begin_screen("##thanks", ctx, 0);
    const float cw = ctx.content_width;
    heading_text(ctx("thanks.heading"), ctx.fonts, cw);
    gap(12, s);
    wrapped_text(ctx("thanks.receipt_label"), cw);
    // The code in a box, about three times body size: read aloud over the phone, copied by hand.
    // On a phone it shrinks to fit the width rather than run off the screen.
    const float pad = 18 * s;
    ImGui::PushFont(ctx.fonts.display);
    const float natural = ImGui::CalcTextSize(receipt.c_str()).x;
    ImGui::SetWindowFontScale(std::min(1.0f, natural > 0 ? (cw - pad * 2) / natural : 1.0f));
    const ImVec2 size = ImGui::CalcTextSize(receipt.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x + pad * 2, at.y + size.y + pad * 2), IM_COL32(0xE3, 0xEB, 0xF3, 255), 10 * s);
    ImGui::SetCursorScreenPos(ImVec2(at.x + pad, at.y + pad));
    ImGui::TextUnformatted(receipt.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + size.y + pad * 2 + ImGui::GetStyle().ItemSpacing.y));
    help_text(ctx("thanks.receipt_help"), cw);
    gap(10, s);
    wrapped_text(ctx(received ? "thanks.received" : "thanks.queued"), cw);
    gap(16, s);
    const bool done = big_button(ctx("thanks.done"), std::min(cw, 320 * s), s, true);
    touch_scroll(m_scroll, s);
    end_screen();
    return done;
}

} // namespace idekort::capture

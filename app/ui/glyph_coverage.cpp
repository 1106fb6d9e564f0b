// GlyphCoverage (see glyph_coverage.h).
#include "app/ui/glyph_coverage.h"

#include "imgui.h"

namespace idekort::ui {

namespace {

// Decodes one UTF-8 sequence at `i`, advancing it; invalid bytes give U+FFFD (the app keeps
// its text valid, this is only a guard).
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < length; ++k) c = (c << 6) | (byte(i + k) & 0x3F);
    i += length;
    return c;
}

// The first and last code point merged when `c` is needed.
std::pair<char32_t, char32_t> span_for(char32_t c) {
    if (c < 0x2000) return {c & ~0x7Fu, c | 0x7Fu};
    return {c, c};
}

} // namespace

ExtraGlyphs extra_glyphs_for(char32_t c) {
    const bool symbol = (c >= 0x2190 && c < 0x2C00) || c == 0x200D || c == 0x20E3 || (c >= 0x3000 && c < 0x3300) ||
                        (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F000 && c < 0x1FB00) || (c >= 0xE0000 && c < 0xE0080);
    return symbol ? ExtraGlyphs::Symbols : ExtraGlyphs::Letters;
}

void GlyphCoverage::note(std::string_view utf8, const ImFont* font) {
    if (!font) return;
    for (std::size_t i = 0; i < utf8.size();) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) { // ASCII is always in the atlas
            ++i;
            continue;
        }
        const char32_t c = next_code_point(utf8, i);
        if (c > IM_UNICODE_CODEPOINT_MAX || (c >= 0x80 && c < 0xA0)) continue;
        if (font->FindGlyphNoFallback(static_cast<ImWchar>(c))) continue;
        m_missing.insert(c);
        if (!m_asked.count(c)) m_new.insert(c);
    }
}

bool GlyphCoverage::needs(ExtraGlyphs which) const {
    for (char32_t c : m_new)
        if (extra_glyphs_for(c) == which) return true;
    return false;
}

std::vector<ImWchar32> GlyphCoverage::take_ranges(const std::array<bool, extra_glyph_assets.size()>& available) {
    for (auto it = m_new.begin(); it != m_new.end();) {
        if (!available[static_cast<std::size_t>(extra_glyphs_for(*it))]) {
            ++it;
            continue;
        }
        const auto [first, last] = span_for(*it);
        for (char32_t k = first; k <= last; ++k) m_asked.insert(k);
        it = m_new.erase(it);
    }
    // Letters bring U+FFFD along: ImGui then draws what no font has (Arabic, CJK) as the
    // replacement character instead of a question mark that reads as punctuation.
    m_asked.insert(0xFFFD);
    std::vector<ImWchar32> ranges;
    for (char32_t c : m_asked) {
        if (!ranges.empty() && ranges.back() + 1 == c) ranges.back() = c;
        else {
            ranges.push_back(c);
            ranges.push_back(c);
        }
    }
    ranges.push_back(0);
    return ranges;
}

} // namespace idekort::ui

// GlyphCoverage: which characters of the text on screen the font atlas cannot draw yet, and
// which extra font files would draw them (issue 12, point 4).
//
// The first download carries Noto Sans for Danish and English only (Latin-1, Latin Extended-A,
// typography): every other character a person may type (Greek, Cyrillic, the rest of Latin,
// emoji) would be ImGui's fallback '?'. Two extra files cover them: the rest of Noto Sans for
// letters, and Symbola's emoji and symbols (monochrome). The app notes the text it draws and
// edits; when it holds a character the atlas lacks, the app loads the file that covers it
// (natively from disk, in the browser fetched once and cached by the service worker) and
// rebuilds the atlas with exactly the characters needed merged into the body font.
// Letters are taken a block of 128 at a time (a Greek word brings the next Greek letter
// along, so typing does not rebuild the atlas at each new letter); symbols and emoji one by one.
#pragma once

#include "app/ui/theme.h"

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace idekort::ui {

// The extra font files, by asset name (assets/CMakeLists.txt makes them from Debian's fonts).
enum class ExtraGlyphs { Letters = 0, Symbols = 1 };
constexpr std::array<std::string_view, 2> extra_glyph_assets = {"glyphs/NotoSans-more.ttf", "glyphs/Symbola-emoji.ttf"};

// Which file covers `c`: Symbols for arrows, technical and dingbat symbols, emoji and their
// joiners and selectors; Letters for everything else.
ExtraGlyphs extra_glyphs_for(char32_t c);

class GlyphCoverage {
public:
    // Starts a frame's scan: what the last scan found missing is forgotten.
    void begin_scan() { m_missing.clear(); }
    // Notes UTF-8 text that is drawn or edited with `font`: every code point it lacks is
    // remembered (control characters excepted: ImGui draws no glyph for them).
    void note(std::string_view utf8, const ImFont* font);

    // Code points noted since the last rebuild that were never asked for.
    bool wants_more() const { return !m_new.empty(); }
    // Whether the new code points need the file `which`.
    bool needs(ExtraGlyphs which) const;
    // Takes the new code points whose file is `available` (by ExtraGlyphs) into the set to
    // merge and returns the ranges for ImGui: pairs of first and last, ending with 0
    // (Fonts::extra_ranges). The others stay new, for when their file arrives.
    std::vector<ImWchar32> take_ranges(const std::array<bool, extra_glyph_assets.size()>& available);

    // The code points the last scan found that the atlas lacks: what is drawn as '?' (or as
    // U+FFFD once the letters are merged), for tests and diagnostics.
    const std::set<char32_t>& missing() const { return m_missing; }

private:
    std::set<char32_t> m_asked;   // merged, or asked for (possibly in no font: Arabic, CJK)
    std::set<char32_t> m_new;     // missing and not asked for yet
    std::set<char32_t> m_missing;
};

} // namespace idekort::ui

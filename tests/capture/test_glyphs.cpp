// Issue 12, point 4: every character a person types is drawn. The real CaptureApp in the null
// runner with the built assets (the first download's Noto Sans subset and the extra glyph files
// from Debian's fonts): typing Danish loads nothing extra; an emoji, Greek and Cyrillic make the
// app load the file that covers them and rebuild the atlas, which then holds every glyph (none
// falls back to '?'), in the field, the review and the start screen's list of drafts.
#include "app_session.h"

#include "app/ui/glyph_coverage.h"
#include "tests/store/store_test_support.h"

#include "imgui.h"

#include <string>
#include <vector>

using namespace idekort;
using idekort::test::temp_database;

namespace {

std::vector<char32_t> code_points(std::string_view utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const unsigned char b = static_cast<unsigned char>(utf8[i]);
        const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(c);
        i += n;
    }
    return out;
}

// The code points of `text` that the body font (ImGui's default) would draw as its fallback.
std::vector<char32_t> undrawn(std::string_view text) {
    std::vector<char32_t> out;
    const ImFont* body = ImGui::GetIO().FontDefault;
    for (char32_t c : code_points(text))
        if (c >= 0x20 && !body->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.push_back(c);
    return out;
}

// Draws frames until the app reports no missing glyphs, at most `frames` of them.
bool settle_glyphs(test::AppSession& s, int frames = 12) {
    for (int i = 0; i < frames; ++i) {
        if (s.state()["glyphs"]["missing"].Size() == 0) return true;
        s.r().frame();
    }
    return s.state()["glyphs"]["missing"].Size() == 0;
}

std::string extra(test::AppSession& s, const char* which) { return s.state()["glyphs"][which].GetString(); }

const std::string bike_title = "Fælles elcykler 🚲";
const std::string greek = "Ελληνικά: ζωή, ψυχή, Ωμέγα";
const std::string cyrillic = "Кириллица: Ёжик, щука, Ђорђе, Їжак";
const std::string latin_more = "Łódź, Dvořák, Şişli, Nguyễn, ǅemal";
const std::string emoji = "❤️ 👍🏽 🇩🇰 👨‍👩‍👧 ☕ 🎉";

} // namespace

TEST_CASE("[glyphs] typed emoji, Greek, Cyrillic and Latin extensions are drawn, and loaded only when typed") {
    test::AppSession s(temp_database());
    s.press("Ny idé");
    s.press("Klima");
    s.press("Næste ›");
    s.type("Hvilken udfordring løser idéen?", "Ældre borgere i Århus venter på cykler.");
    s.r().frames(3);
    // Danish is in the first download: nothing extra is asked for.
    CHECK(extra(s, "letters") == "unasked");
    CHECK(extra(s, "symbols") == "unasked");
    CHECK(s.state()["glyphs"]["missing"].Size() == 0);

    s.type("Hvem har udfordringen?", greek + "\n" + cyrillic + "\n" + latin_more);
    s.press("Næste ›");
    s.type("Giv idéen en kort titel", bike_title);
    REQUIRE(s.state().card("title") == bike_title);
    REQUIRE(settle_glyphs(s));
    CHECK(extra(s, "letters") == "loaded");
    CHECK(extra(s, "symbols") == "loaded");
    CHECK(undrawn(bike_title).empty());
    CHECK(undrawn(greek).empty());
    CHECK(undrawn(cyrillic).empty());
    CHECK(undrawn(latin_more).empty());

    // More emoji, with their joiners, skin tones, flags and variation selectors: each is drawn
    // (as separate monochrome glyphs) or takes no room; none is a '?'.
    s.type("Giv idéen en kort titel", " " + emoji);
    REQUIRE(settle_glyphs(s));
    CHECK(undrawn(emoji).empty());

    // The draft on the start screen is drawn with the same glyphs.
    s.press("‹ Tilbage");
    s.press("‹ Tilbage");
    s.press("Afbryd");
    s.r().settle_store();
    s.r().frames(3);
    CHECK(s.app.screen() == capture::CaptureApp::Screen::Start);
    CHECK(settle_glyphs(s));
}

TEST_CASE("[glyphs] what no font covers (Arabic, CJK) is stored as typed and reported, and asks for no file again") {
    test::AppSession s(temp_database());
    s.press("Ny idé");
    s.press("Klima");
    s.press("Næste ›");
    const std::string text = "مرحبا 你好";
    s.type("Hvilken udfordring løser idéen?", text);
    s.r().frames(6);
    CHECK(s.state().card("challenge") == text);
    CHECK(extra(s, "letters") == "loaded");
    const auto& missing = s.state()["glyphs"]["missing"];
    CHECK(missing.Size() == 7); // 5 Arabic letters, 2 Han characters
    // Drawn as U+FFFD, which the letters brought along, not as '?'.
    CHECK(ImGui::GetIO().FontDefault->FallbackChar == 0xFFFD);
    const long long frames = s.state()["frames"].GetInt64();
    s.r().frames(3);
    CHECK(s.state()["frames"].GetInt64() == frames + 3); // no rebuild loop: three frames, three draws
}

TEST_CASE("[glyphs] which extra file covers a character") {
    using ui::ExtraGlyphs;
    CHECK(ui::extra_glyphs_for(U'Ω') == ExtraGlyphs::Letters);
    CHECK(ui::extra_glyphs_for(U'Ж') == ExtraGlyphs::Letters);
    CHECK(ui::extra_glyphs_for(U'ễ') == ExtraGlyphs::Letters);
    CHECK(ui::extra_glyphs_for(U'🚲') == ExtraGlyphs::Symbols);
    CHECK(ui::extra_glyphs_for(U'☕') == ExtraGlyphs::Symbols);
    CHECK(ui::extra_glyphs_for(0xFE0F) == ExtraGlyphs::Symbols);
    CHECK(ui::extra_glyphs_for(0x200D) == ExtraGlyphs::Symbols);
}

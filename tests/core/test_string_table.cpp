// Tests for app/core/string_table.h, including the real asset files.
#include "app/core/string_table.h"

#include <cctype>
#include <doctest/doctest.h>

using idekort::StringTable;
using idekort::UiStrings;

TEST_CASE("[StringTable] entries, comments, escapes and a BOM are read") {
    auto t = StringTable::parse("\xEF\xBB\xBF# header\n\na.b = Æblegrød\nc_d=two\\nlines \n", "x.strings");
    REQUIRE(t.ok());
    CHECK(t.value().size() == 2);
    CHECK(t.value().get("a.b") == "Æblegrød");
    CHECK(t.value().get("c_d") == "two\nlines");
}

TEST_CASE("[StringTable] a broken file says where and what") {
    auto no_eq = StringTable::parse("ok = fine\nthis line has no equals\n", "da.strings");
    REQUIRE_FALSE(no_eq.ok());
    CHECK(no_eq.error().where == "da.strings:2");
    CHECK(no_eq.error().message.find("'='") != std::string::npos);

    auto twice = StringTable::parse("k = 1\nk = 2\n", "da.strings");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().describe() == "da.strings:2: key 'k' is defined twice");

    auto latin1 = StringTable::parse("k = \xE6\xF8\xE5\n", "da.strings");
    REQUIRE_FALSE(latin1.ok());
    CHECK(latin1.error().message.find("UTF-8") != std::string::npos);

    CHECK_FALSE(StringTable::parse("bad key = x\n", "f").ok());
    CHECK_FALSE(StringTable::parse("k = \\q\n", "f").ok());
    CHECK_FALSE(StringTable::load(idekort::DirectoryAssets("/nonexistent"), "da.strings").ok());
}

TEST_CASE("[StringTable] a missing key shows as a marked key, not a crash") {
    auto t = StringTable::parse("a = 1\n", "f");
    REQUIRE(t.ok());
    CHECK(t.value().get("nope") == "⟦nope⟧");
    CHECK_FALSE(t.value().has("nope"));
}

TEST_CASE("[StringTable] missing_keys lists what a translation lacks") {
    auto da = StringTable::parse("a = 1\nb = 2\nc = 3\n", "da").value();
    auto en = StringTable::parse("a = 1\nc = 3\n", "en").value();
    CHECK(en.missing_keys(da) == std::vector<std::string>{"b"});
}

TEST_CASE("[UiStrings] the shipped strings load, English covers Danish, switching works") {
    auto strings = UiStrings::load(idekort::DirectoryAssets(std::string(IDEKORT_SOURCE_DIR) + "/assets"));
    REQUIRE_MESSAGE(strings.ok(), (strings.ok() ? "" : strings.error().describe()));
    UiStrings& s = strings.value();
    CHECK(s.language() == "da");
    CHECK(s("start.new_card") == "Ny idé");
    s.set_language("en");
    CHECK(s("start.new_card") == "New idea");
}

#include "common/card_validation.h"

TEST_CASE("[UiStrings] every validation rule has words in Danish and English") {
    idekort::DirectoryAssets assets(std::string(IDEKORT_SOURCE_DIR) + "/assets");
    auto da = StringTable::load(assets, "strings/da.strings");
    auto en = StringTable::load(assets, "strings/en.strings");
    REQUIRE(da.ok());
    REQUIRE(en.ok());
    for (const std::string& rule : idekort::validation_rules()) {
        CAPTURE(rule);
        CHECK(da.value().has("validation." + rule));
        CHECK(en.value().has("validation." + rule));
        CHECK(da.value().get("validation." + rule) != en.value().get("validation." + rule));
    }
}

// Issue 12, points 6 and 7: one thing, one word. "Enhed" is the phone or kiosk the card is
// written on, never also the office that receives it ("gemt på enheden og sendes til den
// centrale enhed"); and the start screen's list of finished cards holds cards still waiting,
// so it is not called "sent".
TEST_CASE("[UiStrings] 'enhed' means this device only, and the list of finished cards is not called sent") {
    idekort::DirectoryAssets assets(std::string(IDEKORT_SOURCE_DIR) + "/assets");
    auto da = StringTable::load(assets, "strings/da.strings");
    auto en = StringTable::load(assets, "strings/en.strings");
    REQUIRE(da.ok());
    REQUIRE(en.ok());
    for (const auto& entry : da.value().entries()) {
        std::string lower = entry.second;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CHECK_MESSAGE(lower.find("centrale enhed") == std::string::npos, entry.first << " calls the office an 'enhed': " << entry.second);
    }
    for (const auto& entry : en.value().entries())
        CHECK_MESSAGE(entry.second.find("central office") == std::string::npos, entry.first << ": " << entry.second);
    const std::string heading = da.value().get("start.sent_heading");
    CHECK(heading.find("Sendte") == std::string::npos);
    CHECK(en.value().get("start.sent_heading").find("Sent") == std::string::npos);
}

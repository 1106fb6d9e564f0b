// Tests for app/core/asset_source.h: packs made by scripts/pack_assets.py are read back, and a
// broken pack is refused with a message, never read past its end.
#include "app/core/asset_source.h"
#include "app/core/string_table.h"

#include "common/file_io.h"

#include <doctest/doctest.h>

#include <cstdint>

using namespace idekort;

namespace {
std::string u32(std::uint32_t v) {
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    return s;
}
std::string entry(const std::string& name, const std::string& data) {
    return u32(static_cast<std::uint32_t>(name.size())) + name + u32(static_cast<std::uint32_t>(data.size())) + data;
}
std::string pack(std::uint32_t count, const std::string& body) { return "IDKA" + u32(1) + u32(count) + body; }
} // namespace

TEST_CASE("[PackedAssets] entries are read back byte for byte") {
    const std::string binary("\0\x01\xFFtt", 5);
    auto assets = PackedAssets::parse(pack(2, entry("strings/da.strings", "a = Æble\n") + entry("fonts/x.ttf", binary)));
    REQUIRE(assets.ok());
    CHECK(assets.value().size() == 2);
    CHECK(assets.value().read("strings/da.strings").value() == "a = Æble\n");
    CHECK(assets.value().read("fonts/x.ttf").value() == binary);
    auto missing = assets.value().read("fonts/none.ttf");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().describe() == "fonts/none.ttf: not in the asset pack");
}

TEST_CASE("[PackedAssets] broken packs are refused with what is wrong") {
    const auto message = [](const std::string& bytes) {
        auto r = PackedAssets::parse(bytes);
        return r.ok() ? std::string("ok") : r.error().message;
    };
    CHECK(message("") == "not an idekort asset pack (bad magic)");
    CHECK(message("<html>portal</html>") == "not an idekort asset pack (bad magic)");
    CHECK(message("IDKA" + u32(2) + u32(0)) == "unsupported pack version 2");
    const std::string good = pack(1, entry("a", "hello"));
    for (std::size_t cut = 12; cut < good.size(); ++cut)
        CHECK(message(good.substr(0, cut)).find("truncated") == 0);
    CHECK(message(pack(1, entry("a", "x") + "junk")) == "unexpected bytes after the last entry");
    CHECK(message(pack(2, entry("a", "x") + entry("a", "y"))) == "'a' appears twice");
    CHECK(message(pack(1, entry("", "x"))) == "entry 1 has no name");
    CHECK(message(pack(0xFFFFFFFF, "")) == "truncated at entry 1 of 4294967295");
}

TEST_CASE("[PackedAssets] the pack the build makes holds the shipped strings") {
    auto bytes = file_io::read_file(IDEKORT_TEST_ASSET_PACK);
    REQUIRE(bytes.ok());
    auto assets = PackedAssets::parse(bytes.value());
    REQUIRE(assets.ok());
    auto strings = UiStrings::load(assets.value());
    REQUIRE(strings.ok());
    CHECK(strings.value()("start.new_card") == "Ny idé");
}

TEST_CASE("[DirectoryAssets] a missing file names its path") {
    auto r = DirectoryAssets("/nonexistent").read("strings/da.strings");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().where == "/nonexistent/strings/da.strings");
}

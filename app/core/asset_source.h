// AssetSource: where the app's read-only assets (strings, fonts) come from, by relative name
// such as "strings/da.strings". Natively they are files beside the executable; in the browser
// they arrive as one pack fetched by the page (web/idekort-loader.js), because Emscripten's
// file system alone would add a twelfth to the download (docs/BENCHMARKS.md).
//
// Pack format (written by scripts/pack_assets.py), all integers little-endian uint32:
//     "IDKA" version(=1) count, then per entry: name_length name data_length data
#pragma once

#include "common/status.h"

#include <map>
#include <string>
#include <string_view>

namespace idekort {

class AssetSource {
public:
    virtual ~AssetSource() = default;
    virtual Expected<std::string> read(std::string_view name) const = 0;
};

// Files under a folder.
class DirectoryAssets final : public AssetSource {
public:
    explicit DirectoryAssets(std::string directory) : m_directory(std::move(directory)) {}
    Expected<std::string> read(std::string_view name) const override;
    const std::string& directory() const { return m_directory; }

private:
    std::string m_directory;
};

// Entries of an asset pack held in memory.
class PackedAssets final : public AssetSource {
public:
    static constexpr std::uint32_t format_version = 1;
    // Fails with a message naming what is wrong (truncated, bad magic, duplicate name ...).
    static Expected<PackedAssets> parse(std::string_view pack);
    Expected<std::string> read(std::string_view name) const override;
    std::size_t size() const { return m_entries.size(); }

private:
    std::map<std::string, std::string, std::less<>> m_entries;
};

} // namespace idekort

// AssetSource implementations (see asset_source.h).
#include "app/core/asset_source.h"

#include "common/file_io.h"

#include <cstdint>

namespace idekort {

Expected<std::string> DirectoryAssets::read(std::string_view name) const {
    return file_io::read_file(m_directory + "/" + std::string(name));
}

namespace {

// Reads the pack front to back; every read checks the bytes left, so no input can overrun.
class PackReader {
public:
    explicit PackReader(std::string_view bytes) : m_bytes(bytes) {}
    bool u32(std::uint32_t& out) {
        if (m_bytes.size() < 4) return false;
        out = 0;
        for (int i = 3; i >= 0; --i) out = (out << 8) | static_cast<unsigned char>(m_bytes[i]);
        m_bytes.remove_prefix(4);
        return true;
    }
    bool bytes(std::uint32_t n, std::string_view& out) {
        if (m_bytes.size() < n) return false;
        out = m_bytes.substr(0, n);
        m_bytes.remove_prefix(n);
        return true;
    }
    bool done() const { return m_bytes.empty(); }

private:
    std::string_view m_bytes;
};

} // namespace

Expected<PackedAssets> PackedAssets::parse(std::string_view pack) {
    const std::string where = "asset pack";
    PackReader reader(pack);
    std::string_view magic;
    std::uint32_t version = 0, count = 0;
    if (!reader.bytes(4, magic) || magic != "IDKA") return Error{"not an idekort asset pack (bad magic)", where};
    if (!reader.u32(version) || version != format_version)
        return Error{"unsupported pack version " + std::to_string(version), where};
    if (!reader.u32(count)) return Error{"truncated header", where};
    PackedAssets assets;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::uint32_t name_length = 0, data_length = 0;
        std::string_view name, data;
        if (!reader.u32(name_length) || !reader.bytes(name_length, name) || !reader.u32(data_length) ||
            !reader.bytes(data_length, data))
            return Error{"truncated at entry " + std::to_string(i + 1) + " of " + std::to_string(count), where};
        if (name.empty()) return Error{"entry " + std::to_string(i + 1) + " has no name", where};
        if (!assets.m_entries.emplace(std::string(name), std::string(data)).second)
            return Error{"'" + std::string(name) + "' appears twice", where};
    }
    if (!reader.done()) return Error{"unexpected bytes after the last entry", where};
    return assets;
}

Expected<std::string> PackedAssets::read(std::string_view name) const {
    if (const auto it = m_entries.find(name); it != m_entries.end()) return it->second;
    return Error{"not in the asset pack", std::string(name)};
}

} // namespace idekort

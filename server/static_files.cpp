// Static file resolution (see static_files.h).
#include "server/static_files.h"

#include <sys/stat.h>

namespace idekort::server {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_regular_file(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

} // namespace

std::string_view content_type_for(std::string_view path) {
    if (ends_with(path, ".html")) return "text/html; charset=utf-8";
    if (ends_with(path, ".js") || ends_with(path, ".mjs")) return "text/javascript; charset=utf-8"; // module workers need it
    if (ends_with(path, ".wasm")) return "application/wasm"; // required for streaming compile
    if (ends_with(path, ".json")) return "application/json";
    if (ends_with(path, ".webmanifest")) return "application/manifest+json";
    if (ends_with(path, ".css")) return "text/css; charset=utf-8";
    if (ends_with(path, ".png")) return "image/png";
    if (ends_with(path, ".svg")) return "image/svg+xml";
    if (ends_with(path, ".ttf")) return "font/ttf";
    if (ends_with(path, ".txt")) return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

Expected<StaticFile> resolve_static_file(const std::string& web_root, std::string_view target) {
    const std::size_t query = target.find_first_of("?#");
    std::string_view raw = target.substr(0, query);
    if (raw.empty() || raw.front() != '/') return Error{"the path must start with '/'", std::string(raw)};

    std::string decoded;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '%') { decoded.push_back(raw[i]); continue; }
        const int hi = i + 2 < raw.size() ? hex_value(raw[i + 1]) : -1;
        const int lo = i + 2 < raw.size() ? hex_value(raw[i + 2]) : -1;
        if (hi < 0 || lo < 0) return Error{"bad percent-encoding", std::string(raw)};
        decoded.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos)
        return Error{"forbidden character in the path", std::string(raw)};
    // Reject any ".." segment rather than normalising: no legitimate asset name needs one.
    for (std::size_t start = 0; start < decoded.size();) {
        const std::size_t end = decoded.find('/', start);
        const std::string_view segment = std::string_view(decoded).substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (segment == "..") return Error{"'..' is not allowed in a path", std::string(raw)};
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (decoded.back() == '/') decoded += "index.html";

    StaticFile file;
    file.path = web_root + decoded;
    if (!is_regular_file(file.path)) return Error{"no such file", std::string(raw)};
    file.content_type = std::string(content_type_for(file.path));
    // Names are not content-hashed yet (issue 7), so everything is revalidated on each load.
    file.cache_control = "no-cache";
    return file;
}

} // namespace idekort::server

// Static file resolution (see static_files.h).
#include "server/http/static_files.h"

#include <sodium.h>

#include "common/text.h"

#include <sys/stat.h>

#include <utility>

namespace idekort::server {

namespace {

// 'sha256-<base64>' of an inline block's text, as CSP compares it.
std::string csp_hash(std::string_view text) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    return "'sha256-" + std::string(b64) + "'";
}

// Hashes of the inline <tag> blocks (those without src=).
std::string inline_hashes(std::string_view html, std::string_view tag) {
    std::string out;
    const std::string open = "<" + std::string(tag), close = "</" + std::string(tag) + ">";
    for (std::size_t at = html.find(open); at != std::string_view::npos; at = html.find(open, at + 1)) {
        const std::size_t tag_end = html.find('>', at);
        if (tag_end == std::string_view::npos) break;
        const char after = html[at + open.size()];
        if (after != '>' && after != ' ') continue;   // <scripts>, <styles>: another tag
        const std::string_view attributes = html.substr(at, tag_end - at);
        if (attributes.find("src=") != std::string_view::npos) continue;
        const std::size_t end = html.find(close, tag_end);
        if (end == std::string_view::npos) break;
        out += " " + csp_hash(html.substr(tag_end + 1, end - tag_end - 1));
    }
    return out;
}

// The origin ("https://host:port") of <meta name="idekort-server" content="...">, or empty.
std::string server_origin(std::string_view html) {
    const auto meta = html.find("name=\"idekort-server\"");
    if (meta == std::string_view::npos) return {};
    const auto tag_end = html.find('>', meta), content = html.find("content=\"", meta);
    if (content == std::string_view::npos || content > tag_end) return {};
    const std::string_view url = html.substr(content + 9, html.find('"', content + 9) - content - 9);
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos || (url.substr(0, scheme) != "https" && url.substr(0, scheme) != "http")) return {};
    const std::string_view origin = url.substr(0, url.find('/', scheme + 3));
    for (char c : origin)
        if (c == ';' || c == ',' || c == '\'' || c == ' ' || static_cast<unsigned char>(c) < 0x21) return {};
    return std::string(origin);
}

} // namespace

std::string app_shell_policy(std::string_view html) {
    const std::string api = server_origin(html);
    return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + inline_hashes(html, "script") +
           "; style-src 'self'" + inline_hashes(html, "style") + "; img-src 'self' data: blob:; connect-src 'self'" +
           (api.empty() ? "" : " " + api) + "; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_regular_file(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// ".<12 hex>" followed by '.' or '/' somewhere in the path: a name scripts/web_dist.py hashed.
bool has_content_hash(std::string_view path) {
    constexpr std::size_t hash_chars = 12;
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.', dot + 1)) {
        const std::size_t end = dot + 1 + hash_chars;
        if (end >= path.size() || (path[end] != '.' && path[end] != '/')) continue;
        bool hex = true;
        for (std::size_t i = dot + 1; i < end && hex; ++i) hex = is_hex(path[i]);
        if (hex) return true;
    }
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
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

bool accepts_encoding(std::string_view accept_encoding, std::string_view coding) {
    bool star = false, listed = false, listed_ok = false;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        std::string_view item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
        const std::size_t semi = item.find(';');
        const std::string_view name = trim(item.substr(0, semi));
        bool ok = true;
        if (semi != std::string_view::npos) {
            const std::string_view param = trim(item.substr(semi + 1));
            if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                const std::string_view q = trim(param.substr(2)); // "0", "0.0", "0.000" mean "not acceptable"
                ok = q.find_first_not_of("0.") != std::string_view::npos;
            }
        }
        if (iequals(name, coding)) { listed = true; listed_ok = ok; }
        else if (name == "*") star = ok;
    }
    return listed ? listed_ok : star;
}

Expected<std::string> normalise_base_path(std::string_view base_path) {
    std::string path(base_path);
    if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
    if (path.back() != '/') path.push_back('/');
    if (path.find("//") != std::string::npos || path.find("/../") != std::string::npos ||
        path.find("/./") != std::string::npos || path.find_first_of("?#% \t\\") != std::string::npos)
        return Error{"not a plain URL path prefix such as /idekort/", std::string(base_path)};
    return path;
}

Expected<StaticFile> resolve_static_file(const std::string& web_root, std::string_view target,
                                         std::string_view accept_encoding, std::string_view base_path) {
    const std::size_t query = target.find_first_of("?#");
    std::string_view raw = target.substr(0, query);
    if (raw.empty() || raw.front() != '/') return Error{"the path must start with '/'", std::string(raw)};
    if (raw.substr(0, base_path.size()) != base_path)
        return Error{"outside the app's base path " + std::string(base_path), std::string(raw)};
    raw.remove_prefix(base_path.size() - 1); // keeps the '/' that ends the base path

    const auto unescaped = text::percent_decode(raw, false);
    if (!unescaped) return Error{"bad percent-encoding", std::string(raw)};
    std::string decoded = *unescaped;
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
    file.cache_control = has_content_hash(decoded) ? "public, max-age=31536000, immutable" : "no-cache";
    // Brotli first: it is 10-20 % smaller than gzip on wasm and JS (docs/BENCHMARKS.md).
    const std::string original = file.path;
    for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
        if (!is_regular_file(original + suffix)) continue;
        file.vary_accept_encoding = true;
        if (file.content_encoding.empty() && accepts_encoding(accept_encoding, coding)) {
            file.content_encoding = coding;
            file.path = original + suffix;
        }
    }
    return file;
}

} // namespace idekort::server

// Static files of the web app: maps a request target to a file under the web root, safely, with
// its content type, caching rule and precompressed variant. Plain logic, tested without a socket.
//
// Caching (issue 7): names with a content hash (".<12 hex>." or a "name.<12 hex>/" folder, made
// by scripts/web_dist.py) never change, so they are cached for a year as immutable; everything
// else (index.html, the service worker script, the manifest, icons) is revalidated on each use,
// so a new deployment is seen at once.
// Compression: "x.br" / "x.gz" beside "x" (made at build time) are sent instead of "x" when the
// client accepts them, with Content-Encoding; the answer then varies by Accept-Encoding.
#pragma once

#include "common/status.h"

#include <string>
#include <string_view>

namespace idekort::server {

struct StaticFile {
    std::string path;             // absolute path of the file to send (maybe the .br or .gz)
    std::string content_type;     // of the original file
    std::string cache_control;
    std::string content_encoding; // "br", "gzip", or empty for the file as it is
    bool vary_accept_encoding = false; // a compressed variant exists: send Vary: Accept-Encoding
};

// The file for `target` ("/", "/idekort.wasm?v=1", ...) under `web_root`. Fails on anything
// that could leave the root (.., encoded slashes, NUL), on names with no file, and on targets
// outside `base_path` (the app's URL prefix, "/" or e.g. "/idekort/": see normalise_base_path).
Expected<StaticFile> resolve_static_file(const std::string& web_root, std::string_view target,
                                         std::string_view accept_encoding = {}, std::string_view base_path = "/");

std::string_view content_type_for(std::string_view path);

// Whether an Accept-Encoding header value allows `coding` ("br", "gzip"): listed, or "*", with
// a q-value above 0.
bool accepts_encoding(std::string_view accept_encoding, std::string_view coding);

// The Content-Security-Policy for the app shell `html` (index.html as built): scripts, styles,
// workers and connections from the app's own origin only, WebAssembly compiled from it
// ('wasm-unsafe-eval': there is no eval, -sDYNAMIC_EXECUTION=0), the shell's inline <script>
// and <style> blocks allowed by their SHA-256 (scripts/web_dist.py writes one in), the origin
// of `<meta name="idekort-server">` allowed for fetch when the API lives elsewhere, and
// frame-ancestors 'none': no other site may frame the app (clickjacking).
std::string app_shell_policy(std::string_view html);

// "/idekort", "idekort/" or "/idekort/" -> "/idekort/"; "" or "/" -> "/". Fails on a prefix that
// could not be a plain URL path (.., //, ?, #, %, spaces).
Expected<std::string> normalise_base_path(std::string_view base_path);

} // namespace idekort::server

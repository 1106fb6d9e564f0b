// Static files of the web app: maps a request target to a file under the web root, safely, with
// its content type and caching rule. Plain logic, tested without a socket.
#pragma once

#include "common/status.h"

#include <string>
#include <string_view>

namespace idekort::server {

struct StaticFile {
    std::string path;            // absolute path under the web root
    std::string content_type;
    std::string cache_control;
};

// The file for `target` ("/", "/idekort.wasm?v=1", ...) under `web_root`. Fails on anything
// that could leave the root (.., encoded slashes, NUL) and on names with no file.
Expected<StaticFile> resolve_static_file(const std::string& web_root, std::string_view target);

std::string_view content_type_for(std::string_view path);

} // namespace idekort::server

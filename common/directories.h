// mkdir -p for the server's data directory and the native app's database folder. Its own file
// (not file_io.cpp) so the browser build, which has no file system, never links mkdir.
#pragma once

#include "common/status.h"

#include <string>

namespace idekort {

// Creates `path` and every missing folder above it with `mode` (existing ones are kept as they
// are). The error's `where` is the folder that could not be made.
Status make_directories(const std::string& path, unsigned mode);

} // namespace idekort

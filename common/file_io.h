// Whole-file reads and writes with C stdio. Deliberately not iostreams: <fstream> pulls libc++'s
// locale machinery into the browser build, about a tenth of its download (docs/BENCHMARKS.md).
#pragma once

#include "common/status.h"

#include <string>

namespace idekort::file_io {

Expected<std::string> read_file(const std::string& path);
Status write_file(const std::string& path, const std::string& content);

} // namespace idekort::file_io

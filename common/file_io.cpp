// File helpers (see file_io.h).
#include "common/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace idekort::file_io {

namespace {
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;
} // namespace

Expected<std::string> read_file(const std::string& path) {
    File f(std::fopen(path.c_str(), "rb"));
    if (!f) return Error{std::string("cannot open: ") + std::strerror(errno), path};
    std::string content;
    char buffer[16384];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) content.append(buffer, n);
    if (std::ferror(f.get())) return Error{"read error", path};
    return content;
}

Status write_file(const std::string& path, const std::string& content) {
    File f(std::fopen(path.c_str(), "wb"));
    if (!f) return Error{std::string("cannot create: ") + std::strerror(errno), path};
    if (std::fwrite(content.data(), 1, content.size(), f.get()) != content.size())
        return Error{"write error", path};
    return {};
}


} // namespace idekort::file_io

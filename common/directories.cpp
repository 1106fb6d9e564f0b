// mkdir -p (see directories.h).
#include "common/directories.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace idekort {

Status make_directories(const std::string& path, unsigned mode) {
    for (std::size_t at = 1; at <= path.size(); ++at) {
        if (at != path.size() && path[at] != '/') continue;
        const std::string prefix = path.substr(0, at);
        if (::mkdir(prefix.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST) return Error{std::strerror(errno), prefix};
    }
    return {};
}

} // namespace idekort

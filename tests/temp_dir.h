// Temporary folders for tests and benchmarks, removed when the program ends, so a developer's
// /tmp does not fill with thousands of test databases and server data folders.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace idekort::test {

// A new, empty folder under $TMPDIR (or /tmp) named "<prefix>-XXXXXX". It is removed with
// everything in it when the program exits: a server or app the test started has stopped by then,
// because fixtures are destroyed before static objects. IDEKORT_KEEP_TEST_DIRS=1 keeps them for
// a post-mortem. Throws (doctest reports the message) if no folder can be made.
inline std::string temp_dir(const std::string& prefix) {
    struct Registry {
        std::mutex mutex;
        std::vector<std::string> dirs;
        ~Registry() {
            const char* keep = std::getenv("IDEKORT_KEEP_TEST_DIRS");
            if (keep && *keep && std::string(keep) != "0") return;
            std::error_code ignored; // a folder the test removed itself is fine
            for (const auto& dir : dirs) std::filesystem::remove_all(dir, ignored);
        }
    };
    static Registry registry;
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary folder like " + pattern);
    std::lock_guard<std::mutex> lock(registry.mutex);
    registry.dirs.push_back(pattern);
    return pattern;
}

} // namespace idekort::test

// Tests for server/static_files.h: the web app's files are found with the right type, and
// nothing outside the web root can be reached.
#include "server/static_files.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace idekort::server;

namespace {
std::string make_web_root() {
    char dir[] = "/tmp/idekort-web-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    std::ofstream(std::string(dir) + "/index.html") << "<!doctype html>";
    std::ofstream(std::string(dir) + "/idekort.wasm") << "\0asm";
    ::mkdir((std::string(dir) + "/sub").c_str(), 0755);
    std::ofstream(std::string(dir) + "/sub/index.html") << "sub";
    return dir;
}
} // namespace

TEST_CASE("[static files] the shell, the wasm and folders resolve with their content types") {
    const std::string root = make_web_root();
    auto index = resolve_static_file(root, "/");
    REQUIRE(index.ok());
    CHECK(index.value().path == root + "/index.html");
    CHECK(index.value().content_type == "text/html; charset=utf-8");
    auto wasm = resolve_static_file(root, "/idekort.wasm?v=2");
    REQUIRE(wasm.ok());
    CHECK(wasm.value().content_type == "application/wasm");
    CHECK(resolve_static_file(root, "/sub/").ok());
    CHECK(resolve_static_file(root, "/%69ndex.html").ok()); // percent-encoded 'i'
}

TEST_CASE("[static files] traversal, NUL, bad encodings and missing files are refused") {
    const std::string root = make_web_root();
    CHECK_FALSE(resolve_static_file(root, "/../etc/passwd").ok());
    CHECK_FALSE(resolve_static_file(root, "/sub/%2e%2e/%2e%2e/etc/passwd").ok());
    CHECK_FALSE(resolve_static_file(root, "/index.html%00.png").ok());
    CHECK_FALSE(resolve_static_file(root, "/%zz").ok());
    CHECK_FALSE(resolve_static_file(root, "/..\\etc").ok());
    CHECK_FALSE(resolve_static_file(root, "/missing.js").ok());
    CHECK_FALSE(resolve_static_file(root, "/sub").ok()); // a folder is not a file
    CHECK_FALSE(resolve_static_file(root, "relative").ok());
}

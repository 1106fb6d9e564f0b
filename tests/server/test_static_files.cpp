// Tests for server/static_files.h: the web app's files are found with the right type, caching
// rule and precompressed variant, under a base path too, and nothing outside the web root (or
// the base path) can be reached.
#include "server/http/static_files.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <sys/stat.h>

using namespace idekort::server;

namespace {
std::string make_web_root() {
    const std::string dir = idekort::test::temp_dir("idekort-web");
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

namespace {
std::string make_built_root() {
    const std::string root = make_web_root();
    std::ofstream(root + "/idekort-sw.js") << "sw";
    std::ofstream(root + "/idekort.0123456789ab.wasm") << "wasm";
    std::ofstream(root + "/idekort.0123456789ab.wasm.br") << "b";
    std::ofstream(root + "/idekort.0123456789ab.wasm.gz") << "g";
    std::ofstream(root + "/index.html.gz") << "g";
    ::mkdir((root + "/sqlite.abcdef012345").c_str(), 0755);
    std::ofstream(root + "/sqlite.abcdef012345/index.mjs") << "glue";
    std::ofstream(root + "/idekort.12345.js") << "not a content hash";
    return root;
}
} // namespace

TEST_CASE("[static files] hashed names are immutable for a year; the shell, the worker script and others revalidate") {
    const std::string root = make_built_root();
    const std::string immutable = "public, max-age=31536000, immutable";
    CHECK(resolve_static_file(root, "/idekort.0123456789ab.wasm").value().cache_control == immutable);
    CHECK(resolve_static_file(root, "/sqlite.abcdef012345/index.mjs").value().cache_control == immutable);
    CHECK(resolve_static_file(root, "/").value().cache_control == "no-cache");
    CHECK(resolve_static_file(root, "/idekort-sw.js").value().cache_control == "no-cache");
    CHECK(resolve_static_file(root, "/idekort.12345.js").value().cache_control == "no-cache");
}

TEST_CASE("[static files] the precompressed file is chosen by Accept-Encoding, brotli first, with Vary") {
    const std::string root = make_built_root();
    auto br = resolve_static_file(root, "/idekort.0123456789ab.wasm", "gzip, deflate, br");
    REQUIRE(br.ok());
    CHECK(br.value().content_encoding == "br");
    CHECK(br.value().path == root + "/idekort.0123456789ab.wasm.br");
    CHECK(br.value().content_type == "application/wasm"); // of the original, not of ".br"
    CHECK(br.value().vary_accept_encoding);
    auto gz = resolve_static_file(root, "/idekort.0123456789ab.wasm", "gzip, br;q=0");
    CHECK(gz.value().content_encoding == "gzip");
    CHECK(gz.value().path == root + "/idekort.0123456789ab.wasm.gz");
    auto plain = resolve_static_file(root, "/idekort.0123456789ab.wasm", "identity");
    CHECK(plain.value().content_encoding.empty());
    CHECK(plain.value().path == root + "/idekort.0123456789ab.wasm");
    CHECK(plain.value().vary_accept_encoding); // a cache must not give this answer to a brotli client
    auto index = resolve_static_file(root, "/", "br");  // only a .gz exists for it
    CHECK(index.value().content_encoding.empty());
    CHECK(resolve_static_file(root, "/", "*").value().content_encoding == "gzip"); // no .br: the wildcard takes gzip
}

TEST_CASE("[static files] Accept-Encoding: listed codings, q=0, the wildcard, any case") {
    CHECK(accepts_encoding("gzip, deflate, br", "br"));
    CHECK(accepts_encoding("BR;q=0.5", "br"));
    CHECK_FALSE(accepts_encoding("gzip, br;q=0", "br"));
    CHECK_FALSE(accepts_encoding("gzip, br; q=0.000", "br"));
    CHECK(accepts_encoding("*", "gzip"));
    CHECK_FALSE(accepts_encoding("*, gzip;q=0", "gzip"));
    CHECK_FALSE(accepts_encoding("", "gzip"));
    CHECK_FALSE(accepts_encoding("brotli", "br"));
}

TEST_CASE("[static files] under a base path only the prefixed targets are the app") {
    const std::string root = make_built_root();
    auto index = resolve_static_file(root, "/idekort/", "", "/idekort/");
    REQUIRE(index.ok());
    CHECK(index.value().path == root + "/index.html");
    CHECK(resolve_static_file(root, "/idekort/idekort-sw.js", "", "/idekort/").ok());
    CHECK_FALSE(resolve_static_file(root, "/index.html", "", "/idekort/").ok());
    CHECK_FALSE(resolve_static_file(root, "/idekort-sw.js", "", "/idekort/").ok());
    CHECK_FALSE(resolve_static_file(root, "/idekortX/index.html", "", "/idekort/").ok());
    CHECK_FALSE(resolve_static_file(root, "/idekort/../etc/passwd", "", "/idekort/").ok());
    auto outside = resolve_static_file(root, "/other/", "", "/idekort/");
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().message.find("base path") != std::string::npos);
}

TEST_CASE("[static files] base paths are normalised, and odd ones refused with the reason") {
    CHECK(normalise_base_path("/idekort").value() == "/idekort/");
    CHECK(normalise_base_path("idekort/").value() == "/idekort/");
    CHECK(normalise_base_path("/a/b/").value() == "/a/b/");
    CHECK(normalise_base_path("").value() == "/");
    CHECK(normalise_base_path("/").value() == "/");
    CHECK_FALSE(normalise_base_path("/a/../b").ok());
    CHECK_FALSE(normalise_base_path("//evil").ok());
    CHECK_FALSE(normalise_base_path("/a b/").ok());
    CHECK_FALSE(normalise_base_path("/a?x").ok());
    CHECK(normalise_base_path("/a%2f").error().message.find("plain URL path") != std::string::npos);
}

// Settings (server/config.h): flags, the config file, --help, and errors that name the option.
#include "common/file_io.h"
#include "server/config.h"
#include "server_harness.h"

#include <doctest/doctest.h>

using namespace idekort;
using namespace idekort::server;

TEST_CASE("[config] flags and a config file combine, flags winning") {
    const std::string file = test::make_temp_dir("idekort-config") + "/server.conf";
    REQUIRE(file_io::write_file(file, "# test\nport = 9000\nthreads = 4\nsubmission-key = browser-key-0123456789\n"
                                      "rate-ip = 5:50\nsubmission-key = second-key-0123456789\n").ok());
    auto s = parse_settings({"--config", file, "--port", "9100", "--data-dir=/tmp/x"}, Settings{});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().describe()));
    CHECK(s.value().http.port == 9100);
    CHECK(s.value().http.threads == 4);
    CHECK(s.value().data_dir == "/tmp/x");
    CHECK(s.value().api.submission_keys.size() == 2);
    CHECK(s.value().api.per_ip.per_second == 5);
    CHECK(s.value().api.per_ip.burst == 50);
}

TEST_CASE("[config] mistakes are named: the option, or the file and line") {
    auto port = parse_settings({"--port", "99999"}, Settings{});
    REQUIRE(!port.ok());
    CHECK(port.error().where == "--port");
    CHECK(!parse_settings({"--prot", "1"}, Settings{}).ok());
    CHECK(parse_settings({"--submission-key", "short"}, Settings{}).error().message.find("16") != std::string::npos);
    CHECK(!parse_settings({"--rate-ip", "fast"}, Settings{}).ok());
    const std::string file = test::make_temp_dir("idekort-config") + "/bad.conf";
    REQUIRE(file_io::write_file(file, "port = 8080\ncolour = red\n").ok());
    auto bad = parse_settings({"--config", file}, Settings{});
    REQUIRE(!bad.ok());
    CHECK(bad.error().where == file + ":2");
}

TEST_CASE("[config] --help lists every option") {
    const std::string usage = settings_usage();
    for (const auto& name : option_names()) {
        CAPTURE(name);
        CHECK(usage.find("--" + name + " ") != std::string::npos);
    }
    CHECK(usage.find("create-admin") != std::string::npos);
}

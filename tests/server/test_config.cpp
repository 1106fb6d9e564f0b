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

TEST_CASE("[config] the deployment's example settings file (deploy/config/) loads as it is") {
    // An administrator copies it to /etc/idekort/; a setting it names that the server does not
    // know would stop the service at its first start.
    const std::string file = std::string(IDEKORT_SOURCE_DIR) + "/deploy/config/idekort-server.conf";
    auto s = parse_settings({"--config", file}, Settings{});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().describe()));
    CHECK(s.value().http.port == 8080);
    CHECK(s.value().data_dir == "/var/lib/idekort");
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

TEST_CASE("[config] the deployment settings of issue 13 read and refuse with words") {
    auto s = parse_settings({"--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "::1", "--metrics-token", "metrics-token-0123456789",
                             "--retired-submission-key", "old-browser-key-0123 2027-01-31T00:00:00Z", "--min-free-disk", "64",
                             "--max-connections-per-address", "8", "--rate-key-address", "1:5", "--rate-status", "2:4"},
                            Settings{});
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().describe()));
    CHECK(s.value().http.trusted_proxies.size() == 2);
    CHECK(s.value().http.trusted_proxies[0].contains(boost::asio::ip::make_address("10.20.30.40")));
    CHECK(!s.value().http.trusted_proxies[0].contains(boost::asio::ip::make_address("11.0.0.1")));
    CHECK(s.value().api.retired_submission_keys.size() == 1);
    CHECK(s.value().api.retired_submission_keys[0].key == "old-browser-key-0123");
    CHECK(s.value().api.min_free_disk_bytes == 64ull * 1024 * 1024);
    CHECK(s.value().http.max_connections_per_address == 8);
    CHECK(parse_settings({"--trusted-proxy", "10.0.0.0/33"}, Settings{}).error().message.find("0 to 32") != std::string::npos);
    CHECK(parse_settings({"--trusted-proxy", "proxy.example"}, Settings{}).error().message.find("not an IP address") != std::string::npos);
    CHECK(parse_settings({"--retired-submission-key", "old-browser-key-0123"}, Settings{}).error().message.find("RFC 3339") != std::string::npos);
    CHECK(parse_settings({"--metrics-token", "short"}, Settings{}).error().where == "--metrics-token");
}

TEST_CASE("[config] the stage-change e-mail settings (issue 14): off by default, and mistakes named") {
    auto none = parse_settings({}, Settings{});
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().mail.on());
    auto on = parse_settings({"--mail-relay", "smtp://127.0.0.1:2525", "--mail-status-link", "https://idekort.example/#status/{receipt}",
                              "--mail-from", "idekort@example.dk", "--mail-retry-seconds", "5"}, Settings{});
    REQUIRE_MESSAGE(on.ok(), (on.ok() ? "" : on.error().describe()));
    CHECK(on.value().mail.on());
    CHECK(on.value().mail.backoff == std::chrono::seconds(5));
    auto scheme = parse_settings({"--mail-relay", "http://relay"}, Settings{});
    REQUIRE(!scheme.ok());
    CHECK(scheme.error().where == "--mail-relay");
    auto no_link = parse_settings({"--mail-relay", "smtp://relay:25"}, Settings{});
    REQUIRE(!no_link.ok());
    CHECK(no_link.error().message.find("--mail-status-link") != std::string::npos);
    auto link = parse_settings({"--mail-status-link", "https://idekort.example/status"}, Settings{});
    REQUIRE(!link.ok());
    CHECK(link.error().message.find("{receipt}") != std::string::npos);
    auto from = parse_settings({"--mail-from", "Idekort <idekort@example.dk>"}, Settings{});
    REQUIRE(!from.ok());
    CHECK(from.error().where == "--mail-from");
}

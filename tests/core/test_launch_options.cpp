// Tests for app/core/launch_options.h.
#include "app/core/launch_options.h"

#include <doctest/doctest.h>

using idekort::parse_launch_options;

TEST_CASE("[LaunchOptions] defaults and every option") {
    auto d = parse_launch_options({});
    REQUIRE(d.ok());
    CHECK(d.value().runner.frames == -1);
    CHECK_FALSE(d.value().capture.kiosk);

    auto o = parse_launch_options({"--kiosk", "--frames", "30", "--screenshot", "s.png", "--items", "i.json",
                                   "--state", "st.json", "--lang", "en", "--size", "1920x1080", "--scale", "2", "--assets", "/a", "--print-timing",
                                   "--server", "https://idekort.aarhus.dk", "--submission-key", "0123456789abcdef"});
    REQUIRE(o.ok());
    CHECK(o.value().capture.kiosk);
    CHECK(o.value().runner.frames == 30);
    CHECK(o.value().runner.screenshot_path == "s.png");
    CHECK(o.value().runner.items_path == "i.json");
    CHECK(o.value().runner.state_path == "st.json");
    CHECK(o.value().capture.language == "en");
    CHECK(o.value().runner.width == 1920);
    CHECK(o.value().runner.height == 1080);
    CHECK(o.value().runner.ui_scale == 2.0f);
    CHECK(o.value().runner.assets_dir == "/a");
    CHECK(o.value().runner.print_timing);
    CHECK(o.value().capture.server_url == "https://idekort.aarhus.dk");
    CHECK(o.value().capture.submission_key == "0123456789abcdef");
}

TEST_CASE("[LaunchOptions] bad values name the option") {
    auto unknown = parse_launch_options({"--fullscreen"});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().where == "--fullscreen");

    auto frames = parse_launch_options({"--frames", "ten"});
    REQUIRE_FALSE(frames.ok());
    CHECK(frames.error().describe() == "--frames: expects a whole number from 1, got 'ten'");

    CHECK_FALSE(parse_launch_options({"--frames"}).ok());
    CHECK_FALSE(parse_launch_options({"--lang", "sv"}).ok());
    CHECK_FALSE(parse_launch_options({"--size", "1920"}).ok());
    CHECK_FALSE(parse_launch_options({"--scale", "9"}).ok());
    CHECK(parse_launch_options({"--server", "idekort.aarhus.dk"}).error().describe() ==
          "--server: expects a URL starting with http:// or https://, got 'idekort.aarhus.dk'");
    CHECK(parse_launch_options({"--submission-key", "short"}).error().where == "--submission-key");
    // Plain HTTP to another machine only when asked for, in either order (issue 13, point 13).
    const auto plain = parse_launch_options({"--server", "http://idekort.aarhus.dk"});
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().where == "--server");
    CHECK(plain.error().message.find("https://") != std::string::npos);
    CHECK(parse_launch_options({"--server", "http://idekort.aarhus.dk", "--allow-http"}).ok());
    CHECK(parse_launch_options({"--allow-http", "--server", "http://idekort.aarhus.dk"}).ok());
    CHECK(parse_launch_options({"--server", "http://127.0.0.1:8080"}).ok());
    CHECK(parse_launch_options({"--keep-sent-days", "0"}).value().capture.keep_sent_days == 0);
    CHECK(parse_launch_options({"--keep-sent-days", "-1"}).error().where == "--keep-sent-days");
}

TEST_CASE("[LaunchOptions] kiosk settings and previews") {
    auto o = parse_launch_options({"--kiosk-config", "/etc/idekort/kiosk.json", "--idle-timeout", "120", "--preview", "keyboard"});
    REQUIRE(o.ok());
    CHECK(o.value().kiosk_config_path == "/etc/idekort/kiosk.json");
    CHECK(o.value().idle_timeout == 120);
    CHECK(o.value().capture.preview == "keyboard");
    CHECK(parse_launch_options({"--idle-timeout", "2"}).error().describe() == "--idle-timeout: expects seconds from 5 to 3600, got '2'");
    const auto bad = parse_launch_options({"--preview", "settings"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().describe().find("--preview: unknown screen 'settings' (one of: start, attract, theme,") == 0);
}

TEST_CASE("[LaunchOptions] the runner's flags and the product's settings land apart") {
    auto o = parse_launch_options({"--kiosk", "--channel", "web", "--database", "/d.db", "--lang", "en"});
    REQUIRE(o.ok());
    // A kiosk is fullscreen for the runner and a shared device for the product.
    CHECK(o.value().runner.fullscreen);
    CHECK(o.value().capture.kiosk);
    CHECK(o.value().capture.web_channel);
    CHECK(o.value().runner.database_path == "/d.db");
    CHECK(o.value().capture.language == "en");
    CHECK_FALSE(parse_launch_options({}).value().capture.web_channel);
    CHECK(parse_launch_options({"--channel", "fax"}).error().describe() == "--channel: expects 'web' or 'kiosk', got 'fax'");
}

TEST_CASE("[LaunchOptions] exports go to --export-dir; --press may repeat, kept in order") {
    auto o = parse_launch_options({"--export-dir", "/tmp/exports", "--press", "Overblik", "--press", "Eksportér PNG"});
    REQUIRE(o.ok());
    CHECK(o.value().runner.export_dir == "/tmp/exports");
    CHECK(o.value().runner.presses == std::vector<std::string>{"Overblik", "Eksportér PNG"});
    auto missing = parse_launch_options({"--press"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().describe() == "--press: needs a value");
}

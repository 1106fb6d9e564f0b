// libFuzzer target for idekort-server's request path: raw bytes go through Beast's request
// parser with the server's limits, then through the API's router, authentication and handlers
// (card parsing and validation included) on an in-memory SQLite store. Any crash, sanitizer
// report or uncaught exception is a bug; so is a response that is not JSON on an /api/ route.
// The login route is skipped: each attempt runs argon2id (~19 MiB, tens of ms), which would
// slow every other input to a crawl; its body reader is the same one enrollment uses.
// Build: the `fuzz` preset. Run: build/fuzz/tests/fuzz/api_request_fuzzer tests/fuzz/requests
#include "common/programme_config.h"
#include "common/file_io.h"
#include "server/api/api.h"
#include "server/api/crypto.h"
#include "server/store/sqlite_storage.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

using namespace idekort;

namespace {
struct World {
    std::unique_ptr<server::SqliteStorage> store;
    server::Metrics metrics;
    std::unique_ptr<server::IngestQueue> queue;
    std::unique_ptr<server::Api> api;
};

World& world() {
    static World* w = [] {
        auto* made_ptr = new World;   // lives for the whole run
        World& made = *made_ptr;
        if (!server::crypto::initialise()) std::abort();
        made.store = std::move(server::SqliteStorage::open(":memory:").value());
        made.queue = std::make_unique<server::IngestQueue>(*made.store, false);
        auto programme = ProgrammeConfig::parse(file_io::read_file(IDEKORT_SOURCE_DIR "/assets/programme/programme.json").value(), "programme.json");
        server::ApiConfig config;
        config.submission_keys = {"fuzz-submission-key-01"};
        config.per_ip = config.per_key = config.per_device = config.enrollments_per_ip = {0, 1};
        made.api = std::make_unique<server::Api>(config, programme.value(), *made.store, *made.queue, made.metrics);
        return made_ptr;
    }();
    return *w;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace http = boost::beast::http;
    World& w = world();
    http::request_parser<http::string_body> parser;
    parser.body_limit(server::max_request_body_bytes);
    parser.header_limit(8 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
    const auto& req = parser.get();
    const std::string target(req.target());
    const std::string path = target.substr(0, target.find_first_of("?#"));
    // Login and new accounts answer from the password worker's thread, not inline.
    if (!server::Api::owns(path) || path == "/api/v1/admin/login" || path == "/api/v1/admin/users") return 0;

    server::ApiRequest request{std::string(req.method_string()), target, std::string(req[http::field::authorization]), req.body(), "192.0.2.1",
                               std::string(req[http::field::content_type])};
    bool answered = false;
    w.api->handle(request, [&](server::ApiResponse response) {
        if (answered) std::abort();   // exactly one answer
        answered = true;
        if (response.status < 200 || response.status > 599) std::abort();
        if (response.content_type.rfind("application/json", 0) == 0) {
            rapidjson::Document d;
            d.Parse(response.body.c_str(), response.body.size());
            if (d.HasParseError()) std::abort();
        }
    });
    if (!answered) std::abort();   // the inline queue answers before handle() returns
    return 0;
}

// docs/openapi.json against the API's route list: every route is documented with its method,
// its security and its responses, and nothing is documented that the server does not serve.
#include "server/api/api.h"
#include "test_support.h"

#include <cereal/archives/json.hpp> // RapidJSON configuration, as in common/ (one definition in the program)
#include <rapidjson/document.h>

#include <set>

using namespace idekort;

TEST_CASE("[openapi] docs/openapi.json documents exactly the routes the server has") {
    const std::string text = test::read_project_file("docs/openapi.json");
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    REQUIRE_MESSAGE(!doc.HasParseError(), "docs/openapi.json is not valid JSON");
    REQUIRE(doc.IsObject());
    CHECK(std::string(doc["openapi"].GetString()).rfind("3.", 0) == 0);
    REQUIRE(doc.HasMember("paths"));

    std::set<std::string> documented;
    for (const auto& path : doc["paths"].GetObject()) {
        for (const auto& op : path.value.GetObject()) {
            std::string method = op.name.GetString();
            if (method == "parameters" || method == "summary" || method == "description") continue;
            for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            documented.insert(method + " " + path.name.GetString());
        }
    }
    std::set<std::string> served;
    for (const auto& route : server::Api::routes()) {
        const std::string key = route.method + " " + route.pattern;
        served.insert(key);
        CAPTURE(key);
        REQUIRE(documented.count(key) == 1);
        std::string method = route.method;
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto& op = doc["paths"][route.pattern.c_str()][method.c_str()];
        REQUIRE(op.HasMember("responses"));
        const auto& responses = op["responses"];
        // Security as the route table has it: public routes say so with an empty list.
        REQUIRE(op.HasMember("security"));
        const auto& security = op["security"];
        if (route.access == server::Access::Public) {
            CHECK(security.Size() == 0);
        } else {
            REQUIRE(security.Size() == 1);
            const char* scheme = route.access == server::Access::Submitter ? "submitter"
                               : route.access == server::Access::Participant ? "participant" : "session";
            CHECK(security[0].HasMember(scheme));
            CHECK(responses.HasMember("401"));
            if (route.access != server::Access::Submitter) CHECK(responses.HasMember("403"));
        }
        // 429 exactly where the per-address limit applies (a workshop room shares one address).
        CHECK(responses.HasMember("429") == (route.pattern.rfind("/api/", 0) == 0 && route.limited_per_address));
        if (op.HasMember("requestBody")) CHECK(responses.HasMember("415"));   // a body that is not application/json
    }
    CHECK(documented == served);
    // The live workshop's routes (issue 16) are in the list, not only the card API's.
    CHECK(served.count("POST /api/v1/workshops/{code}/participants") == 1);
    CHECK(served.count("GET /api/v1/workshops/{code}/changes") == 1);
}

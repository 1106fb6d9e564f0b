// FetchTransport (see fetch_transport.h).
#include "platform/web/fetch_transport.h"

#include "common/json_document.h"
#include "platform/web/js_bridge.h"

#include "common/json_writer.h"


namespace idekort::platform {

void FetchTransport::send(HttpRequest request, Callback done) {
    const int id = m_requests.add(std::move(done));
    std::string headers = "{";
    for (const auto& [name, value] : request.headers) headers += (headers.size() > 1 ? "," : "") + json::quote(name) + ":" + json::quote(value);
    headers += "}";
    idekort_js_http_send(id, request.method.c_str(), request.url.c_str(), headers.c_str(), request.body.data(),
                         static_cast<int>(request.body.size()), static_cast<int>(request.timeout_seconds * 1000));
}

void FetchTransport::on_result(int id, int status, const char* headers_json, const char* body, const char* error) {
    if (!m_requests.waiting(id)) return;
    HttpResponse r;
    r.status = status;
    r.body = body ? body : "";
    r.network_error = error ? error : "";
    rapidjson::Document doc;
    if (parse_guarded_json(headers_json ? headers_json : "[]", own_json_limits(), doc) && doc.IsArray())
        for (const auto& pair : doc.GetArray())
            if (pair.IsArray() && pair.Size() == 2 && pair[0].IsString() && pair[1].IsString())
                r.headers.emplace_back(pair[0].GetString(), pair[1].GetString()); // fetch gives names lower-case
    m_requests.finish(id, std::move(r));
}

int FetchTransport::deliver() { return m_requests.deliver(); }

} // namespace idekort::platform

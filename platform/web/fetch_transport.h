// FetchTransport: the browser's HttpTransport (app/core/http_transport.h). Each exchange goes
// through the JS bridge to fetch() (web/library_idekort.js), and the answer waits until the
// frame loop calls deliver().
//
// Implements:
//  [X] fetch with a timeout (AbortController), no cookies, no cache, redirects not followed (a
//      portal's redirect arrives as "no answer", never as success)
//  [X] the response's headers (lower-case names), status and text body
//  [ ] Background Sync / a service worker sending while the page is closed (PWA issue)
#pragma once

#include "app/core/http_transport.h"
#include "platform/web/bridge_requests.h"

namespace idekort::platform {

class FetchTransport final : public HttpTransport {
public:
    void send(HttpRequest request, Callback done) override;
    int deliver() override;
    bool busy() const override { return m_requests.busy(); }

    // Called by the bridge when fetch `id` finished: status 0 and `error` when there was no answer.
    void on_result(int id, int status, const char* headers_json, const char* body, const char* error);

private:
    BridgeRequests<HttpResponse> m_requests;
};

} // namespace idekort::platform

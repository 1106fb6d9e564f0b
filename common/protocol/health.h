// GET /healthz: the probe a load balancer and the app's offline check call. It names the
// server and the protocol version it speaks, so a client can tell it talks to a v1 server.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/protocol/wire.h"

#include <string>

namespace idekort::protocol {

struct HealthReply {
    std::string status = "ok";
    std::string server;          // the identity, "idekort-server/0.1.0"
    int protocol = version;      // absent from servers before the field existed: read as 1

    void write(json::Writer& w) const { w.begin_object().member("status", status).member("server", server).member("protocol", protocol).end_object(); }
    static HealthReply read(json::ObjectReader& r) {
        HealthReply h;
        h.status = r.text("status");
        h.server = r.optional_text("server").value_or("");
        h.protocol = static_cast<int>(r.optional_integer("protocol").value_or(1));
        return h;
    }
    bool operator==(const HealthReply& o) const { return status == o.status && server == o.server && protocol == o.protocol; }
};

} // namespace idekort::protocol

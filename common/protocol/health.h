// GET /healthz: the probe a load balancer and the app's offline check call. It names the
// server and the protocol version it speaks, so a client can tell it talks to a v1 server, and
// says whether the store can take cards (an operator's monitor watches `store` and
// `free_bytes`; the app needs only the 200).
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"
#include "common/protocol/wire.h"

#include <cstdint>
#include <optional>
#include <string>

namespace idekort::protocol {

struct HealthReply {
    std::string status = "ok";   // "ok", or "degraded" when the store cannot take new cards
    std::string server;          // the identity, "idekort-server/0.1.0"
    int protocol = version;      // absent from servers before the field existed: read as 1
    std::optional<std::string> store;        // "ok", "low_disk" (below the free-disk floor), "failing" (the last write failed)
    std::optional<std::int64_t> free_bytes;  // free space for the database's folder

    void write(json::Writer& w) const {
        w.begin_object().member("status", status).member("server", server).member("protocol", protocol);
        if (store) w.member("store", *store);
        if (free_bytes) w.member("free_bytes", *free_bytes);
        w.end_object();
    }
    static HealthReply read(json::ObjectReader& r) {
        HealthReply h;
        h.status = r.text("status");
        h.server = r.optional_text("server").value_or("");
        h.protocol = static_cast<int>(r.optional_integer("protocol").value_or(1));
        h.store = r.optional_text("store");
        h.free_bytes = r.optional_integer("free_bytes");
        return h;
    }
    bool operator==(const HealthReply& o) const {
        return status == o.status && server == o.server && protocol == o.protocol && store == o.store && free_bytes == o.free_bytes;
    }
};

} // namespace idekort::protocol

// Device messages on the wire (see devices.h).
#include "common/protocol/devices.h"

namespace idekort::protocol {

void EnrollRequest::write(json::Writer& w) const {
    w.begin_object().member("code", code).member("name", name).end_object();
}

EnrollRequest EnrollRequest::read(json::ObjectReader& r) {
    EnrollRequest e;
    e.code = r.text("code");
    e.name = r.text("name");
    return e;
}

void EnrollReply::write(json::Writer& w) const {
    w.begin_object().member("device_id", device_id).member("token", token).end_object();
}

EnrollReply EnrollReply::read(json::ObjectReader& r) {
    EnrollReply e;
    e.device_id = r.text("device_id");
    e.token = r.text("token");
    return e;
}

void EnrollmentCodeRequest::write(json::Writer& w) const {
    w.begin_object();
    if (lifetime_minutes) w.member("lifetime_minutes", *lifetime_minutes);
    w.end_object();
}

EnrollmentCodeRequest EnrollmentCodeRequest::read(json::ObjectReader& r) {
    EnrollmentCodeRequest e;
    e.lifetime_minutes = r.optional_integer("lifetime_minutes");
    return e;
}

void EnrollmentCodeReply::write(json::Writer& w) const {
    w.begin_object().member("code", code).member("expires_at", expires_at).end_object();
}

EnrollmentCodeReply EnrollmentCodeReply::read(json::ObjectReader& r) {
    EnrollmentCodeReply e;
    e.code = r.text("code");
    e.expires_at = r.optional_text("expires_at");
    return e;
}

void DeviceInfo::write(json::Writer& w) const {
    w.begin_object().member("device_id", device_id).member("name", name).member("enrolled_at", enrolled_at)
        .member("revoked_at", revoked_at).member("cards", cards).end_object();
}

DeviceInfo DeviceInfo::read(json::ObjectReader& r) {
    DeviceInfo d;
    d.device_id = r.text("device_id");
    d.name = r.text("name");
    d.enrolled_at = r.text("enrolled_at");
    d.revoked_at = r.optional_text("revoked_at");
    d.cards = r.optional_integer("cards").value_or(0);
    return d;
}

void DeviceListReply::write(json::Writer& w) const {
    w.begin_object().key("devices").begin_array();
    for (const DeviceInfo& d : devices) d.write(w);
    w.end_array().end_object();
}

DeviceListReply DeviceListReply::read(json::ObjectReader& r) {
    DeviceListReply l;
    l.devices = r.object_list<DeviceInfo>("devices", [](json::ObjectReader& item) { return DeviceInfo::read(item); });
    return l;
}

} // namespace idekort::protocol

// Device messages: a kiosk's enrollment (a one-time code for a device token), the codes an
// administrator makes, and the device list with revocation.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace idekort::protocol {

// POST /api/v1/devices/enroll
struct EnrollRequest {
    std::string code;            // "ABCD-EFGH-JKMN" as the administrator read it out
    std::string name;            // the kiosk's name in the device list, at most 100 characters

    void write(json::Writer& w) const;
    static EnrollRequest read(json::ObjectReader& r);
    bool operator==(const EnrollRequest& o) const { return code == o.code && name == o.name; }
};

// 201: the token is shown once; the server keeps only its hash.
struct EnrollReply {
    std::string device_id;
    std::string token;

    void write(json::Writer& w) const;
    static EnrollReply read(json::ObjectReader& r);
    bool operator==(const EnrollReply& o) const { return device_id == o.device_id && token == o.token; }
};

// POST /api/v1/admin/enrollment-codes. Every code expires (issue 13, point 13): a code written on
// a note must not enrol a device a year later. Without a lifetime it lives for the default; no
// lifetime may exceed the maximum (a code made by an older server without one ends there too).
constexpr std::int64_t enrollment_code_default_minutes = 60 * 24 * 7;    // a week
constexpr std::int64_t enrollment_code_max_minutes = 60 * 24 * 90;       // 90 days
struct EnrollmentCodeRequest {
    std::optional<std::int64_t> lifetime_minutes;

    void write(json::Writer& w) const;
    static EnrollmentCodeRequest read(json::ObjectReader& r);
    bool operator==(const EnrollmentCodeRequest& o) const { return lifetime_minutes == o.lifetime_minutes; }
};

struct EnrollmentCodeReply {
    std::string code;
    std::optional<std::string> expires_at;

    void write(json::Writer& w) const;
    static EnrollmentCodeReply read(json::ObjectReader& r);
    bool operator==(const EnrollmentCodeReply& o) const { return code == o.code && expires_at == o.expires_at; }
};

// One enrolled device (the list, and the reply to a revocation).
struct DeviceInfo {
    std::string device_id;
    std::string name;
    std::string enrolled_at;
    std::optional<std::string> revoked_at;
    std::int64_t cards = 0;      // cards it sent

    void write(json::Writer& w) const;
    static DeviceInfo read(json::ObjectReader& r);
    bool operator==(const DeviceInfo& o) const {
        return device_id == o.device_id && name == o.name && enrolled_at == o.enrolled_at && revoked_at == o.revoked_at &&
               cards == o.cards;
    }
};

struct DeviceListReply {
    std::vector<DeviceInfo> devices;

    void write(json::Writer& w) const;
    static DeviceListReply read(json::ObjectReader& r);
    bool operator==(const DeviceListReply& o) const { return devices == o.devices; }
};

} // namespace idekort::protocol

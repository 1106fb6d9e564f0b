// Account messages and roles on the wire (see accounts.h).
#include "common/protocol/accounts.h"

namespace idekort {

const char* to_string(Role role) {
    switch (role) {
    case Role::Admin: return "admin";
    case Role::Triage: return "triage";
    case Role::Director: return "director";
    case Role::Facilitator: return "facilitator";
    }
    return "admin";
}

std::optional<Role> parse_role(std::string_view text) {
    for (Role r : {Role::Admin, Role::Triage, Role::Director, Role::Facilitator})
        if (text == to_string(r)) return r;
    return std::nullopt;
}

} // namespace idekort

namespace idekort::protocol {

namespace {
// A role the reader does not know is a member problem, named like any other.
Role read_role(json::ObjectReader& r) {
    const std::string text = r.text("role");
    const auto role = parse_role(text);
    if (!text.empty() && !role) r.reject("role", "is not a role (admin, triage, director or facilitator)");
    return role.value_or(Role::Facilitator);
}
} // namespace

void LoginRequest::write(json::Writer& w) const {
    w.begin_object().member("username", username).member("password", password).end_object();
}

LoginRequest LoginRequest::read(json::ObjectReader& r) {
    LoginRequest l;
    l.username = r.text("username");
    l.password = r.text("password");
    return l;
}

void LoginReply::write(json::Writer& w) const {
    w.begin_object().member("token", token).member("expires_at", expires_at).member("username", username)
        .member("role", to_string(role)).end_object();
}

LoginReply LoginReply::read(json::ObjectReader& r) {
    LoginReply l;
    l.token = r.text("token");
    l.expires_at = r.text("expires_at");
    l.username = r.text("username");
    l.role = read_role(r);
    return l;
}

void SessionReply::write(json::Writer& w) const {
    w.begin_object().member("username", username).member("role", to_string(role)).member("expires_at", expires_at).end_object();
}

SessionReply SessionReply::read(json::ObjectReader& r) {
    SessionReply s;
    s.username = r.text("username");
    s.role = read_role(r);
    s.expires_at = r.text("expires_at");
    return s;
}

void LogoutReply::write(json::Writer& w) const { w.begin_object().member("status", status).end_object(); }

LogoutReply LogoutReply::read(json::ObjectReader& r) {
    LogoutReply l;
    l.status = r.text("status");
    return l;
}

void CreateUserRequest::write(json::Writer& w) const {
    w.begin_object().member("username", username).member("password", password).member("role", role).end_object();
}

CreateUserRequest CreateUserRequest::read(json::ObjectReader& r) {
    CreateUserRequest c;
    c.username = r.text("username");
    c.password = r.text("password");
    c.role = r.text("role");
    return c;
}

void CreateUserReply::write(json::Writer& w) const {
    w.begin_object().member("username", username).member("role", to_string(role)).end_object();
}

CreateUserReply CreateUserReply::read(json::ObjectReader& r) {
    CreateUserReply c;
    c.username = r.text("username");
    c.role = read_role(r);
    return c;
}

} // namespace idekort::protocol

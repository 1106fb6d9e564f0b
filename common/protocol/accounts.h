// Account messages: an administrator's login, session and logout, and new accounts. Role is
// here because it travels on the wire (login and session replies) as well as in the store.
#pragma once

#include "common/json_reader.h"
#include "common/json_writer.h"

#include <optional>
#include <string>
#include <string_view>

namespace idekort {

// What an account may do: admin (devices, accounts, cards), triage (cards), director,
// facilitator (the coming office and workshop screens).
enum class Role { Admin, Triage, Director, Facilitator };
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

} // namespace idekort

namespace idekort::protocol {

// POST /api/v1/admin/login
struct LoginRequest {
    std::string username;
    std::string password;

    void write(json::Writer& w) const;
    static LoginRequest read(json::ObjectReader& r);
    bool operator==(const LoginRequest& o) const { return username == o.username && password == o.password; }
};

struct LoginReply {
    std::string token;
    std::string expires_at;
    std::string username;
    Role role = Role::Admin;

    void write(json::Writer& w) const;
    static LoginReply read(json::ObjectReader& r);
    bool operator==(const LoginReply& o) const {
        return token == o.token && expires_at == o.expires_at && username == o.username && role == o.role;
    }
};

// GET /api/v1/admin/session
struct SessionReply {
    std::string username;
    Role role = Role::Admin;
    std::string expires_at;

    void write(json::Writer& w) const;
    static SessionReply read(json::ObjectReader& r);
    bool operator==(const SessionReply& o) const { return username == o.username && role == o.role && expires_at == o.expires_at; }
};

// POST /api/v1/admin/logout: {"status":"logged_out"}
struct LogoutReply {
    std::string status = "logged_out";

    void write(json::Writer& w) const;
    static LogoutReply read(json::ObjectReader& r);
    bool operator==(const LogoutReply& o) const { return status == o.status; }
};

// POST /api/v1/admin/users. The role stays text here: an unknown one is the server's 422
// ("unknown_role"), not a reading error.
struct CreateUserRequest {
    std::string username;
    std::string password;
    std::string role;

    void write(json::Writer& w) const;
    static CreateUserRequest read(json::ObjectReader& r);
    bool operator==(const CreateUserRequest& o) const { return username == o.username && password == o.password && role == o.role; }
};

struct CreateUserReply {
    std::string username;
    Role role = Role::Admin;

    void write(json::Writer& w) const;
    static CreateUserReply read(json::ObjectReader& r);
    bool operator==(const CreateUserReply& o) const { return username == o.username && role == o.role; }
};

} // namespace idekort::protocol

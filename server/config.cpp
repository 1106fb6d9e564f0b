// Settings (see config.h).
#include "server/config.h"

#include "common/file_io.h"
#include "common/rfc3339.h"
#include "common/text.h"
#include "server/http/static_files.h"

#include <cstdio>
#include <cstdlib>
#include <functional>

namespace idekort::server {

namespace {

using Setter = std::function<Status(Settings&, const std::string&)>;

struct Option {
    const char* name;
    const char* value;   // placeholder in --help
    const char* help;
    Setter set;
};

std::string shortest(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

Status number(const std::string& text, double lo, double hi, double& out, const char* name) {
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(out >= lo && out <= hi))
        return Error{"expects a number from " + shortest(lo) + " to " + shortest(hi) + ", got '" + text + "'", std::string("--") + name};
    return {};
}

Setter integer_setter(const char* name, double lo, double hi, std::function<void(Settings&, long long)> apply) {
    return [=](Settings& s, const std::string& v) -> Status {
        double n = 0;
        if (auto st = number(v, lo, hi, n, name); !st) return st;
        if (n != static_cast<double>(static_cast<long long>(n))) return Error{"expects a whole number, got '" + v + "'", std::string("--") + name};
        apply(s, static_cast<long long>(n));
        return {};
    };
}

Setter seconds_setter(const char* name, double lo, double hi, std::function<void(Settings&, double)> apply) {
    return [=](Settings& s, const std::string& v) -> Status {
        double n = 0;
        if (auto st = number(v, lo, hi, n, name); !st) return st;
        apply(s, n);
        return {};
    };
}

// "RATE:BURST" (requests per second, bucket size) or "0" for no limit.
Setter rate_setter(const char* name, RateLimit ApiConfig::*field) {
    return [=](Settings& s, const std::string& v) -> Status {
        if (v == "0") { s.api.*field = RateLimit{0, 1}; return {}; }
        const auto colon = v.find(':');
        double rate = 0, burst = 0;
        if (colon == std::string::npos) return Error{"expects RATE:BURST such as 10:100, or 0 for no limit, got '" + v + "'", std::string("--") + name};
        if (auto st = number(v.substr(0, colon), 0.001, 1e6, rate, name); !st) return st;
        if (auto st = number(v.substr(colon + 1), 1, 1e6, burst, name); !st) return st;
        s.api.*field = RateLimit{rate, burst};
        return {};
    };
}

const std::vector<Option>& options() {
    static const std::vector<Option> table = {
        {"config", "FILE", "read settings from FILE first (name = value lines; flags override it)", nullptr},
        {"bind", "ADDRESS", "address to listen on (default 127.0.0.1)",
         [](Settings& s, const std::string& v) -> Status { s.http.bind_address = v; return {}; }},
        {"port", "N", "port, 0 for any free port (default 8080)",
         integer_setter("port", 0, 65535, [](Settings& s, long long n) { s.http.port = static_cast<std::uint16_t>(n); })},
        {"web-root", "DIR", "folder of the web app to serve (default ../web, from the working directory)",
         [](Settings& s, const std::string& v) -> Status { s.http.web_root = v; return {}; }},
        {"base-path", "PATH", "URL prefix the web app is served under, e.g. /idekort/ (default /); the API stays at /api/",
         [](Settings& s, const std::string& v) -> Status {
             auto base = normalise_base_path(v);
             if (!base) return Error{base.error().describe(), "--base-path"};
             s.http.base_path = base.value();
             return {};
         }},
        {"data-dir", "DIR", "folder for the database idekort.db, created if missing (default var/idekort, from the working directory)",
         [](Settings& s, const std::string& v) -> Status { s.data_dir = v; return {}; }},
        {"programme", "FILE", "the programme (themes, departments) cards are validated against (default: the source tree's assets/programme/programme.json)",
         [](Settings& s, const std::string& v) -> Status { s.programme_file = v; return {}; }},
        {"erase-contact-months", "N", "erase a card's contact details N 30-day months after it is closed (default 12; 0 = only on an administrator's request)",
         [](Settings& s, const std::string& v) -> Status {
             char* end = nullptr;
             const long n = std::strtol(v.c_str(), &end, 10);
             if (v.empty() || *end || n < 0 || n > 240) return Error{"expects a whole number of months from 0 to 240, got '" + v + "'", "--erase-contact-months"};
             s.api.erase_contact_months = static_cast<int>(n);
             return {};
         }},
        {"mail-relay", "URL", "SMTP relay for the stage-change e-mail to authors who consented: smtp://host:port or smtps://host:port, user:password@ before the host if it needs a login (default: none, no e-mail)",
         [](Settings& s, const std::string& v) -> Status {
             if (v.rfind("smtp://", 0) != 0 && v.rfind("smtps://", 0) != 0) return Error{"expects smtp://host:port or smtps://host:port", "--mail-relay"};
             s.mail.relay_url = v;
             return {};
         }},
        {"mail-from", "ADDRESS", "the sender address of the stage-change e-mail (default idekort@localhost)",
         [](Settings& s, const std::string& v) -> Status {
             if (!is_plain_address(v)) return Error{"expects a plain e-mail address such as idekort@aarhus.dk, got '" + v + "'", "--mail-from"};
             s.mail.from = v;
             return {};
         }},
        {"mail-status-link", "URL", "the status page the e-mail links to, with {receipt} where the receipt code goes (needed with --mail-relay)",
         [](Settings& s, const std::string& v) -> Status {
             if (v.find("{receipt}") == std::string::npos) return Error{"must contain {receipt}, e.g. https://idekort.aarhus.dk/#status/{receipt}", "--mail-status-link"};
             s.mail.status_link = v;
             return {};
         }},
        {"mail-retry-seconds", "N", "wait before a mail the relay did not take is tried again, doubling up to an hour (default 30)",
         integer_setter("mail-retry-seconds", 1, 3600, [](Settings& s, long long n) { s.mail.backoff = std::chrono::seconds(n); })},
        {"strings", "DIR", "folder of da.strings and en.strings, whose status.* texts the public status page says (default: the source tree's assets/strings)",
         [](Settings& s, const std::string& v) -> Status { s.strings_dir = v; return {}; }},
        {"threads", "N", "HTTP worker threads, 1-64 (default 2); one more thread writes the database",
         integer_setter("threads", 1, 64, [](Settings& s, long long n) { s.http.threads = static_cast<int>(n); })},
        {"submission-key", "KEY", "a deployment submission key browsers send cards with (repeatable; at least 16 characters)",
         [](Settings& s, const std::string& v) -> Status {
             if (v.size() < 16) return Error{"a submission key needs at least 16 characters", "--submission-key"};
             s.api.submission_keys.push_back(v);
             return {};
         }},
        {"trusted-proxy", "ADDRESS[/BITS]", "a reverse proxy (address or CIDR block) whose Forwarded / X-Forwarded-For headers name the client (repeatable); from any other peer those headers are ignored",
         [](Settings& s, const std::string& v) -> Status {
             auto network = parse_ip_network(v);
             if (!network) return Error{network.error().message, "--trusted-proxy"};
             s.http.trusted_proxies.push_back(network.value());
             return {};
         }},
        {"metrics-token", "TOKEN", "serve GET /metrics to requests with Authorization: Bearer TOKEN (at least 16 characters); without it /metrics is off",
         [](Settings& s, const std::string& v) -> Status {
             if (v.size() < 16) return Error{"a metrics token needs at least 16 characters", "--metrics-token"};
             s.api.metrics_token = v;
             return {};
         }},
        {"password-threads", "N", "threads that check passwords (argon2id, 64 MiB each), 1-16 (default 1); never the HTTP threads",
         integer_setter("password-threads", 1, 16, [](Settings& s, long long n) { s.api.password_threads = static_cast<int>(n); })},
        {"retired-submission-key", "'KEY UNTIL'", "a submission key being rotated out, still accepted until UNTIL (RFC 3339, e.g. 2027-01-31T00:00:00Z) so that cards browsers queued with it are not stranded (repeatable)",
         [](Settings& s, const std::string& v) -> Status {
             const auto space = v.find(' ');
             const auto until = space == std::string::npos ? std::nullopt : parse_utc_ms(std::string(text::trim(std::string_view(v).substr(space + 1))));
             if (!until) return Error{"expects the key, a space and an RFC 3339 time such as 2027-01-31T00:00:00Z", "--retired-submission-key"};
             if (space < 16) return Error{"a submission key needs at least 16 characters", "--retired-submission-key"};
             s.api.retired_submission_keys.push_back({v.substr(0, space), *until});
             return {};
         }},
        {"min-free-disk", "MIB", "free space (MiB) the database's folder keeps: below it new cards get 503 with Retry-After, before SQLite fails (default 256; 0 = no floor)",
         integer_setter("min-free-disk", 0, 1 << 20, [](Settings& s, long long n) { s.api.min_free_disk_bytes = static_cast<std::uint64_t>(n) * 1024 * 1024; })},
        {"read-timeout", "SECONDS", "longest silence while a request arrives or an answer leaves (default 10): inactivity, so slow links finish and stalled clients are cut off",
         seconds_setter("read-timeout", 0.1, 3600, [](Settings& s, double v) { s.http.read_timeout_seconds = v; })},
        {"idle-timeout", "SECONDS", "time a keep-alive connection may wait for its next request (default 60)",
         seconds_setter("idle-timeout", 0.1, 86400, [](Settings& s, double v) { s.http.idle_timeout_seconds = v; })},
        {"header-limit", "BYTES", "largest request header block, 1024-65536 (default 8192); larger gets 431",
         integer_setter("header-limit", 1024, 65536, [](Settings& s, long long n) { s.http.header_limit = static_cast<std::uint32_t>(n); })},
        {"max-connections", "N", "most connections open at once (default 4096); more are closed on accept",
         integer_setter("max-connections", 1, 1000000, [](Settings& s, long long n) { s.http.max_connections = static_cast<int>(n); })},
        {"max-connections-per-address", "N", "most connections open at once from one peer address (default 256; trusted proxies are not capped); more are closed on accept",
         integer_setter("max-connections-per-address", 1, 1000000, [](Settings& s, long long n) { s.http.max_connections_per_address = static_cast<int>(n); })},
        {"shutdown-grace", "SECONDS", "on SIGTERM, how long requests in flight may take to finish (default 5)",
         seconds_setter("shutdown-grace", 0, 600, [](Settings& s, double v) { s.http.shutdown_grace_seconds = v; })},
        {"rate-ip", "RATE:BURST", "API requests per second per client address (default 20:200; 0 = no limit)", rate_setter("rate-ip", &ApiConfig::per_ip)},
        {"rate-device", "RATE:BURST", "cards per second per enrolled device (default 10:100)", rate_setter("rate-device", &ApiConfig::per_device)},
        {"rate-key", "RATE:BURST", "cards per second per submission key, all browsers together (default 100:1000)", rate_setter("rate-key", &ApiConfig::per_key)},
        {"rate-key-address", "RATE:BURST", "cards per second under a submission key from one client address (default 0.5:60), taken before the key's shared bucket", rate_setter("rate-key-address", &ApiConfig::per_key_address)},
        {"rate-login", "RATE:BURST", "login attempts per second per client address (default 0.2:10)", rate_setter("rate-login", &ApiConfig::logins_per_ip)},
        {"rate-status", "RATE:BURST", "receipt lookups per second per client address (default 0.5:30)", rate_setter("rate-status", &ApiConfig::status_per_ip)},
        {"rate-join", "RATE:BURST", "workshop joins per second per client address (default 1:400: a room behind one venue address joins at once)", rate_setter("rate-join", &ApiConfig::joins_per_ip)},
        {"rate-enroll", "RATE:BURST", "device enrollments per second per client address (default 0.2:10)", rate_setter("rate-enroll", &ApiConfig::enrollments_per_ip)},
        {"max-failed-logins", "N", "failed logins in a row from one address for one account name before that pair must wait (default 5)",
         integer_setter("max-failed-logins", 1, 1000, [](Settings& s, long long n) { s.api.max_failed_logins = static_cast<int>(n); })},
        {"lockout", "SECONDS", "how long such a pair waits, doubling after each further run of failures up to a day (default 900)",
         integer_setter("lockout", 1, 86400 * 7, [](Settings& s, long long n) { s.api.lockout = std::chrono::seconds(n); })},
        {"session-lifetime", "SECONDS", "how long an administrator's session lasts (default 28800, 8 hours)",
         integer_setter("session-lifetime", 1, 86400 * 30, [](Settings& s, long long n) { s.api.session_lifetime = std::chrono::seconds(n); })},
    };
    return table;
}

const Option* find_option(const std::string& name) {
    for (const Option& o : options())
        if (name == o.name) return &o;
    return nullptr;
}

Status apply_file(Settings& s, const std::string& path) {
    auto content = file_io::read_file(path);
    if (!content) return Error{content.error().message, "--config " + path};
    std::size_t line_no = 0, start = 0;
    const std::string& text = content.value();
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::string line(text::trim(std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start)));
        start = end == std::string::npos ? text.size() + 1 : end + 1;
        ++line_no;
        const std::string where = path + ":" + std::to_string(line_no);
        if (line.empty() || line[0] == '#') continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) return Error{"expected 'name = value'", where};
        const std::string name(text::trim(std::string_view(line).substr(0, eq)));
        const std::string value(text::trim(std::string_view(line).substr(eq + 1)));
        const Option* o = find_option(name);
        if (!o || !o->set) return Error{"unknown setting '" + name + "' (see idekort-server --help)", where};
        if (auto st = o->set(s, value); !st) return Error{st.error().message, where + " (" + name + ")"};
    }
    return {};
}

} // namespace

std::vector<std::string> option_names() {
    std::vector<std::string> out;
    for (const Option& o : options()) out.emplace_back(o.name);
    out.emplace_back("help");
    return out;
}

std::string settings_usage() {
    std::string out =
        "usage: idekort-server [options]                       run the server\n"
        "       idekort-server create-admin --data-dir DIR --username NAME [--role ROLE]\n"
        "                                                      add an account; the password is read from stdin\n"
        "       idekort-server backup --data-dir DIR --to FILE   copy the database while the server runs\n"
        "       idekort-server restore --data-dir DIR --from FILE\n"
        "                                                      put a backup back (stop the server first)\n"
        "options (each also a config-file setting without the dashes):\n";
    for (const Option& o : options()) {
        std::string flag = std::string("  --") + o.name + " " + o.value;
        if (flag.size() < 28) flag.resize(28, ' ');
        else flag += "\n" + std::string(28, ' ');
        out += flag + o.help + "\n";
    }
    out += std::string("  --help") + std::string(20, ' ') + "this text\n";
    out += "Logs: one JSON object per line on stdout, never with contact details or client addresses.\n"
           "SIGTERM or SIGINT stops it gracefully: no new connections, requests in flight finish,\n"
           "the database is closed cleanly.\n";
    return out;
}

Expected<Settings> parse_settings(const std::vector<std::string>& args, Settings s) {
    // The file first, so that flags override it wherever --config stands.
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--config") continue;
        if (i + 1 >= args.size()) return Error{"needs a value", "--config"};
        if (auto st = apply_file(s, args[i + 1]); !st) return st.error();
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0) return Error{"unexpected argument (see --help)", arg};
        std::string name = arg.substr(2), value;
        const auto eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        } else {
            if (i + 1 >= args.size()) return Error{"needs a value (see --help)", arg};
            value = args[++i];
        }
        const Option* o = find_option(name);
        if (!o) return Error{"unknown option (see --help)", "--" + name};
        if (!o->set) continue; // --config, read above
        if (auto st = o->set(s, value); !st) return st.error();
    }
    if (s.mail.on() && s.mail.status_link.empty())
        return Error{"the e-mail needs the status page's address: set --mail-status-link too", "--mail-relay"};
    return s;
}

} // namespace idekort::server

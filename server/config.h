// Settings: every setting of idekort-server, from a config file and/or flags (flags win). One
// table describes each option once, and --help, the flag parser and the config-file reader
// are all made from it, so --help is complete by construction.
//
// Config file: UTF-8, one `name = value` a line, names as the flags without "--"
// ("port = 8080", "submission-key = ..."), '#' starts a comment line. Repeatable options
// (submission-key, trusted-proxy) may appear on several lines.
#pragma once

#include "common/status.h"
#include "server/api/api.h"
#include "server/http/http_server.h"
#include "server/mail/stage_mailer.h"

#include <string>
#include <vector>

namespace idekort::server {

struct Settings {
    ServerConfig http;
    ApiConfig api;
    std::string data_dir = "var/idekort";     // holds idekort.db (and its WAL)
    std::string programme_file;               // assets/programme/programme.json
    std::string strings_dir;                  // assets/strings: the status page's words (issue 14)
    MailConfig mail;                          // stage-change e-mail (issue 14); off without a relay
};

// Settings for `args` (argv without the program name). `defaults` supplies the values of
// options not given. Errors name the option or "file:line".
Expected<Settings> parse_settings(const std::vector<std::string>& args, Settings defaults);

// The --help text.
std::string settings_usage();

// Names of every option (tests check --help and docs against it).
std::vector<std::string> option_names();

} // namespace idekort::server

// idekort-server: the central endpoint. Reads its settings, opens the store in the data
// directory, and serves the API and the web app until SIGTERM; or, with `create-admin`, adds an
// administrator account (the first one cannot be made through the API, which needs one); or,
// with `backup` / `restore`, copies the database while it runs / puts a copy back.
#include "common/directories.h"
#include "common/file_io.h"
#include "common/programme_config.h"
#include "server/api/api.h"
#include "server/api/workshop_api.h"
#include "server/config.h"
#include "server/api/crypto.h"
#include "server/http/http_server.h"
#include "server/housekeeper.h"
#include "server/mail/stage_mailer.h"
#include "server/store/backup.h"
#include "server/store/ingest_queue.h"
#include "server/metrics.h"
#include "server/store/sqlite_storage.h"

#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#ifndef IDEKORT_DEFAULT_PROGRAMME
#define IDEKORT_DEFAULT_PROGRAMME "assets/programme/programme.json"
#endif
#ifndef IDEKORT_DEFAULT_STRINGS
#define IDEKORT_DEFAULT_STRINGS "assets/strings"
#endif

using namespace idekort;
using namespace idekort::server;

namespace {

int fail(const std::string& what) {
    std::fprintf(stderr, "idekort-server: %s\n", what.c_str());
    return 2;
}

Expected<std::unique_ptr<SqliteStorage>> open_store(const std::string& data_dir) {
    // mkdir -p, so a fresh deployment needs no setup step.
    if (auto made = make_directories(data_dir, 0750); !made) return Error{"cannot create the data directory: " + made.error().message, data_dir};
    return SqliteStorage::open(data_dir + "/idekort.db");
}

// One line from stdin; at a terminal, asked for and not echoed.
std::string read_password() {
    std::string password;
    termios saved{};
    const bool terminal = ::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        std::fputs("password (at least 12 characters): ", stderr);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::getline(std::cin, password);
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    }
    return password;
}

// `backup --data-dir DIR --to FILE` while the server runs; `restore --data-dir DIR --from FILE`
// with the server stopped (server/store/backup.h).
int backup_or_restore(const std::string& command, const std::vector<std::string>& args) {
    std::string data_dir = "var/idekort", file;
    const std::string file_option = command == "backup" ? "--to" : "--from";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i + 1 >= args.size()) return fail(args[i] + " needs a value");
        if (args[i] == "--data-dir") data_dir = args[++i];
        else if (args[i] == file_option) file = args[++i];
        else return fail(command + ": unknown option " + args[i] + "\n" + settings_usage());
    }
    if (file.empty()) return fail(command + " needs " + file_option + " FILE");
    const std::string database = data_dir + "/idekort.db";
    auto done = command == "backup" ? backup_database(database, file) : restore_database(file, database);
    if (!done) return fail(command + " failed: " + done.error().describe());
    std::printf("%s: %lld cards, %lld pages, %s %s\n", command == "backup" ? "backed up" : "restored",
                static_cast<long long>(done.value().cards), static_cast<long long>(done.value().pages),
                command == "backup" ? "to" : "from", file.c_str());
    return 0;
}

int create_admin(const std::vector<std::string>& args) {
    std::string data_dir = "var/idekort", username, role_name = "admin";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i + 1 >= args.size()) return fail(args[i] + " needs a value");
        if (args[i] == "--data-dir") data_dir = args[++i];
        else if (args[i] == "--username") username = args[++i];
        else if (args[i] == "--role") role_name = args[++i];
        else return fail("create-admin: unknown option " + args[i] + "\n" + settings_usage());
    }
    const auto role = parse_role(role_name);
    if (!role) return fail("--role must be admin, triage, director or facilitator");
    std::string password = read_password();
    if (!password.empty() && password.back() == '\r') password.pop_back();
    // Checked before the store is opened, so a weak password leaves no empty database behind.
    if (auto ok = check_new_account(username, password); !ok) return fail(ok.error().describe());
    if (!crypto::initialise()) return fail("libsodium could not start");
    auto store = open_store(data_dir);
    if (!store) return fail(store.error().describe());
    auto created = create_account(*store.value(), username, password, *role);
    if (!created) return fail(created.error().describe());
    if (created.value() == AccountResult::NameTaken) return fail("an account named '" + username + "' exists already");
    std::printf("created %s account '%s' in %s\n", role_name.c_str(), username.c_str(), data_dir.c_str());
    return 0;
}

// 1,000+ idle connections need more descriptors than the usual soft limit of 1,024.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "create-admin") return create_admin({args.begin() + 1, args.end()});
    if (!args.empty() && (args[0] == "backup" || args[0] == "restore")) return backup_or_restore(args[0], {args.begin() + 1, args.end()});
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::fputs(settings_usage().c_str(), stdout);
            return 0;
        }
    Settings defaults;
    defaults.http.web_root = "../web";
    defaults.programme_file = IDEKORT_DEFAULT_PROGRAMME;
    defaults.strings_dir = IDEKORT_DEFAULT_STRINGS;
    auto settings = parse_settings(args, defaults);
    if (!settings) return fail(settings.error().describe());
    const Settings& s = settings.value();

    if (!crypto::initialise()) return fail("libsodium could not start");
    auto programme_text = file_io::read_file(s.programme_file);
    if (!programme_text) return fail("cannot read the programme: " + programme_text.error().describe() + " (--programme)");
    auto programme = ProgrammeConfig::parse(programme_text.value(), s.programme_file);
    if (!programme) return fail(programme.error().describe());
    auto store = open_store(s.data_dir);
    if (!store) return fail("cannot open the store: " + store.error().describe());
    raise_descriptor_limit();

    Metrics metrics;
    if (auto count = store.value()->card_count(); count) metrics.set_cards_stored(count.value());
    IngestQueue ingest(*store.value(), true);
    auto status_words = StatusWords::load(s.strings_dir);
    if (!status_words) return fail("cannot read the status page's words: " + status_words.error().describe() + " (--strings)");
    ApiConfig api_config = s.api;
    api_config.status_words = std::move(status_words.value());
    api_config.data_dir = s.data_dir;   // its free space is the floor's measure
    Api api(api_config, programme.value(), *store.value(), ingest, metrics);
    // The live workshops (issue 16) keep their own file beside the card store.
    auto workshop_store = WorkshopStore::open(s.data_dir + "/workshops.db");
    if (!workshop_store) return fail("cannot open the workshop store: " + workshop_store.error().describe());
    WorkshopApi workshops(*workshop_store.value(), *store.value(), ingest, programme.value(), api_config.status_words, [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    });
    api.set_workshops(&workshops);
    // Contact details due for erasure go now, then every ten minutes (issue 14).
    Housekeeper housekeeper(std::chrono::minutes(10), [&api] { api.run_housekeeping(); });
    // Stage-change e-mail (issue 14): queued with each transition while a relay is set, sent
    // from the outbox every two seconds (and what was queued before a stop, at once).
    store.value()->set_stage_mail(s.mail.on());
    StageMailer mailer(s.mail, *store.value(), api_config.status_words, [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    });
    std::optional<Housekeeper> mail_sender;
    if (s.mail.on()) mail_sender.emplace(std::chrono::seconds(2), [&mailer] { mailer.deliver_due(); });
    log_line("info", "stage mail", {{"on", s.mail.on() ? "yes" : "no"}});
    log_line("info", "store open", {{"data_dir", s.data_dir}, {"schema", SqliteStorage::latest_schema_version()},
                                    {"submission_keys", s.api.submission_keys.size()}});
    auto status = run_http_server(s.http, api, metrics, [&] { ingest.stop(); });
    if (!status) {
        log_line("error", "cannot start", {{"error", status.error().describe()}});
        std::fprintf(stderr, "idekort-server: cannot start: %s\n", status.error().describe().c_str());
        return 1;
    }
    ingest.stop();
    store.value().reset(); // closes the database cleanly (WAL checkpointed)
    log_line("info", "stopped");
    return 0;
}

// idekort-server: the central endpoint. Parses the command line and runs the HTTP server.
#include "common/json_writer.h"
#include "server/http_server.h"
#include "server/static_files.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

const char* usage =
    "usage: idekort-server [options]\n"
    "  --bind ADDRESS     address to listen on (default 127.0.0.1)\n"
    "  --port N           port, 0 for any free port (default 8080)\n"
    "  --web-root DIR     folder of the web app to serve (default: ../web beside bin/)\n"
    "  --base-path PATH   URL prefix the web app is served under, e.g. /idekort/ (default /)\n"
    "  --threads N        worker threads, 1-64 (default 2)\n"
    "  --help             this text\n"
    "Logs: one JSON object per line on stdout. SIGTERM or SIGINT stops it gracefully.\n";

bool parse_number(const char* s, long lo, long hi, long& out) {
    char* end = nullptr;
    out = std::strtol(s, &end, 10);
    return *s && *end == '\0' && out >= lo && out <= hi;
}

} // namespace

int main(int argc, char** argv) {
    idekort::server::ServerConfig config;
    config.web_root = "../web";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        long n = 0;
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage, stdout);
            return 0;
        } else if (arg == "--bind" && has_value) {
            config.bind_address = argv[++i];
        } else if (arg == "--port" && has_value) {
            if (!parse_number(argv[++i], 0, 65535, n)) { std::fprintf(stderr, "idekort-server: --port expects 0-65535, got '%s'\n", argv[i]); return 2; }
            config.port = static_cast<std::uint16_t>(n);
        } else if (arg == "--web-root" && has_value) {
            config.web_root = argv[++i];
        } else if (arg == "--base-path" && has_value) {
            auto base = idekort::server::normalise_base_path(argv[++i]);
            if (!base) { std::fprintf(stderr, "idekort-server: --base-path: %s\n", base.error().describe().c_str()); return 2; }
            config.base_path = base.value();
        } else if (arg == "--threads" && has_value) {
            if (!parse_number(argv[++i], 1, 64, n)) { std::fprintf(stderr, "idekort-server: --threads expects 1-64, got '%s'\n", argv[i]); return 2; }
            config.threads = static_cast<int>(n);
        } else {
            std::fprintf(stderr, "idekort-server: unknown option or missing value: %s\n%s", arg.c_str(), usage);
            return 2;
        }
    }
    if (auto status = idekort::server::run_http_server(config); !status) {
        idekort::server::log_line("error", "cannot start", "\"error\":" + idekort::json::quote(status.error().describe()));
        std::fprintf(stderr, "idekort-server: cannot start: %s\n", status.error().describe().c_str());
        return 1;
    }
    return 0;
}

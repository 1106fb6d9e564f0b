// idekort-server benchmark (docs/BENCHMARKS.md, issue 5), all in one run on this machine:
//  1. baselines: the same cards inserted into SQLite on a connection opened as the server
//     opens its own (sqlite/durable_database.h: WAL, synchronous=FULL, statement journals in
//     memory; the same schema, indexes and triggers) by a plain loop: one transaction per card;
//     64 per transaction (64 = the server's concurrency below, the most a group commit could
//     batch) into a new file, as before issue 14 (each card one row); and the like-for-like
//     one, 64 per transaction stored as the server stores them (the card's row and its
//     contact's) for as long as each server round lasts, into a file kept across rounds;
//  2. durable ingest through the real server binary: 64 connections each PUT new cards as fast
//     as answers come, for a fixed time; cards/s and p50/p99 latency per request;
//  3. RSS of the server idle, and with 1,000 open idle connections.
// The load generator shares the 2 cores with the server, so the server figure is conservative.
// Given a second binary (an older build), both servers run in every round, in alternating
// order, so that a before/after comparison shares the machine's load moment by moment.
//
// Usage: bench_server <idekort-server binary> [seconds=10] [connections=64] [rounds=3] [server threads=2] [other binary]
//        bench_server --send <port> <cards> [connections=16]
//   The second form only PUTs `cards` new cards to a server that is already running (started
//   by hand, e.g. under `valgrind --tool=callgrind`), for instruction counts per card.
#include "common/card_id.h"
#include "common/card_json.h"
#include "common/card_validation.h"
#include "common/file_io.h"
#include "server/api/card_export.h"
#include "server/store/sqlite_storage.h"
#include "sqlite/durable_database.h"
#include "server_harness.h"

#include <boost/asio/ip/tcp.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <random>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace idekort;
using Clock = std::chrono::steady_clock;

namespace {

const char* key = "benchmark-submission-key-1";

std::string fixture() {
    auto text = file_io::read_file(IDEKORT_SOURCE_DIR "/tests/fixtures/card-v1.json");
    if (!text) { std::fprintf(stderr, "%s\n", text.error().describe().c_str()); std::exit(1); }
    return text.value();
}

// One card as the server stores it: set_card_parts splits the contact from the body into its
// own row (card_contacts, issue 14), exactly as PUT /api/v1/cards does.
using Row = server::IngestItem;

// `contact_rows` false: the whole card in one row, its contact in the body (the loop before
// issue 14's contact table, kept for comparison with earlier figures).
std::vector<Row> make_rows(std::size_t n, bool contact_rows = true) {
    const std::string base = fixture();
    std::vector<Row> rows;
    for (std::size_t i = 0; i < n; ++i) {
        const Uuid id = new_uuid();
        auto card = card_from_json(test::card_with_id(base, to_string(id)));
        Row row;
        row.card_id = to_string(id);
        row.receipt = receipt_code(id);
        if (contact_rows) server::set_card_parts(row, sanitise_card(card.value()));
        else row.body = card_to_json(sanitise_card(card.value()));
        rows.push_back(std::move(row));
    }
    return rows;
}

// A plain insert loop on a database with the server's schema, indexes and triggers, opened
// with the server's own connection settings (sqlite/durable_database.h), so that it differs
// from the server only in having no HTTP, no parsing and no group commit to wait for.
class InsertLoop {
public:
    InsertLoop() {
        const std::string path = test::make_temp_dir("idekort-bench-sqlite") + "/idekort.db";
        { auto schema = server::SqliteStorage::open(path); if (!schema) std::exit(1); }
        auto opened = sqlite::open_durable(path);
        if (!opened) { std::fprintf(stderr, "baseline: %s\n", opened.error().describe().c_str()); std::exit(1); }
        m_db = opened.value();
        sqlite3_prepare_v2(m_db, "INSERT INTO cards (card_id, receipt, received_ms, sender, theme, body) VALUES (?, ?, ?, 'key:bench', 'co_creation', ?)", -1, &m_card, nullptr);
        sqlite3_prepare_v2(m_db, "INSERT INTO card_contacts (card_id, name, workplace, email, phone, consent_to_contact) VALUES (?, ?, ?, ?, ?, ?)", -1, &m_contact, nullptr);
    }
    ~InsertLoop() {
        sqlite3_finalize(m_card);
        sqlite3_finalize(m_contact);
        sqlite3_close(m_db);
    }
    InsertLoop(const InsertLoop&) = delete;
    InsertLoop& operator=(const InsertLoop&) = delete;

    // Stores `rows`, `batch` cards a transaction; returns the seconds it took.
    double store(const std::vector<Row>& rows, std::size_t batch) {
        const auto text = [](sqlite3_stmt* q, int i, const std::string& v) { sqlite3_bind_text(q, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC); };
        const auto start = Clock::now();
        for (std::size_t i = 0; i < rows.size(); i += batch) {
            sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
            for (std::size_t j = i; j < std::min(rows.size(), i + batch); ++j) {
                const Row& row = rows[j];
                sqlite3_reset(m_card);
                text(m_card, 1, row.card_id);
                text(m_card, 2, row.receipt);
                sqlite3_bind_int64(m_card, 3, ++m_received);
                text(m_card, 4, row.body);
                if (sqlite3_step(m_card) != SQLITE_DONE) { std::fprintf(stderr, "insert: %s\n", sqlite3_errmsg(m_db)); std::exit(1); }
                if (!row.contact) continue;
                sqlite3_reset(m_contact);
                text(m_contact, 1, row.card_id);
                text(m_contact, 2, row.contact->name);
                text(m_contact, 3, row.contact->workplace);
                text(m_contact, 4, row.contact->email);
                text(m_contact, 5, row.contact->phone);
                sqlite3_bind_int64(m_contact, 6, row.contact->consent_to_contact ? 1 : 0);
                if (sqlite3_step(m_contact) != SQLITE_DONE) { std::fprintf(stderr, "insert contact: %s\n", sqlite3_errmsg(m_db)); std::exit(1); }
            }
            sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        }
        return std::chrono::duration<double>(Clock::now() - start).count();
    }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_card = nullptr;
    sqlite3_stmt* m_contact = nullptr;
    std::int64_t m_received = 0;
};

// Rows per second for `n` new cards, `batch` a transaction, into a new database.
double baseline(std::size_t n, std::size_t batch, bool contact_rows) {
    InsertLoop loop;
    const auto rows = make_rows(n, contact_rows);
    return static_cast<double>(n) / loop.store(rows, batch);
}

// Cards per second for 64 cards a transaction, stored as the server stores them, for as long as
// the server is loaded in a round and into a file kept across rounds like the server's: the
// like-for-like baseline. A database ten times larger has index pages that no longer fit in
// SQLite's cache, which a loop into a new file of 10,000 rows never meets. The rows are made
// between timed chunks, so that only the inserts count.
double baseline_like_the_server(InsertLoop& loop, double seconds) {
    double timed = 0;
    std::size_t stored = 0;
    while (timed < seconds) {
        const auto rows = make_rows(64 * 64);
        timed += loop.store(rows, 64);
        stored += rows.size();
    }
    return static_cast<double>(stored) / timed;
}

// CPU seconds (user + system) a process has used, from /proc/<pid>/stat.
double cpu_seconds(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int i = 0; i < 11; ++i) fields >> skip;   // state .. cmajflt
    unsigned long long user = 0, system = 0;
    fields >> user >> system;
    return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

struct IngestRun {
    double rate = 0, p50 = 0, p99 = 0, cpu_per_card_us = 0, cpu_share = 0, client_cpu_share = 0;
    std::size_t cards = 0;
    long failures = 0;
};

// `connections` clients PUT new cards for `seconds`, or until `max_cards` were sent (0: no
// limit); only 201s count.
IngestRun ingest(std::uint16_t port, pid_t pid, int connections, double seconds, long max_cards = 0) {
    const std::string base = fixture();
    std::atomic<bool> stop{false};
    std::atomic<long> failures{0}, sent_cards{0};
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(connections));
    std::vector<std::thread> threads;
    const double cpu_before = pid > 0 ? cpu_seconds(pid) : 0;
    const double client_before = cpu_seconds(::getpid());
    const auto start = Clock::now();
    for (int c = 0; c < connections; ++c)
        threads.emplace_back([&, c] {
            test::HttpClient client(port, std::chrono::seconds(300));
            auto& mine = latencies[static_cast<std::size_t>(c)];
            // Ids from a seeded PRNG: the load generator shares the 2 cores with the server, so it
            // spends as little as it can (no getrandom call per card).
            std::mt19937_64 random(std::random_device{}());
            while (!stop && (max_cards == 0 || sent_cards++ < max_cards)) {
                Uuid bytes;
                for (std::size_t i = 0; i < bytes.size(); i += 8) {
                    const std::uint64_t r = random();
                    for (std::size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<std::uint8_t>(r >> (8 * j));
                }
                const std::string id = to_string(uuid_from_random_bytes(bytes));
                const std::string card = test::card_with_id(base, id);
                const auto sent = Clock::now();
                auto r = client.put("/api/v1/cards/" + id, card, key);
                if (r.status != 201) { ++failures; continue; }
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
            }
        });
    if (max_cards == 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
        stop = true;
    }
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double server_cpu = pid > 0 ? cpu_seconds(pid) - cpu_before : 0;
    const double client_cpu = cpu_seconds(::getpid()) - client_before;
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    IngestRun run;
    run.client_cpu_share = client_cpu / elapsed;
    run.cards = all.size();
    run.failures = failures;
    run.rate = static_cast<double>(all.size()) / elapsed;
    run.p50 = percentile(all, 0.50);
    run.p99 = percentile(all, 0.99);
    run.cpu_share = server_cpu / elapsed;
    run.cpu_per_card_us = 1e6 * server_cpu / static_cast<double>(std::max<std::size_t>(1, all.size()));
    return run;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}


// `bench_server --send <port> <cards> [connections]`: PUTs to a server started by hand.
int send_only(int argc, char** argv) {
    if (argc < 4) { std::fprintf(stderr, "usage: bench_server --send <port> <cards> [connections]\n"); return 2; }
    const auto port = static_cast<std::uint16_t>(std::atoi(argv[2]));
    const long cards = std::atol(argv[3]);
    const int connections = argc > 4 ? std::atoi(argv[4]) : 16;
    const IngestRun run = ingest(port, 0, connections, 0, cards);
    std::printf("%zu cards stored (%ld requests failed), %.0f cards/s, p50 %.1f ms, p99 %.1f ms\n", run.cards, run.failures, run.rate,
                run.p50, run.p99);
    return run.failures == 0 && run.cards == static_cast<std::size_t>(cards) ? 0 : 1;
}

std::unique_ptr<test::ServerProcess> start_server(const std::string& binary, const std::string& threads, std::string& dir) {
    dir = test::make_temp_dir("idekort-bench-server");
    auto server = std::make_unique<test::ServerProcess>(
        binary, std::vector<std::string>{"--data-dir", dir, "--web-root", dir, "--submission-key", key, "--rate-ip", "0", "--rate-key", "0", "--rate-key-address", "0",
                                         "--threads", threads, "--max-connections", "5000", "--max-connections-per-address", "5000",
                                         "--metrics-token", "bench-metrics-token-0001"});
    if (!server->started()) { std::fprintf(stderr, "server %s did not start:\n%s\n", binary.c_str(), server->log().c_str()); std::exit(1); }
    return server;
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--send") return send_only(argc, argv);
    if (argc < 2) { std::fprintf(stderr, "usage: bench_server <idekort-server> [seconds] [connections] [rounds] [server threads] [other binary]\n"); return 2; }
    const std::string binary = argv[1];
    const double seconds = argc > 2 ? std::atof(argv[2]) : 10;
    const int connections = argc > 3 ? std::atoi(argv[3]) : 64;
    const int rounds = argc > 4 ? std::atoi(argv[4]) : 3;
    const std::string threads = argc > 5 ? argv[5] : "2";
    const std::string other_binary = argc > 6 ? argv[6] : "";

    std::string dir, other_dir;
    auto server_ptr = start_server(binary, threads, dir);
    const test::ServerProcess& server = *server_ptr;
    std::unique_ptr<test::ServerProcess> other;
    if (!other_binary.empty()) other = start_server(other_binary, threads, other_dir);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const long idle_rss = test::rss_kib(server.pid());

    // Baselines and server runs alternate, so that a busy moment on a shared machine hurts
    // both sides alike; each figure is the median over the rounds. With a second binary, the two
    // servers take turns going first.
    std::printf("== %d rounds of: plain SQLite baselines (the server's connection settings), then %d connections PUT cards for %.0f s\n",
                rounds, connections, seconds);
    if (other) std::printf("   to each of two servers: this = %s, other = %s\n", binary.c_str(), other_binary.c_str());
    std::printf("   baselines: per-row = 1 card a transaction; 64/tx new = 10,000 cards into a new file, each one row (its contact in the body);\n"
                "   64/tx like = cards and their contact rows as the server stores them, for %.0f s into a file kept across rounds\n", seconds);
    std::printf("%-12s%9s%9s%9s%16s%8s%8s%9s%9s%17s%13s\n", "round", "per-row", "64/tx", "64/tx", "server cards/s", "ratio", "ratio", "p50 ms", "p99 ms",
                "server CPU/card", "client CPU");
    std::printf("%-12s%9s%9s%9s%16s%8s%8s\n", "", "tx/s", "new", "like", "", "(like)", "(new)");
    struct Figures { std::vector<double> rates, ratios, new_ratios, p50s, p99s, cpus; };
    Figures mine, theirs;
    std::vector<double> per_rows, batches, likes;
    InsertLoop like_loop;
    for (int r = 1; r <= rounds; ++r) {
        const double per_row = baseline(500, 1, true);
        const double batched = baseline(10000, 64, false);
        const double like = baseline_like_the_server(like_loop, seconds);
        const double best = std::max(per_row, like);
        per_rows.push_back(per_row); batches.push_back(batched); likes.push_back(like);
        const auto measure = [&](const test::ServerProcess& s, Figures& f, const char* label) {
            const IngestRun run = ingest(s.port(), s.pid(), connections, seconds);
            if (run.failures) std::printf("(%ld requests failed)\n", run.failures);
            const std::string name = std::to_string(r) + (other ? label : "");
            const double best_new = std::max(per_row, batched);
            std::printf("%-12s%9.0f%9.0f%9.0f%16.0f%7.2fx%7.2fx%9.1f%9.1f%14.0f us%12.0f%%\n", name.c_str(), per_row, batched, like, run.rate,
                        run.rate / best, run.rate / best_new, run.p50, run.p99, run.cpu_per_card_us, 100 * run.client_cpu_share);
            f.rates.push_back(run.rate); f.ratios.push_back(run.rate / best); f.new_ratios.push_back(run.rate / best_new);
            f.p50s.push_back(run.p50); f.p99s.push_back(run.p99); f.cpus.push_back(run.cpu_per_card_us);
        };
        if (other && r % 2 == 0) measure(*other, theirs, " other");
        measure(server, mine, other ? " this" : "");
        if (other && r % 2 == 1) measure(*other, theirs, " other");
    }
    const auto summary = [&](const char* name, const Figures& f) {
        std::printf("%-12s%9.0f%9.0f%9.0f%16.0f%7.2fx%7.2fx%9.1f%9.1f%14.0f us\n", name, median(per_rows), median(batches), median(likes),
                    median(f.rates), median(f.ratios), median(f.new_ratios), median(f.p50s), median(f.p99s), median(f.cpus));
    };
    summary(other ? "median this" : "median", mine);
    if (other) summary("median other", theirs);
    std::printf("targets: ratio (like) >= 0.5x the best like-for-like baseline, p99 <= 50 ms\n");
    // The WAL's file keeps the largest size it reached: a checkpoint that never catches up shows
    // here as hundreds of MB.
    const auto wal_mb = [](const std::string& d) { struct stat st{}; return ::stat((d + "/idekort.db-wal").c_str(), &st) == 0 ? static_cast<double>(st.st_size) / 1e6 : 0.0; };
    std::printf("WAL file after the runs: %.1f MB%s", wal_mb(dir), other ? " (this)" : "\n");
    if (other) std::printf(", %.1f MB (other)\n", wal_mb(other_dir));

    std::printf("\n== memory (RSS of idekort-server)\n");
    std::printf("idle after start             %10.1f MB\n", static_cast<double>(idle_rss) / 1024);
    std::printf("after the ingest run         %10.1f MB\n", static_cast<double>(test::rss_kib(server.pid())) / 1024);
    boost::asio::io_context ioc;
    std::vector<boost::asio::ip::tcp::socket> idle;
    for (int i = 0; i < 1000; ++i) {
        idle.emplace_back(ioc);
        boost::system::error_code ec;
        idle.back().connect({boost::asio::ip::make_address("127.0.0.1"), server.port()}, ec);
        if (ec) { std::fprintf(stderr, "connection %d: %s\n", i, ec.message().c_str()); return 1; }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    test::HttpClient probe(server.port());
    auto metrics = probe.get("/metrics", "bench-metrics-token-0001");
    const auto at = metrics.body.find("\nidekort_open_connections ") + 1;
    std::printf("with 1,000 idle connections  %10.1f MB (target <= 100 MB; server counts %s open)\n",
                static_cast<double>(test::rss_kib(server.pid())) / 1024,
                at == 0 ? "?" : metrics.body.substr(at + 25, metrics.body.find('\n', at) - at - 25).c_str());
    return 0;
}

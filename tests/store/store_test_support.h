// Helpers for store tests: a fresh SQLite file per test, and a way to wait for an asynchronous
// store call the way the frame loop would (deliver() until the callback ran).
#pragma once

#include "app/core/card_store.h"
#include "platform/native/sqlite_executor.h"
#include "temp_dir.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace idekort::test {

inline std::string temp_database() {
    return temp_dir("idekort-store") + "/sub/folder/idekort.db"; // the executor creates the folders
}

// The database files (the database, its -wal log and -shm index) that hold `needle` as bytes,
// read while the store is open, as anyone who takes the device away could read them.
inline std::vector<std::string> files_holding(const std::string& database, const std::string& needle) {
    std::vector<std::string> found;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::string path = database + suffix;
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) continue;
        std::string bytes;
        char buffer[65536];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) bytes.append(buffer, n);
        std::fclose(f);
        if (bytes.find(needle) != std::string::npos) found.push_back(path);
    }
    return found;
}

// Runs frames (deliver()) until `ready` is true, failing after 10 s.
template <class Ready>
void pump_until(SqlExecutor& executor, Ready ready) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ready()) {
        executor.deliver();
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
}

inline Status wait_status(SqlExecutor& executor, const std::function<void(CardStore::Done)>& call) {
    std::optional<Status> result;
    call([&](Status s) { result = std::move(s); });
    pump_until(executor, [&] { return result.has_value(); });
    return *result;
}

template <class T>
Expected<T> wait_value(SqlExecutor& executor, const std::function<void(CardStore::Then<T>)>& call) {
    std::optional<Expected<T>> result;
    call([&](Expected<T> r) { result.emplace(std::move(r)); });
    pump_until(executor, [&] { return result.has_value(); });
    return std::move(*result);
}

} // namespace idekort::test

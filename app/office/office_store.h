// OfficeStore: what the office app keeps in the device store (the runner's SqlExecutor: a SQLite
// file natively, OPFS in the browser), in its own tables beside the capture app's:
//   office_settings  the session (token, user name, role), so a reload stays signed in; signing
//                    out deletes it
//   office_pending   words typed for the server and not yet acknowledged (a close's feedback, a
//                    decision, a note, a test card), one row per key, deleted once the server
//                    answered; what is there after a crash or an expired session is offered again
#pragma once

#include "app/core/sql_executor.h"

#include <functional>
#include <map>
#include <string>

namespace idekort::office {

class OfficeStore {
public:
    explicit OfficeStore(SqlExecutor* executor) : m_executor(executor) {}
    bool available() const { return m_executor != nullptr; }

    // Creates the tables and reads both back (settings and pending) into `done`.
    void open(std::function<void(Status, std::map<std::string, std::string> settings,
                                 std::map<std::string, std::string> pending)> done);
    void save_setting(const std::string& key, const std::string& value, std::function<void(Status)> done = {});
    void forget_settings(std::function<void(Status)> done = {});
    void keep_pending(const std::string& key, const std::string& json, std::function<void(Status)> done = {});
    void drop_pending(const std::string& key, std::function<void(Status)> done = {});

private:
    void run(std::vector<SqlStatement> batch, std::function<void(Status)> done);
    SqlExecutor* m_executor;
};

} // namespace idekort::office

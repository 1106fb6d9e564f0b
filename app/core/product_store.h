// ProductStore: what a product beside the capture app (the office, the wall) keeps in the device
// store (the runner's SqlExecutor: a SQLite file natively, OPFS in the browser), in tables of its
// own named by the product ("office" -> office_settings, office_pending):
//   <product>_settings  the session (token, user name, role; the wall's open workshop), so a
//                       reload stays signed in; signing out deletes it
//   <product>_pending   words typed for the server and not yet acknowledged (the office: a close's
//                       feedback, a decision, a note, a test card), one row per key, deleted once
//                       the server answered; what is there after a crash or an expired session is
//                       offered again
#pragma once

#include "app/core/sql_executor.h"

#include <functional>
#include <map>
#include <string>
#include <utility>

namespace idekort {

class ProductStore {
public:
    // `product`: the tables' prefix, a name in code ("office", "wall"), never typed by anyone.
    ProductStore(SqlExecutor* executor, std::string product) : m_executor(executor), m_product(std::move(product)) {}
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
    std::string table(const char* kind) const { return m_product + "_" + kind; }
    SqlExecutor* m_executor;
    std::string m_product;
};

} // namespace idekort

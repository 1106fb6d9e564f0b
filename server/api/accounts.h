// Administrator accounts: the rules for a new one and making it, shared by the API
// (POST /api/v1/admin/users) and the `create-admin` command, which makes the first account
// (the API needs one to be called at all).
#pragma once

#include "common/status.h"
#include "server/store/storage.h"

#include <string>

namespace idekort::server {

// A user name of a-z, 0-9, '.', '_', '-' (1 to 64) and a password of at least 12 characters.
// `where` names the field ("username", "password").
Status check_new_account(const std::string& username, const std::string& password);

enum class AccountResult { Created, NameTaken };

// Checks the rules, hashes the password (argon2id) and stores the account. An Error whose
// `where` is "username" or "password" is the caller's to fix; any other is the server's.
Expected<AccountResult> create_account(Storage& storage, const std::string& username, const std::string& password, Role role);

} // namespace idekort::server

// Administrator accounts (see accounts.h).
#include "server/api/accounts.h"

#include "common/text.h"
#include "server/api/crypto.h"

namespace idekort::server {

Status check_new_account(const std::string& username, const std::string& password) {
    if (username.empty() || username.size() > 64) return Error{"the user name must have 1 to 64 characters", "username"};
    for (char ch : username)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return Error{"the user name may only use a-z, 0-9, '.', '_' and '-'", "username"};
    if (text::count_characters(password) < 12) return Error{"the password must have at least 12 characters", "password"};
    if (password.size() > 1024) return Error{"the password is longer than 1024 bytes", "password"};
    return {};
}

Expected<AccountResult> create_account(Storage& storage, const std::string& username, const std::string& password, Role role) {
    if (auto ok = check_new_account(username, password); !ok) return ok.error();
    AdminUser user;
    user.username = username;
    user.role = role;
    user.password_hash = crypto::hash_password(password);
    if (user.password_hash.empty()) return Error{"the password could not be hashed", "hash"};
    auto created = storage.create_user(user);
    if (!created) return Error{created.error().describe(), "store"};
    return created.value() ? AccountResult::Created : AccountResult::NameTaken;
}

} // namespace idekort::server

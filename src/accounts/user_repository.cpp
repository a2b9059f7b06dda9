#include "accounts/user_repository.hpp"

#include "accounts/principal_cache.hpp"
#include "common/clock.hpp"

namespace spotter::accounts {

namespace {

constexpr const char* kSelectUser =
    "SELECT id, email, name, phone, user_type, password_hash, email_verified, is_active, terms_agreed, "
    "privacy_agreed, marketing_agreed, created_at, updated_at, last_login_at, trainer_id FROM users ";

// Reads one user row with typed into() variables (see docs/ARCHITECTURE.md: typed reads only).
template <class Key>
std::optional<User> QueryUser(storage::Tx& tx, const std::string& where, const Key& key) {
    User user;
    long long id = 0, created_at = 0, updated_at = 0, last_login = 0, trainer = 0;
    std::string role, phone;
    int verified = 0, active = 0, terms = 0, privacy = 0, marketing = 0;
    soci::indicator phone_ind = soci::i_ok, login_ind = soci::i_ok, trainer_ind = soci::i_ok;
    soci::statement st = (tx.sql.prepare << std::string(kSelectUser) + where, soci::into(id), soci::into(user.email),
                          soci::into(user.name), soci::into(phone, phone_ind), soci::into(role),
                          soci::into(user.password_hash), soci::into(verified), soci::into(active), soci::into(terms),
                          soci::into(privacy), soci::into(marketing), soci::into(created_at), soci::into(updated_at),
                          soci::into(last_login, login_ind), soci::into(trainer, trainer_ind), soci::use(key));
    st.execute(true);
    if (!st.got_data()) return std::nullopt;
    user.id = id;
    if (phone_ind == soci::i_ok) user.phone = phone;
    user.role = ParseRole(role).value_or(Role::kMember);
    user.email_verified = verified != 0;
    user.is_active = active != 0;
    user.terms_agreed = terms != 0;
    user.privacy_agreed = privacy != 0;
    user.marketing_agreed = marketing != 0;
    user.created_at = created_at;
    user.updated_at = updated_at;
    if (login_ind == soci::i_ok) user.last_login_at = last_login;
    if (trainer_ind == soci::i_ok) user.trainer_id = trainer;
    return user;
}

}  // namespace

std::int64_t InsertUser(storage::Tx& tx, const User& user) {
    long long now = NowMicros();
    long long id = 0;
    std::string normalized = NormalizeEmail(user.email);
    std::string role = RoleName(user.role);
    int verified = user.email_verified, active = user.is_active, terms = user.terms_agreed,
        privacy = user.privacy_agreed, marketing = user.marketing_agreed;
    std::string phone = user.phone.value_or("");
    soci::indicator phone_ind = user.phone ? soci::i_ok : soci::i_null;
    tx.sql << "INSERT INTO users(email, email_normalized, name, phone, user_type, password_hash, email_verified, "
              "is_active, terms_agreed, privacy_agreed, marketing_agreed, created_at, updated_at) "
              "VALUES(:email, :normalized, :name, :phone, :role, :hash, :verified, :active, :terms, :privacy, "
              ":marketing, :created, :updated) RETURNING id",
        soci::use(user.email), soci::use(normalized), soci::use(user.name), soci::use(phone, phone_ind),
        soci::use(role), soci::use(user.password_hash), soci::use(verified), soci::use(active), soci::use(terms),
        soci::use(privacy), soci::use(marketing), soci::use(now), soci::use(now), soci::into(id);
    return id;
}

std::optional<User> FindUserByEmail(storage::Tx& tx, std::string_view email) {
    std::string normalized = NormalizeEmail(email);
    return QueryUser(tx, "WHERE email_normalized = :email", normalized);
}

std::optional<User> FindUserById(storage::Tx& tx, std::int64_t id) {
    long long key = id;
    return QueryUser(tx, "WHERE id = :id", key);
}

void UpdatePasswordHash(storage::Tx& tx, std::int64_t id, const std::string& hash) {
    long long key = id;
    long long now = NowMicros();
    tx.sql << "UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id", soci::use(hash),
        soci::use(now), soci::use(key);
}

void UpdateRole(storage::Tx& tx, std::int64_t id, Role role) {
    long long key = id;
    long long now = NowMicros();
    std::string name = RoleName(role);
    tx.sql << "UPDATE users SET user_type = :role, updated_at = :now WHERE id = :id", soci::use(name), soci::use(now),
        soci::use(key);
    tx.AfterCommit([id] { NotifyUserChanged(id); });
}

void SetActive(storage::Tx& tx, std::int64_t id, bool active) {
    long long key = id;
    long long now = NowMicros();
    int flag = active ? 1 : 0;
    tx.sql << "UPDATE users SET is_active = :active, updated_at = :now WHERE id = :id", soci::use(flag), soci::use(now),
        soci::use(key);
    tx.AfterCommit([id] { NotifyUserChanged(id); });
}

}  // namespace spotter::accounts
